import { describe, expect, it } from 'vitest';
import type { VehicleLive } from '../contracts.ts';
import { applyPositions, createLiveState } from './live-state.ts';
import { buildTrailRows, buildVehicleRows, declutterLabels, departmentLabelRows, iconSizeForZoom, showLabels, statusColors, visibleLabelRows } from './deck-data.ts';

const t0 = Date.parse('2026-03-01T12:00:00Z');
const thresholds = { onlineSeconds: 60, offlineSeconds: 600 };

function fix(id: string, secondsAfterT0: number, lon: number, extra: Partial<VehicleLive> = {}): VehicleLive {
  return {
    vehicleId: id,
    label: `Móvil ${id}`,
    crewId: null,
    crewName: null,
    deviceId: `dev-${id}`,
    lat: -34.9,
    lon,
    speed: null,
    heading: 90,
    accuracy: null,
    battery: null,
    fixTime: new Date(t0 + secondsAfterT0 * 1000).toISOString(),
    receivedAt: new Date(t0 + secondsAfterT0 * 1000).toISOString(),
    status: 'online',
    ...extra,
  };
}

describe('buildVehicleRows', () => {
  it('colours by the age of the fix, with no message needed, and counts by status', () => {
    const s = createLiveState(thresholds);
    applyPositions(s, [fix('fresh', 0, -56.1), fix('stale', -120, -56.2), fix('old', -3600, -56.3)]);
    const { rows, counts } = buildVehicleRows(s.vehicles.values(), t0 + 10_000, thresholds);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ fresh: 'online', stale: 'unknown', old: 'offline' });
    expect(rows.find((r) => r.id === 'stale')?.color).toEqual(statusColors.unknown);
    expect(counts).toEqual({ online: 1, unknown: 1, offline: 1, total: 3 });
  });

  it('turns a clockwise heading into deck.gl\'s counter-clockwise angle, and marks missing headings', () => {
    const s = createLiveState(thresholds);
    applyPositions(s, [fix('east', 0, -56.1, { heading: 90 }), fix('none', 0, -56.2, { heading: null })]);
    const { rows } = buildVehicleRows(s.vehicles.values(), t0, thresholds);
    expect(rows.find((r) => r.id === 'east')).toMatchObject({ angle: -90, hasHeading: true });
    expect(rows.find((r) => r.id === 'none')).toMatchObject({ hasHeading: false });
  });

  it('labels a vehicle by its crew, else by its own label', () => {
    const s = createLiveState(thresholds);
    applyPositions(s, [fix('a', 0, -56.1, { crewName: 'Cuadrilla Norte' }), fix('b', 0, -56.2)]);
    const { rows } = buildVehicleRows(s.vehicles.values(), t0, thresholds);
    expect(rows.map((r) => r.label)).toEqual(['Cuadrilla Norte', 'Móvil b']);
  });

  it('keeps an explicit offline from the server even with a recent fix', () => {
    const s = createLiveState(thresholds);
    applyPositions(s, [fix('a', 0, -56.1, { status: 'offline' })]);
    expect(buildVehicleRows(s.vehicles.values(), t0 + 1000, thresholds).rows[0]?.status).toBe('offline');
  });
});

describe('buildTrailRows', () => {
  it('draws the points inside the window, fading the status colour, and skips single points', () => {
    const s = createLiveState(thresholds);
    applyPositions(s, [fix('a', 0, -56.1), fix('a', 10, -56.11), fix('a', 20, -56.12), fix('b', 20, -56.2)]);
    const rows = buildTrailRows(s, t0 + 25_000, 20_000);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.path).toEqual([[-56.11, -34.9], [-56.12, -34.9]]);
    expect(rows[0]?.color[3]).toBeLessThan(255);
  });
});

describe('visibleLabelRows', () => {
  it('keeps vehicles inside the bounds up to the cap, the selected one first', () => {
    const s = createLiveState(thresholds);
    applyPositions(s, [fix('a', 0, -56.1), fix('b', 0, -56.2), fix('c', 0, -56.3), fix('far', 0, -50)]);
    const { rows } = buildVehicleRows(s.vehicles.values(), t0, thresholds);
    const out = visibleLabelRows(rows, [-57, -35, -56, -34], 2, 'c');
    expect(out.map((r) => r.id)).toEqual(['c', 'a']);
  });
});

describe('departmentLabelRows', () => {
  it('turns label points into text rows', () => {
    expect(departmentLabelRows([{ name: 'Paysandú', lon: -57.4, lat: -32.1 }])).toEqual([{ text: 'Paysandú', position: [-57.4, -32.1] }]);
  });
});

describe('declutterLabels', () => {
  it('drops a label that would overlap one already placed, keeping the first (selected) one', () => {
    const rows = [
      { id: 'sel', label: 'Cuadrilla Norte', position: [0, 0] as [number, number] },
      { id: 'near', label: 'Cuadrilla Sur', position: [10, 5] as [number, number] },
      { id: 'far', label: 'Cuadrilla Este', position: [400, 0] as [number, number] },
    ];
    const out = declutterLabels(rows, { project: ([x, y]) => ({ x, y }), fontSize: 13, offsetY: 16, max: 10 });
    expect(out.map((r) => r.id)).toEqual(['sel', 'far']);
  });
  it('stops at the cap', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ label: 'x', position: [i * 100, 0] as [number, number] }));
    expect(declutterLabels(rows, { project: ([x, y]) => ({ x, y }), fontSize: 13, offsetY: 0, max: 2 })).toHaveLength(2);
  });
});

describe('iconSizeForZoom and showLabels', () => {
  it('shrinks icons when zoomed out and grows them in wall mode', () => {
    expect(iconSizeForZoom(5, false)).toBe(12);
    expect(iconSizeForZoom(14, false)).toBe(28);
    expect(iconSizeForZoom(14, true)).toBe(39);
    expect(iconSizeForZoom(9.5, false)).toBeGreaterThan(12);
  });
  it('shows names when zoomed in or when few vehicles are on screen', () => {
    expect(showLabels(10, 40)).toBe(true);
    expect(showLabels(10, 4000)).toBe(false);
    expect(showLabels(13, 4000)).toBe(true);
  });
});
