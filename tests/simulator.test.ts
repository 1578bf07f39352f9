import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveResponse } from '../server/src/contracts/index.ts';
import { startSimulator } from '../simulator/src/index.ts';
import { startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const fleet = (s: TestServer) => ({
  baseUrl: s.vatio.httpUrl,
  mqttUrl: s.vatio.mqttUrl,
  token: s.adminToken,
  vehicles: 12,
  rate: 1,
  seed: 7,
  prefix: 'simt',
  protocolMix: { vatio: 1, owntracks: 1, osmand: 1 },
  logger: silent,
});

// The simulator against the real server: registration through the API, the three protocols
// through the real broker and HTTP ingest, every fix accepted.
describe('simulator → server', () => {
  let t: TestEnv;
  let s: TestServer;
  beforeAll(async () => {
    t = await testEnv();
    s = await startTestServer(t);
  });
  afterAll(async () => {
    await s?.stop();
    await t?.cleanup();
  });

  const metric = (name: string, labels: Record<string, string> = {}) => s.vatio.metrics.counter(name, '').get(labels);

  it('registers a fleet and drives it over all three protocols with nothing dropped', async () => {
    const sim = await startSimulator(fleet(s));
    try {
      const live = await waitFor(
        'all 12 online',
        async () => {
          const r = await s.api<LiveResponse>('GET', '/api/v1/vehicles/live', undefined, s.adminToken);
          return r.body.vehicles.filter((v) => v.vehicleId.startsWith('simt') && v.status === 'online').length === 12 ? r.body : null;
        },
        60_000,
      );
      expect(new Set(live.vehicles.map((v) => v.crewName)).size).toBe(12);
      await waitFor('fixes from every protocol', async () =>
        (['vatio', 'owntracks', 'osmand'] as const).every((p) => metric('vatio_ingest_fixes_total', { protocol: p }) >= 6),
      60_000);
      expect(s.vatio.metrics.counter('vatio_ingest_dropped_total', '').total()).toBe(0);
    } finally {
      await sim.stop();
    }
  });

  it('restarts with the same ids: existing units get new secrets and keep reporting', async () => {
    const before = s.vatio.metrics.counter('vatio_ingest_accepted_total', '').total();
    const sim = await startSimulator(fleet(s));
    try {
      await waitFor('24 more fixes', async () => s.vatio.metrics.counter('vatio_ingest_accepted_total', '').total() >= before + 24, 60_000);
      const devices = await s.api<{ devices: { id: string }[] }>('GET', '/api/v1/devices', undefined, s.adminToken);
      expect(devices.body.devices.filter((d) => d.id.startsWith('simt'))).toHaveLength(12);
    } finally {
      await sim.stop();
    }
  });
});
