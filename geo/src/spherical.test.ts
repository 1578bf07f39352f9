import { describe, expect, it } from 'vitest';
import { destinationPoint, haversineMeters, initialBearing, interpolate } from './spherical.ts';
import { normalizeBearing, normalizeLongitude } from './lat-lon.ts';

// GeoNames coordinates (shared/reference/geo/uy-localities.geonames-cities1000.tsv)
const montevideo = { lat: -34.90328, lon: -56.18816 };
const puntaDelEste = { lat: -34.94747, lon: -54.93382 };
const salto = { lat: -31.38333, lon: -57.96667 };

describe('haversineMeters', () => {
  it('puts Montevideo about 115 km from Punta del Este in a straight line', () => {
    const d = haversineMeters(montevideo, puntaDelEste);
    expect(d).toBeGreaterThan(110_000);
    expect(d).toBeLessThan(130_000);
    expect(d).toBeCloseTo(114_461, -2);
  });

  it('matches the textbook London–Paris figure (≈ 343.5 km)', () => {
    expect(haversineMeters({ lat: 51.5074, lon: -0.1278 }, { lat: 48.8566, lon: 2.3522 })).toBeCloseTo(343_556, -2);
  });

  it('gives 111.195 km for one degree of longitude on the equator', () => {
    expect(haversineMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111_195, 0);
  });

  it('is symmetric and zero for the same point', () => {
    expect(haversineMeters(montevideo, salto)).toBeCloseTo(haversineMeters(salto, montevideo), 6);
    expect(haversineMeters(montevideo, montevideo)).toBe(0);
  });

  it('handles antipodes without NaN', () => {
    expect(haversineMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6_371_008.8, 0);
  });
});

describe('initialBearing', () => {
  it('gives the cardinal directions', () => {
    const o = { lat: 0, lon: 0 };
    expect(initialBearing(o, { lat: 1, lon: 0 })).toBeCloseTo(0, 6);
    expect(initialBearing(o, { lat: 0, lon: 1 })).toBeCloseTo(90, 6);
    expect(initialBearing(o, { lat: -1, lon: 0 })).toBeCloseTo(180, 6);
    expect(initialBearing(o, { lat: 0, lon: -1 })).toBeCloseTo(270, 6);
  });

  it('heads roughly east-south-east from Montevideo to Punta del Este', () => {
    const b = initialBearing(montevideo, puntaDelEste);
    expect(b).toBeGreaterThan(90);
    expect(b).toBeLessThan(100);
  });
});

describe('destinationPoint', () => {
  it('round-trips with haversine and bearing', () => {
    for (const bearing of [0, 45, 133, 270, 359]) {
      const p = destinationPoint(montevideo, bearing, 25_000);
      expect(haversineMeters(montevideo, p)).toBeCloseTo(25_000, 3);
      const diff = Math.abs(((initialBearing(montevideo, p) - bearing + 540) % 360) - 180);
      expect(diff).toBeLessThan(1e-6);
    }
  });

  it('wraps longitude across the antimeridian', () => {
    const p = destinationPoint({ lat: 0, lon: 179.9 }, 90, 50_000);
    expect(p.lon).toBeLessThan(-179);
  });
});

describe('interpolate and normalisation', () => {
  it('interpolates linearly', () => {
    expect(interpolate({ lat: 0, lon: 0 }, { lat: 2, lon: 4 }, 0.5)).toEqual({ lat: 1, lon: 2 });
  });

  it('normalises bearings and longitudes', () => {
    expect(normalizeBearing(-90)).toBe(270);
    expect(normalizeBearing(720)).toBe(0);
    expect(normalizeLongitude(190)).toBe(-170);
  });
});
