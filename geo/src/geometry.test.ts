import { describe, expect, it } from 'vitest';
import { bboxCenter, bboxContains, bboxExpand, bboxIntersects, bboxOf, type BBox } from './bbox.ts';
import { pointInPolygon, type MultiPolygonGeometry, type PolygonGeometry } from './polygon.ts';
import { cumulativeDistances, pointAlongPolyline, polylineLength } from './polyline.ts';
import { haversineMeters } from './spherical.ts';

describe('polylines', () => {
  const line = [
    { lat: 0, lon: 0 },
    { lat: 0, lon: 0.01 },
    { lat: 0.01, lon: 0.01 },
  ];

  it('measures the length as the sum of its segments', () => {
    expect(polylineLength(line)).toBeCloseTo(2 * 1111.95, 0);
    expect(cumulativeDistances(line)[1]).toBeCloseTo(1111.95, 1);
    expect(polylineLength([])).toBe(0);
  });

  it('finds the point and heading at a distance along the line', () => {
    const half = pointAlongPolyline(line, 555.975);
    expect(half.point.lon).toBeCloseTo(0.005, 6);
    expect(half.heading).toBeCloseTo(90, 3);
    expect(half.segment).toBe(0);
    const second = pointAlongPolyline(line, 1111.95 + 100);
    expect(second.segment).toBe(1);
    expect(second.heading).toBeCloseTo(0, 3);
    expect(haversineMeters(line[1]!, second.point)).toBeCloseTo(100, 0);
  });

  it('clamps distances beyond the ends', () => {
    expect(pointAlongPolyline(line, -5).point).toEqual(line[0]);
    expect(pointAlongPolyline(line, 1e9).point).toEqual(line[2]);
  });

  it('rejects an empty line', () => {
    expect(() => pointAlongPolyline([], 0)).toThrow(RangeError);
  });
});

describe('bboxes', () => {
  const mvd: BBox = [-56.42, -34.94, -56.03, -34.7];

  it('bounds a set of points', () => {
    expect(bboxOf([{ lat: -34.9, lon: -56.2 }, { lat: -34.8, lon: -56.1 }])).toEqual([-56.2, -34.9, -56.1, -34.8]);
    expect(() => bboxOf([])).toThrow(RangeError);
  });

  it('tests containment, including boxes across the antimeridian', () => {
    expect(bboxContains(mvd, { lat: -34.9, lon: -56.16 })).toBe(true);
    expect(bboxContains(mvd, { lat: -34.95, lon: -54.93 })).toBe(false);
    expect(bboxContains([170, -10, -170, 10], { lat: 0, lon: 179 })).toBe(true);
    expect(bboxContains([170, -10, -170, 10], { lat: 0, lon: 0 })).toBe(false);
  });

  it('detects overlap and grows by metres', () => {
    expect(bboxIntersects([0, 0, 1, 1], [1, 1, 2, 2])).toBe(true);
    expect(bboxIntersects([0, 0, 1, 1], [1.1, 0, 2, 1])).toBe(false);
    const grown = bboxExpand([0, 0, 0, 0], 1111.95);
    expect(grown[2]).toBeCloseTo(0.01, 5);
    expect(grown[3]).toBeCloseTo(0.01, 5);
    expect(bboxCenter([0, 0, 2, 4])).toEqual({ lat: 2, lon: 1 });
  });
});

describe('pointInPolygon', () => {
  const withHole: PolygonGeometry = {
    type: 'Polygon',
    coordinates: [
      [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
      [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
  };

  it('finds points inside the outer ring but not in a hole', () => {
    expect(pointInPolygon({ lat: 2, lon: 2 }, withHole)).toBe(true);
    expect(pointInPolygon({ lat: 5, lon: 5 }, withHole)).toBe(false);
    expect(pointInPolygon({ lat: 11, lon: 5 }, withHole)).toBe(false);
  });

  it('handles concave rings', () => {
    const c: PolygonGeometry = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [2, 1], [0, 4], [0, 0]]] };
    expect(pointInPolygon({ lat: 3, lon: 2 }, c)).toBe(false);
    expect(pointInPolygon({ lat: 0.5, lon: 2 }, c)).toBe(true);
  });

  it('checks every polygon of a MultiPolygon', () => {
    const m: MultiPolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
        [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]],
      ],
    };
    expect(pointInPolygon({ lat: 5.5, lon: 5.5 }, m)).toBe(true);
    expect(pointInPolygon({ lat: 3, lon: 3 }, m)).toBe(false);
  });
});
