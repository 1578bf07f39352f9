import { describe, expect, it } from 'vitest';
import { haversineMeters } from './spherical.ts';
import { loadStreetGraph, type StreetGraphJson } from './street-graph.ts';
import { MONTEVIDEO_PEAK_HOURS, NetworkTravelTimeProvider, peakFactor, StraightLineTravelTimeProvider, TRAVEL_TIME_SOURCES, travelTimeTable, type TravelTimeProvider } from './travel-time.ts';

const centro = { lat: -34.9058, lon: -56.1913 };
const pocitos = { lat: -34.9106, lon: -56.1506 };
const salto = { lat: -31.3833, lon: -57.95 };

describe('peakFactor', () => {
  it('slows weekday rush hours in Montevideo local time (UTC−3)', () => {
    expect(peakFactor(new Date('2026-03-02T11:00:00Z'), MONTEVIDEO_PEAK_HOURS)).toBe(0.7); // Mon 08:00
    expect(peakFactor(new Date('2026-03-02T15:00:00Z'), MONTEVIDEO_PEAK_HOURS)).toBe(1); // Mon 12:00
    expect(peakFactor(new Date('2026-03-07T11:00:00Z'), MONTEVIDEO_PEAK_HOURS)).toBe(1); // Sat 08:00
    expect(peakFactor(undefined, MONTEVIDEO_PEAK_HOURS)).toBe(1);
  });
});

describe('StraightLineTravelTimeProvider', () => {
  it('returns a row-major matrix of distance × 1.3 at 30 km/h', async () => {
    const tt = new StraightLineTravelTimeProvider();
    const m = await tt.matrix([centro, pocitos], [centro, pocitos, salto]);
    expect(m).toHaveLength(6);
    expect(m[0]).toBe(0);
    expect(m[1]).toBeCloseTo((haversineMeters(centro, pocitos) * 1.3) / (30 / 3.6), 6);
    expect(m[3]).toBeCloseTo(m[1]!, 6);
    expect(m[5]).toBeCloseTo((haversineMeters(pocitos, salto) * 1.3) / (30 / 3.6), 6);
  });

  it('is slower at peak hours and honours its configuration', async () => {
    const tt = new StraightLineTravelTimeProvider({ speedKmh: 60, detourFactor: 1 });
    const off = (await tt.matrix([centro], [pocitos]))[0]!;
    const peak = (await tt.matrix([centro], [pocitos], { departAt: new Date('2026-03-02T21:00:00Z') }))[0]!;
    expect(off).toBeCloseTo(haversineMeters(centro, pocitos) / (60 / 3.6), 6);
    expect(peak).toBeCloseTo(off / 0.7, 6);
    expect(() => new StraightLineTravelTimeProvider({ detourFactor: 0.5 })).toThrow(RangeError);
  });
});

describe('NetworkTravelTimeProvider', () => {
  // a straight street of 10 nodes, 100 m apart, plus a long detour between its ends
  const line: StreetGraphJson = {
    nodes: Array.from({ length: 10 }, (_, i) => [`n${i}`, -56.2 + i * 0.0011, -34.9] as const),
    edges: Array.from({ length: 9 }, (_, i) => [i, i + 1, 100.3] as const),
  };
  const graph = loadStreetGraph(line);

  it('uses the network inside the graph, plus access legs', async () => {
    const tt = new NetworkTravelTimeProvider({ graph, peakHours: null });
    const a = { lat: -34.9, lon: -56.2 };
    const b = { lat: -34.9, lon: -56.2 + 9 * 0.0011 };
    const m = await tt.matrix([a], [b, a]);
    // 9 arcs of ≥ 100.3 m at 30 km/h
    expect(m[0]).toBeGreaterThanOrEqual((9 * 100.3) / (30 / 3.6) - 1e-6);
    expect(m[0]).toBeLessThan((9 * 100.3) / (30 / 3.6) + 5);
    expect(m[1]).toBe(0);
  });

  it('falls back to straight line outside the graph', async () => {
    const fallback = new StraightLineTravelTimeProvider({ peakHours: null });
    const tt = new NetworkTravelTimeProvider({ graph, fallback, peakHours: null });
    const inside = { lat: -34.9, lon: -56.2 };
    const m = await tt.matrix([inside, salto], [salto, inside]);
    expect(m[0]).toBeCloseTo(fallback.seconds(inside, salto), 6);
    expect(m[1]).toBe(0);
    expect(m[2]).toBe(0);
    expect(m[3]).toBeCloseTo(fallback.seconds(salto, inside), 6);
  });
});

describe('travelTimeTable', () => {
  it('uses a provider\'s own table, or attributes a bare matrix to the provider', async () => {
    const straight = new StraightLineTravelTimeProvider({ peakHours: null });
    const own = await travelTimeTable(straight, [centro], [pocitos, salto]);
    expect([...own.source].map((c) => TRAVEL_TIME_SOURCES[c])).toEqual(['straight', 'straight']);
    const bare: TravelTimeProvider = { matrix: (o, d) => straight.matrix(o, d) };
    const t = await travelTimeTable(bare, [centro], [pocitos], { fallbackName: 'network' });
    expect(t.seconds[0]).toBeCloseTo(straight.seconds(centro, pocitos), 6);
    expect(TRAVEL_TIME_SOURCES[t.source[0]!]).toBe('network');
  });

  it('gives 0 s between a point and itself on the street graph, not twice the walk to the nearest node', async () => {
    const line = {
      nodes: Array.from({ length: 3 }, (_, i) => [`n${i}`, -56.2 + i * 0.0011, -34.9] as const),
      edges: [
        [0, 1, 100.3],
        [1, 2, 100.3],
      ] as const,
    };
    const tt = new NetworkTravelTimeProvider({ graph: loadStreetGraph(line), peakHours: null });
    const off = { lat: -34.9003, lon: -56.1995 }; // ~35 m from the nearest node
    const m = await tt.matrix([off], [off, { lat: -34.9, lon: -56.1978 }]);
    expect(m[0]).toBe(0);
    expect(m[1]).toBeGreaterThan(0);
  });
});
