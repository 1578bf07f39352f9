import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt';
import { topics } from '../../contracts/index.ts';
import type { Logger } from '../../logger.ts';
import type { IngestPipeline } from './tracking.pipeline.ts';

export interface MqttIngestOptions {
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  /** `$share/<group>/` subscriptions so several instances split the load (MQTT 5 / Mosquitto) */
  shareGroup?: string | undefined;
  log: Logger;
  /** called when a unit's message is rejected (for the misbehaving-unit policy) */
  onRejected?: (deviceId: string) => void;
  /** a unit's last will / offline status */
  onDeviceGone?: (deviceId: string) => void;
}

/** Held PUBACKs that trigger an immediate history write (below Mosquitto's default window of 20). */
const HOLD_FLUSH_AT = 8;

type SendPacket = (packet: Packet, cb?: (err?: Error) => void) => void;

/**
 * The server's ingest session on the broker: persistent (clean: false) with QoS 1, so fixes
 * published while the server is down are delivered when it is back.
 *
 * At-least-once end to end: the PUBACK of a message is held back until its fixes are committed
 * to history. mqtt.js sends the PUBACK right after `handleMessage` calls back and processes the
 * next packet only then; so we call back at once (the stream keeps flowing) and delay the PUBACK
 * itself by wrapping the client's `_sendPacket` (an mqtt.js internal — the restart test in
 * tests/ fails if a new mqtt.js changes it). A kill before the commit means no PUBACK, and the
 * broker redelivers; the history key (device, fix time) makes the redelivery a no-op.
 */
export async function startMqttIngest(pipeline: IngestPipeline, opts: MqttIngestOptions): Promise<{
  client: MqttClient;
  connected(): boolean;
  close(): Promise<void>;
}> {
  const options: IClientOptions = {
    clientId: opts.clientId,
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    ...(opts.username ? { username: opts.username } : {}),
    ...(opts.password ? { password: opts.password } : {}),
  };
  const client = mqtt.connect(opts.url, options);
  const held = new Map<number, Promise<void>>();
  let generation = 0;
  const internal = client as unknown as { _sendPacket: SendPacket };
  const sendPacket = internal._sendPacket.bind(client);
  internal._sendPacket = (packet, cb) => {
    if (packet.cmd === 'puback' && packet.messageId !== undefined) {
      const wait = held.get(packet.messageId);
      if (wait) {
        held.delete(packet.messageId);
        const gen = generation;
        cb?.();
        void wait.then(() => {
          // After a reconnect the broker redelivers unacknowledged messages itself.
          if (gen === generation && client.connected) sendPacket(packet);
        });
        return;
      }
    }
    sendPacket(packet, cb);
  };

  const prefix = opts.shareGroup ? `$share/${opts.shareGroup}/` : '';
  const subscriptions = [`${prefix}vatio/v1/devices/+/fix`, `${prefix}owntracks/+/+`, `vatio/v1/devices/+/status`];

  client.handleMessage = (packet, done) => {
    const receivedMs = Date.now();
    const topic = packet.topic;
    if (topic.endsWith('/status') && topic.startsWith('vatio/')) {
      const deviceId = topic.split('/')[3];
      if (deviceId && String(packet.payload) === 'offline') opts.onDeviceGone?.(deviceId);
      return done();
    }
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (topic.startsWith('owntracks/') && payload.length < 512 && payload.includes('"lwt"')) {
      const deviceId = topic.split('/')[2];
      if (deviceId) opts.onDeviceGone?.(deviceId);
    }
    const work = pipeline.ingest({ kind: 'mqtt', topic, payload, receivedMs }).then(
      (outcome) => {
        if (outcome.accepted === 0 && outcome.dropped.length && outcome.deviceId) opts.onRejected?.(outcome.deviceId);
        return outcome.durable;
      },
      (err: unknown) => opts.log.error({ err, topic }, 'ingest failed'),
    );
    if (packet.qos > 0 && packet.messageId !== undefined) {
      held.set(packet.messageId, work);
      // The broker stops sending once its in-flight window (Mosquitto: 20) waits for PUBACKs:
      // write now rather than at the next tick, or QoS 1 throughput is window / flush interval.
      if (held.size >= HOLD_FLUSH_AT) void pipeline.history.flush();
    }
    done();
  };

  client.on('connect', (connack) => {
    generation++;
    held.clear();
    opts.log.info({ url: opts.url, sessionPresent: connack.sessionPresent }, 'mqtt ingest connected');
    // Subscribe on every connect: cheap, and correct when the broker lost the session.
    client.subscribe(subscriptions, { qos: 1 }, (err) => {
      if (err) opts.log.error({ err: err.message }, 'mqtt subscribe failed');
    });
  });
  client.on('close', () => generation++);
  client.on('error', (err) => opts.log.warn({ err: err.message }, 'mqtt ingest error'));

  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`MQTT broker ${opts.url} not reachable`)), 15_000);
    client.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
  });

  return {
    client,
    connected: () => client.connected,
    close: async () => {
      // Let held PUBACKs go out for what is already committed, then leave the session.
      await pipeline.history.flush();
      await new Promise((r) => setTimeout(r, 20));
      await client.endAsync(false);
    },
  };
}

export { topics };
