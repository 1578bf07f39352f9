import { describe, expect, it } from 'vitest';
import { vatioFixPayload } from '../../server/src/contracts/index.ts';
import type { Fix } from './gps-unit.ts';
import { encodeFixes, MS_TO_KNOTS, osmandParams, owntracksLocationOf, vatioFixOf, VATIO_MAX_BATCH, type DeviceIdentity } from './protocols.ts';

const fix = (t: number, over: Partial<Fix> = {}): Fix => ({
  t,
  lat: -34.9058123456,
  lon: -56.1913987654,
  speed: 12.5,
  heading: 271.26,
  acc: 7.4,
  batt: 83.6,
  ...over,
});
const device = (protocol: DeviceIdentity['protocol']): DeviceIdentity => ({
  deviceId: 'sim-d0007',
  protocol,
  secret: 's3cret-s3cret',
  owntracksUser: 'sim-c0007',
  tid: '07',
});
const t0 = Date.UTC(2026, 2, 2, 12, 0, 0);

describe('Vatio messages', () => {
  it('satisfy the server contract, in SI units with t in epoch ms', () => {
    const v = vatioFixOf(fix(t0));
    expect(vatioFixPayload.safeParse(v).success).toBe(true);
    expect(v).toEqual({ t: t0, lat: -34.905812, lon: -56.191399, speed: 12.5, heading: 271.3, acc: 7, batt: 84 });
  });

  it('keep a heading of 359.97° inside [0, 360]', () => {
    expect(vatioFixOf(fix(t0, { heading: 359.97 })).heading).toBe(0);
  });

  it('send one object for one fix on the device topic', () => {
    const [m, ...more] = encodeFixes(device('vatio'), 'http://x', [fix(t0)]);
    expect(more).toHaveLength(0);
    expect(m).toMatchObject({ transport: 'mqtt', topic: 'vatio/v1/devices/sim-d0007/fix' });
    const payload: unknown = JSON.parse(m!.transport === 'mqtt' ? m!.payload : '');
    expect(Array.isArray(payload)).toBe(false);
    expect(vatioFixPayload.safeParse(payload).success).toBe(true);
  });

  it('send a buffered burst as one JSON array, oldest first, chunked at the contract limit', () => {
    const burst = Array.from({ length: VATIO_MAX_BATCH + 5 }, (_, i) => fix(t0 + i * 1000));
    const messages = encodeFixes(device('vatio'), 'http://x', burst);
    expect(messages).toHaveLength(2);
    const arrays = messages.map((m) => (m.transport === 'mqtt' ? (JSON.parse(m.payload) as { t: number }[]) : []));
    expect(arrays.map((a) => a.length)).toEqual([VATIO_MAX_BATCH, 5]);
    for (const m of messages) expect(vatioFixPayload.safeParse(JSON.parse(m.transport === 'mqtt' ? m.payload : '')).success).toBe(true);
    const times = arrays.flat().map((f) => f.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('OwnTracks messages', () => {
  it('carry vel in km/h, tst in epoch seconds, integer cog/acc/batt and the tid', () => {
    const m = owntracksLocationOf(fix(t0 + 999), '07');
    expect(m).toEqual({ _type: 'location', lat: -34.905812, lon: -56.191399, tst: t0 / 1000, vel: 45, cog: 271, acc: 7, batt: 84, tid: '07' });
  });

  it('send a burst as several messages with older tst first, on owntracks/{user}/{device}', () => {
    const messages = encodeFixes(device('owntracks'), 'http://x', [fix(t0), fix(t0 + 5000), fix(t0 + 10_000)]);
    expect(messages).toHaveLength(3);
    const tst = messages.map((m) => {
      expect(m).toMatchObject({ transport: 'mqtt', topic: 'owntracks/sim-c0007/sim-d0007' });
      return (JSON.parse(m.transport === 'mqtt' ? m.payload : '') as { tst: number }).tst;
    });
    expect(tst).toEqual([t0 / 1000, t0 / 1000 + 5, t0 / 1000 + 10]);
  });
});

describe('OsmAnd requests', () => {
  it('carry speed in knots, timestamp in epoch seconds and the secret as key', () => {
    const p = osmandParams(fix(t0), 'sim-d0007', 's3cret-s3cret');
    expect(Number(p.get('speed'))).toBeCloseTo(12.5 * MS_TO_KNOTS, 2);
    expect(Number(p.get('speed'))).toBeCloseTo(24.3, 1);
    expect(p.get('timestamp')).toBe(String(t0 / 1000));
    expect(p.get('id')).toBe('sim-d0007');
    expect(p.get('key')).toBe('s3cret-s3cret');
    expect(p.get('bearing')).toBe('271.3');
    expect(p.get('accuracy')).toBe('7');
    expect(p.get('batt')).toBe('84');
  });

  it('go as one GET per fix to {baseUrl}/ingest/osmand, oldest first', () => {
    const messages = encodeFixes(device('osmand'), 'http://localhost:8080/', [fix(t0), fix(t0 + 1000)]);
    const urls = messages.map((m) => (m.transport === 'http' ? new URL(m.url) : null));
    expect(urls.map((u) => u?.pathname)).toEqual(['/ingest/osmand', '/ingest/osmand']);
    expect(urls.map((u) => u?.origin)).toEqual(['http://localhost:8080', 'http://localhost:8080']);
    expect(urls.map((u) => Number(u?.searchParams.get('timestamp')))).toEqual([t0 / 1000, t0 / 1000 + 1]);
  });
});
