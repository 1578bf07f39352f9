import { createServer, type Server } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { Aedes, type Client } from 'aedes';
import type { Logger } from '../logger.ts';

/** Who a connected MQTT client is, decided at CONNECT. */
export type BrokerIdentity =
  | { kind: 'server' }
  | { kind: 'device'; deviceId: string; owntracksUser: string | null; crewId: string | null };

export interface DeviceAuthenticator {
  authenticateDevice(
    deviceId: string,
    secret: string,
  ): Promise<{ deviceId: string; owntracksUser: string | null; crewId: string | null } | null>;
}

/** The topics a device may publish on (CONVENTIONS: a device publishes only under its own topics). */
export function devicePublishAllowed(
  identity: { deviceId: string; owntracksUser: string | null },
  topic: string,
): boolean {
  const parts = topic.split('/');
  if (parts[0] === 'vatio' && parts[1] === 'v1' && parts[2] === 'devices') {
    return parts.length === 5 && parts[3] === identity.deviceId && (parts[4] === 'fix' || parts[4] === 'status');
  }
  if (parts[0] === 'owntracks') {
    const user = identity.owntracksUser ?? identity.deviceId;
    // owntracks/{user}/{device} and its /event, /info, /waypoint sub-topics
    return parts.length >= 3 && parts.length <= 4 && parts[1] === user && parts[2] === identity.deviceId;
  }
  return false;
}

export function deviceSubscribeAllowed(
  identity: { deviceId: string; owntracksUser: string | null; crewId: string | null },
  topic: string,
): boolean {
  if (identity.crewId && topic === `vatio/v1/crews/${identity.crewId}/orders`) return true;
  const user = identity.owntracksUser ?? identity.deviceId;
  return topic === `owntracks/${user}/${identity.deviceId}/cmd`;
}

export interface EmbeddedBroker {
  port: number;
  /** internal credentials the server's own MQTT client uses */
  serverCredentials: { username: string; password: string };
  disconnectDevice(deviceId: string): void;
  close(): Promise<void>;
}

/**
 * The embedded default broker (aedes) for `npm start`: the same MQTT the server speaks to an
 * external Mosquitto, with device authentication and per-device topic ACLs in its hooks.
 */
export async function startEmbeddedBroker(opts: {
  port: number;
  host?: string;
  serverPassword: string;
  devices: DeviceAuthenticator;
  log: Logger;
}): Promise<EmbeddedBroker> {
  const identities = new WeakMap<Client, BrokerIdentity>();
  const byDevice = new Map<string, Client>();
  const broker = await Aedes.createBroker({ drainTimeout: 30_000, maxClientsIdLength: 128, concurrency: 1000 });
  const serverUser = '$vatio-server';
  const expected = Buffer.from(opts.serverPassword);

  broker.authenticate = (client, username, password, done) => {
    const pass = password ?? Buffer.alloc(0);
    if (username === serverUser) {
      const ok = pass.length === expected.length && timingSafeEqual(pass, expected);
      if (ok) identities.set(client, { kind: 'server' });
      return done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), ok);
    }
    if (!username) return done(Object.assign(new Error('credentials required'), { returnCode: 4 as const }), false);
    opts.devices
      .authenticateDevice(username, pass.toString('utf8'))
      .then((device) => {
        if (!device) {
          opts.log.info({ clientId: client.id, username }, 'mqtt: device refused (unknown device or wrong secret)');
          return done(Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), false);
        }
        identities.set(client, { kind: 'device', ...device });
        byDevice.set(device.deviceId, client);
        done(null, true);
      })
      .catch((err: unknown) => done(Object.assign(new Error(String(err)), { returnCode: 3 as const }), false));
  };

  broker.authorizePublish = (client, packet, done) => {
    if (!client) return done(null); // a will published by the broker itself
    const id = identities.get(client);
    if (!id) return done(new Error('not authenticated'));
    if (packet.topic.startsWith('$SYS')) return done(new Error('$SYS is reserved'));
    if (id.kind === 'server') return done(null);
    if (devicePublishAllowed(id, packet.topic)) return done(null);
    opts.log.warn({ deviceId: id.deviceId, topic: packet.topic }, 'mqtt: publish outside own topics refused');
    done(new Error('topic not allowed'));
  };

  broker.authorizeSubscribe = (client, sub, done) => {
    const id = identities.get(client);
    if (!id) return done(new Error('not authenticated'), null);
    if (id.kind === 'server' || deviceSubscribeAllowed(id, sub.topic)) return done(null, sub);
    done(new Error('subscription not allowed'), null);
  };

  broker.on('clientDisconnect', (client) => {
    const id = identities.get(client);
    if (id?.kind === 'device' && byDevice.get(id.deviceId) === client) byDevice.delete(id.deviceId);
  });
  broker.on('clientError', (client, err) => opts.log.debug({ clientId: client.id, err: err.message }, 'mqtt client error'));

  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  opts.log.info({ port }, 'embedded MQTT broker (aedes) listening');

  return {
    port,
    serverCredentials: { username: serverUser, password: opts.serverPassword },
    disconnectDevice(deviceId) {
      byDevice.get(deviceId)?.close();
    },
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
