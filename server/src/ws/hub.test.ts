import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage, VehicleLive } from '../contracts/index.ts';
import { Metrics } from '../infra/metrics.ts';
import { createLogger } from '../logger.ts';
import { WsHub } from './hub.ts';

const v = (id: string, t: number): VehicleLive => ({
  vehicleId: id, label: id, crewId: null, crewName: null, deviceId: id, lat: -34.9, lon: -56.1,
  speed: null, heading: null, accuracy: null, battery: null, fixTime: new Date(t).toISOString(), receivedAt: new Date(t).toISOString(), status: 'online',
});

describe('WebSocket hub', () => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());

  it('never sends an older position after a newer one for the same vehicle', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const user = { id: 1, username: 'd', displayName: 'd', roles: ['dispatcher' as const] };
    const hub = new WsHub({ server, authenticate: async () => user, crewsOfUser: async () => [], coalesceMs: 20, log: createLogger({ LOG_LEVEL: 'silent' }), metrics: new Metrics() });
    hub.start();
    close = async () => {
      await hub.close();
      await new Promise((r) => server.close(r));
    };
    const port = (server.address() as { port: number }).port;
    const got: VehicleLive[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=x`);
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as ServerMessage;
      if (m.type === 'positions') got.push(...m.data);
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'all' } }));
    await new Promise((r) => setTimeout(r, 50));
    // two instances' publications arrive out of order within one tick, then across ticks
    hub.positions([v('a', 5000)]);
    hub.positions([v('a', 3000)]);
    await new Promise((r) => setTimeout(r, 60));
    hub.positions([v('a', 4000), v('b', 1000)]);
    await new Promise((r) => setTimeout(r, 60));
    expect(got.map((x) => `${x.vehicleId}@${Date.parse(x.fixTime)}`)).toEqual(['a@5000', 'b@1000']);
    ws.close();
  });
});
