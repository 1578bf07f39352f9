import { describe, expect, it } from 'vitest';
import type { LiveResponse, VehicleLive } from '../contracts.ts';
import { applyLiveSnapshot, applyPositions, applyStatusChanges, createLiveState, pruneTrails } from './live-state.ts';

const t0 = Date.parse('2026-03-01T12:00:00Z');

function fix(id: string, secondsAfterT0: number, lon = -56.16, lat = -34.9, extra: Partial<VehicleLive> = {}): VehicleLive {
  return {
    vehicleId: id,
    label: `Camioneta ${id}`,
    crewId: 'c1',
    crewName: 'Cuadrilla 1',
    deviceId: `dev-${id}`,
    lat,
    lon,
    speed: 10,
    heading: 90,
    accuracy: 5,
    battery: 80,
    fixTime: new Date(t0 + secondsAfterT0 * 1000).toISOString(),
    receivedAt: new Date(t0 + secondsAfterT0 * 1000 + 300).toISOString(),
    status: 'online',
    ...extra,
  };
}

const opts = { maxPoints: 3, maxAgeMs: 60_000 };

describe('applyPositions', () => {
  it('adds new vehicles and moves known ones', () => {
    const s = createLiveState();
    applyPositions(s, [fix('a', 0), fix('b', 0)], opts);
    const moved = applyPositions(s, [fix('a', 5, -56.15)], opts);
    expect(moved).toBe(1);
    expect(s.vehicles.size).toBe(2);
    expect(s.vehicles.get('a')?.live.lon).toBe(-56.15);
    expect(s.vehicles.get('a')?.trail.map((p) => p.lon)).toEqual([-56.16, -56.15]);
  });

  it('never moves a vehicle backwards for an older fix, but files it in the trail in time order', () => {
    const s = createLiveState();
    applyPositions(s, [fix('a', 0, -56.1), fix('a', 10, -56.3)], opts);
    const moved = applyPositions(s, [fix('a', 5, -56.2)], opts);
    expect(moved).toBe(0);
    const a = s.vehicles.get('a');
    expect(a?.live.lon).toBe(-56.3);
    expect(a?.fixMs).toBe(t0 + 10_000);
    expect(a?.trail.map((p) => p.lon)).toEqual([-56.1, -56.2, -56.3]);
  });

  it('caps the trail per vehicle, keeping the newest points', () => {
    const s = createLiveState();
    for (let i = 0; i < 10; i++) applyPositions(s, [fix('a', i, -56 - i / 100)], opts);
    const trail = s.vehicles.get('a')?.trail ?? [];
    expect(trail).toHaveLength(3);
    expect(trail.map((p) => p.t)).toEqual([7, 8, 9].map((i) => t0 + i * 1000));
  });

  it('ignores a repeated fix and one with an unreadable time', () => {
    const s = createLiveState();
    applyPositions(s, [fix('a', 0)], opts);
    applyPositions(s, [fix('a', 0), { ...fix('a', 1), fixTime: 'not a time' }], opts);
    expect(s.vehicles.get('a')?.trail).toHaveLength(1);
  });

  it('bumps the version so renderers know to redraw', () => {
    const s = createLiveState();
    const before = s.version;
    applyPositions(s, [fix('a', 0)], opts);
    expect(s.version).toBeGreaterThan(before);
  });
});

describe('applyStatusChanges', () => {
  it('records what the server says and ignores vehicles it does not know', () => {
    const s = createLiveState();
    applyPositions(s, [fix('a', 0)], opts);
    applyStatusChanges(s, [{ vehicleId: 'a', status: 'offline' }, { vehicleId: 'zz', status: 'online' }]);
    expect(s.vehicles.get('a')?.serverStatus).toBe('offline');
    expect(s.vehicles.has('zz')).toBe(false);
  });
});

describe('applyLiveSnapshot', () => {
  it('takes thresholds and clock offset, drops vehicles gone from the fleet and keeps trails of the rest', () => {
    const s = createLiveState();
    applyPositions(s, [fix('a', 0), fix('gone', 0)], opts);
    const res: LiveResponse = {
      vehicles: [fix('a', 4, -56.2)],
      thresholds: { onlineSeconds: 30, offlineSeconds: 300 },
      serverTime: new Date(t0 + 5000).toISOString(),
    };
    applyLiveSnapshot(s, res, t0 + 3000, opts);
    expect(s.thresholds).toEqual({ onlineSeconds: 30, offlineSeconds: 300 });
    expect(s.clockOffsetMs).toBe(2000);
    expect([...s.vehicles.keys()]).toEqual(['a']);
    expect(s.vehicles.get('a')?.trail).toHaveLength(2);
  });
});

describe('pruneTrails', () => {
  it('drops points older than the window', () => {
    const s = createLiveState();
    applyPositions(s, [fix('a', 0), fix('a', 50), fix('a', 100)], { maxPoints: 10, maxAgeMs: 60_000 });
    pruneTrails(s, t0 + 100_000, { maxPoints: 10, maxAgeMs: 60_000 });
    expect(s.vehicles.get('a')?.trail.map((p) => p.t)).toEqual([t0 + 50_000, t0 + 100_000]);
  });
});
