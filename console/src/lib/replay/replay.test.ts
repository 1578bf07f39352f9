import { describe, expect, it } from 'vitest';
import { playedPath, positionAt, type TrackPoint } from './track.ts';
import { createClock, fraction, pause, play, seek, setSpeed, tick, timeAt } from './clock.ts';
import { eventIndexAt, eventPosition, tickGroups } from './events.ts';
import { buildReplayQuery, defaultRange, fromZoneInput, toZoneInput } from './query.ts';

const track: TrackPoint[] = [
  [1000, -56.0, -34.0, 5, 90],
  [2000, -55.0, -34.0, 5, null],
  [4000, -55.0, -33.0, null, null],
];

describe('positionAt', () => {
  it('knows nothing before the first fix', () => {
    expect(positionAt(track, 999)).toBeNull();
    expect(positionAt([], 1000)).toBeNull();
  });
  it('interpolates between the fixes around the time', () => {
    expect(positionAt(track, 1500)).toEqual({ lon: -55.5, lat: -34, heading: 90 });
    const p = positionAt(track, 3000);
    expect(p?.lon).toBeCloseTo(-55);
    expect(p?.lat).toBeCloseTo(-33.5);
    expect(p?.heading).toBeCloseTo(0); // northwards, from the direction of travel
  });
  it('is exactly on a fix at its time', () => {
    expect(positionAt(track, 2000)).toMatchObject({ lon: -55, lat: -34 });
  });
  it('stays at the last fix after the track ends', () => {
    expect(positionAt(track, 99_000)).toMatchObject({ lon: -55, lat: -33 });
  });
  it('draws the driven part up to the interpolated position', () => {
    expect(playedPath(track, 500)).toEqual([]);
    expect(playedPath(track, 1500)).toEqual([
      [-56, -34],
      [-55.5, -34],
    ]);
    expect(playedPath(track, 1500, [[-56, -34], [-55, -34], [-55, -33]])).toEqual(playedPath(track, 1500));
    expect(playedPath(track, 2000)).toEqual([
      [-56, -34],
      [-55, -34],
    ]);
  });
});

describe('playback clock', () => {
  const c0 = createClock({ from: 0, to: 100_000, speed: 10, wall: 0 });
  it('stands still while paused', () => {
    expect(timeAt(c0, 5000)).toBe(0);
  });
  it('advances at its speed while playing and pauses where it is', () => {
    const c = play(c0, 1000);
    expect(timeAt(c, 2000)).toBe(10_000);
    const p = pause(c, 3000);
    expect(p.playing).toBe(false);
    expect(timeAt(p, 9000)).toBe(20_000);
  });
  it('keeps the time when the speed changes', () => {
    const c = setSpeed(play(c0, 0), 60, 1000);
    expect(c.t).toBe(10_000);
    expect(timeAt(c, 2000)).toBe(70_000);
  });
  it('clamps seeks and playback to the range and stops at the end', () => {
    expect(seek(c0, -5, 0).t).toBe(0);
    expect(seek(c0, 1e9, 0).t).toBe(100_000);
    const end = tick(play(c0, 0), 60_000);
    expect(end.t).toBe(100_000);
    expect(end.playing).toBe(false);
    expect(play(end, 61_000).t).toBe(0); // play again from the start
  });
  it('places a time on the scrubber', () => {
    expect(fraction(c0, 25_000)).toBe(0.25);
    expect(fraction(c0, -1)).toBe(0);
  });
});

describe('events', () => {
  const times = [10, 20, 20, 30];
  it('finds the latest event at or before a time', () => {
    expect(eventIndexAt(times, 5)).toBe(-1);
    expect(eventIndexAt(times, 10)).toBe(0);
    expect(eventIndexAt(times, 25)).toBe(2);
    expect(eventIndexAt(times, 99)).toBe(3);
  });
  it('places an event at the crew when known, else at the order', () => {
    const base = { at: '', crewLat: null, crewLon: null, orderLat: -34.9, orderLon: -56.1 };
    expect(eventPosition(base)).toEqual([-56.1, -34.9]);
    expect(eventPosition({ ...base, crewLat: -34.8, crewLon: -56.2 })).toEqual([-56.2, -34.8]);
    expect(eventPosition({ ...base, orderLat: null, orderLon: null })).toBeNull();
  });
  it('shares one timeline tick between events too close to tell apart', () => {
    expect(tickGroups([0, 5, 50, 100], { from: 0, to: 100 }, 0.01)).toEqual([
      { first: 0, count: 1, at: 0 },
      { first: 1, count: 1, at: 0.05 },
      { first: 2, count: 1, at: 0.5 },
      { first: 3, count: 1, at: 1 },
    ]);
    expect(tickGroups([10, 10.5, 11, 90], { from: 0, to: 100 }, 0.01)).toEqual([
      { first: 0, count: 3, at: 0.1 },
      { first: 3, count: 1, at: 0.9 },
    ]);
  });
});

describe('replay query', () => {
  const from = Date.parse('2026-11-28T10:00:00Z');
  it('sends the range and the crew', () => {
    const r = buildReplayQuery({ from, to: from + 3_600_000, target: { kind: 'crew', crewId: 'c-rp' } });
    expect(r).toEqual({ ok: true, query: 'from=2026-11-28T10%3A00%3A00.000Z&to=2026-11-28T11%3A00%3A00.000Z&crewId=c-rp' });
  });
  it('sends an area as w,s,e,n', () => {
    const r = buildReplayQuery({ from, to: from + 1000, target: { kind: 'area', bbox: [-56.2, -34.95, -56.1, -34.85] } });
    expect(r.ok && new URLSearchParams(r.query).get('bbox')).toBe('-56.20000,-34.95000,-56.10000,-34.85000');
  });
  it('sends only the order id for an order (the server takes its span)', () => {
    expect(buildReplayQuery({ from: NaN, to: NaN, target: { kind: 'order', orderId: ' ot-0000001 ' } })).toEqual({ ok: true, query: 'orderId=OT-0000001' });
    expect(buildReplayQuery({ from, to: from + 1, target: { kind: 'order', orderId: 'OT-12' } })).toMatchObject({ ok: false, error: 'order' });
  });
  it('refuses from after to, more than 24 h, and missing targets', () => {
    const crew = { kind: 'crew', crewId: 'c1' } as const;
    expect(buildReplayQuery({ from, to: from, target: crew })).toMatchObject({ ok: false, field: 'to', error: 'range-order' });
    expect(buildReplayQuery({ from, to: from + 24 * 3_600_000, target: crew }).ok).toBe(true);
    expect(buildReplayQuery({ from, to: from + 24 * 3_600_000 + 1, target: crew })).toMatchObject({ ok: false, error: 'range-long' });
    expect(buildReplayQuery({ from: NaN, to: from, target: crew })).toMatchObject({ ok: false, field: 'from' });
    expect(buildReplayQuery({ from, to: from + 1, target: { kind: 'crew', crewId: ' ' } })).toMatchObject({ ok: false, error: 'crew' });
    expect(buildReplayQuery({ from, to: from + 1, target: { kind: 'area', bbox: null } })).toMatchObject({ ok: false, error: 'bbox' });
  });
  it('reads and writes form times in Montevideo (UTC−3), whatever the browser zone', () => {
    expect(toZoneInput(from)).toBe('2026-11-28T07:00');
    expect(fromZoneInput('2026-11-28T07:00')).toBe(from);
    expect(fromZoneInput('nonsense')).toBeNaN();
  });
  it('opens on the last two hours', () => {
    const r = defaultRange(from + 30_000);
    expect(r.to).toBe(from + 60_000);
    expect(r.to - r.from).toBe(2 * 3_600_000);
  });
});
