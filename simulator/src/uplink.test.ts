import { describe, expect, it } from 'vitest';
import type { Fix } from './gps-unit.ts';
import { createRng } from './rng.ts';
import { Uplink } from './uplink.ts';

const fixAt = (s: number): Fix => ({ t: s * 1000, lat: -34.9, lon: -56.2, speed: 0, heading: 0, acc: 5, batt: 90 });

describe('Uplink', () => {
  it('passes fixes straight through while the link is up', () => {
    const up = new Uplink({ rng: createRng(1), meanSecondsBetweenDropouts: Infinity });
    for (let s = 0; s < 100; s++) expect(up.offer(fixAt(s))).toEqual([fixAt(s)]);
    expect(up.buffered).toBe(0);
  });

  it('buffers during a drop-out and sends the burst oldest first, ending with the newest fix', () => {
    const up = new Uplink({ rng: createRng(1), meanSecondsBetweenDropouts: Infinity });
    up.offer(fixAt(0));
    up.dropFor(10.5);
    const during: Fix[][] = [];
    let s = 1;
    for (; s <= 10; s++) during.push(up.offer(fixAt(s)));
    expect(during.every((x) => x.length === 0)).toBe(true);
    expect(up.online).toBe(false);
    expect(up.buffered).toBe(10);
    const burst = up.offer(fixAt(s));
    expect(burst.map((f) => f.t / 1000)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(up.buffered).toBe(0);
    expect(up.offer(fixAt(12))).toHaveLength(1);
  });

  it('drops the oldest fixes beyond its buffer size', () => {
    const up = new Uplink({ rng: createRng(1), meanSecondsBetweenDropouts: Infinity, maxBuffer: 5 });
    up.dropFor(100);
    for (let s = 1; s <= 20; s++) up.offer(fixAt(s));
    expect(up.buffered).toBe(5);
    expect(up.dropped).toBe(15);
    up.dropFor(0);
    expect(up.offer(fixAt(200)).map((f) => f.t / 1000)).toEqual([16, 17, 18, 19, 20, 200]);
  });

  it('has drop-outs now and then at the configured mean rate', () => {
    const up = new Uplink({ rng: createRng(9), meanSecondsBetweenDropouts: 600, dropoutSeconds: [30, 60] });
    let offlineSeconds = 0;
    let bursts = 0;
    for (let s = 0; s < 24 * 3600; s++) {
      const out = up.offer(fixAt(s));
      if (out.length === 0) offlineSeconds++;
      if (out.length > 1) bursts++;
    }
    // ≈ 144 drop-outs of ≈ 45 s in a day
    expect(bursts).toBeGreaterThan(100);
    expect(bursts).toBeLessThan(200);
    expect(offlineSeconds / (24 * 3600)).toBeGreaterThan(0.04);
    expect(offlineSeconds / (24 * 3600)).toBeLessThan(0.15);
  });
});
