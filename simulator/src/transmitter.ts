import { connect, type MqttClient } from 'mqtt';
import type { DeviceProtocol } from '../../server/src/contracts/index.ts';
import type { SimulatorLogger } from './logger.ts';
import type { DeviceIdentity, OutboundMessage } from './protocols.ts';

/** Counters shared by the transmitter and the simulator's `stats()`. */
export interface TransmitCounters {
  /** fixes acknowledged (MQTT PUBACK / HTTP 200), per protocol */
  fixes: Record<DeviceProtocol, number>;
  /** messages acknowledged, per protocol (a Vatio burst is one message) */
  messages: Record<DeviceProtocol, number>;
  errors: number;
  /** messages not sent because too many were already waiting for that device */
  shed: number;
  lastError: string | null;
}

export function newCounters(): TransmitCounters {
  return { fixes: { vatio: 0, owntracks: 0, osmand: 0 }, messages: { vatio: 0, owntracks: 0, osmand: 0 }, errors: 0, shed: 0, lastError: null };
}

export interface TransmitterOptions {
  mqttUrl: string;
  logger: SimulatorLogger;
  counters: TransmitCounters;
  /** HTTP requests in flight across all OsmAnd devices (default 32) */
  httpConcurrency?: number;
  /** messages waiting per device before new ones are shed (default 500) */
  maxPendingPerDevice?: number;
}

interface DeviceChannel {
  client: MqttClient | null;
  pending: number;
  /** OsmAnd: requests of one device go one after another, so the server sees them in order */
  httpChain: Promise<void>;
  warned: boolean;
}

/**
 * Sends encoded messages: one MQTT connection per MQTT device, opened on its first message
 * (QoS 1, persistent session, client id = device id — how real units behave), and plain HTTP
 * GETs for OsmAnd devices.
 */
export class Transmitter {
  private readonly channels = new Map<string, DeviceChannel>();
  private readonly opts: Required<Omit<TransmitterOptions, 'logger' | 'counters'>>;
  private readonly logger: SimulatorLogger;
  private readonly counters: TransmitCounters;
  private httpInFlight = 0;
  private readonly httpWaiters: Array<() => void> = [];
  private closed = false;

  constructor(opts: TransmitterOptions) {
    this.logger = opts.logger;
    this.counters = opts.counters;
    this.opts = {
      mqttUrl: opts.mqttUrl,
      httpConcurrency: opts.httpConcurrency ?? 32,
      maxPendingPerDevice: opts.maxPendingPerDevice ?? 500,
    };
  }

  /** MQTT connections currently up. */
  get connected(): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.client?.connected) n++;
    return n;
  }

  private channel(device: DeviceIdentity): DeviceChannel {
    let ch = this.channels.get(device.deviceId);
    if (!ch) {
      ch = { client: null, pending: 0, httpChain: Promise.resolve(), warned: false };
      this.channels.set(device.deviceId, ch);
    }
    return ch;
  }

  private fail(device: DeviceIdentity, ch: DeviceChannel, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.counters.errors++;
    this.counters.lastError = `${device.deviceId}: ${message}`;
    if (!ch.warned) {
      ch.warned = true;
      this.logger.warn({ deviceId: device.deviceId, protocol: device.protocol, err: message }, 'device transmit failed');
    }
  }

  private mqttClient(device: DeviceIdentity, ch: DeviceChannel): MqttClient {
    if (ch.client) return ch.client;
    const client = connect(this.opts.mqttUrl, {
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.secret,
      clean: false,
      keepalive: 60,
      connectTimeout: 15_000,
      // spread reconnections of many units after a broker restart
      reconnectPeriod: 3000 + Math.floor(Math.random() * 4000),
      protocolVersion: 4,
    });
    client.on('error', (err) => this.fail(device, ch, err));
    client.on('connect', () => {
      ch.warned = false;
    });
    ch.client = client;
    return client;
  }

  /** Sends one device's messages in order; failures are counted and logged, never thrown. */
  send(device: DeviceIdentity, messages: readonly OutboundMessage[], fixesPerMessage: readonly number[]): void {
    if (this.closed) return;
    const ch = this.channel(device);
    messages.forEach((m, i) => {
      const fixes = fixesPerMessage[i] ?? 1;
      if (ch.pending >= this.opts.maxPendingPerDevice) {
        this.counters.shed++;
        return;
      }
      ch.pending++;
      if (m.transport === 'mqtt') {
        this.mqttClient(device, ch)
          .publishAsync(m.topic, m.payload, { qos: 1 })
          .then(() => {
            this.counters.fixes[device.protocol] += fixes;
            this.counters.messages[device.protocol]++;
          })
          .catch((err: unknown) => this.fail(device, ch, err))
          .finally(() => ch.pending--);
      } else {
        ch.httpChain = ch.httpChain
          .then(() => this.get(m.url))
          .then(() => {
            this.counters.fixes[device.protocol] += fixes;
            this.counters.messages[device.protocol]++;
          })
          .catch((err: unknown) => this.fail(device, ch, err))
          .finally(() => ch.pending--);
      }
    });
  }

  private async get(url: string): Promise<void> {
    while (this.httpInFlight >= this.opts.httpConcurrency) await new Promise<void>((r) => this.httpWaiters.push(r));
    this.httpInFlight++;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      const text = await res.text().catch(() => '');
      if (!res.ok) throw new Error(`HTTP ${res.status} ${text.slice(0, 120)}`);
    } finally {
      this.httpInFlight--;
      this.httpWaiters.shift()?.();
    }
  }

  /** Messages still waiting for an acknowledgement. */
  get pending(): number {
    let n = 0;
    for (const c of this.channels.values()) n += c.pending;
    return n;
  }

  /** Waits up to `graceMs` for in-flight messages, then closes every connection. */
  async close(graceMs = 3000): Promise<void> {
    this.closed = true;
    const until = Date.now() + graceMs;
    while (this.pending > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(
      [...this.channels.values()].map(async (c) => {
        if (c.client) await c.client.endAsync(this.pending > 0).catch(() => undefined);
      }),
    );
    this.channels.clear();
  }
}
