import { Redis } from 'ioredis';
import type { OrderEta, OrderEvent, VehicleLive, WorkOrder } from '../contracts/index.ts';
import type { Logger } from '../logger.ts';

/** What every server instance hears about live changes (the WebSocket hub listens to it). */
export type LiveEvent =
  | { type: 'positions'; data: VehicleLive[] }
  | { type: 'gone'; data: { vehicleId: string; at: number }[] }
  /** crews, vehicles or devices changed on some instance: reload bindings */
  | { type: 'fleet.changed'; deviceIds: string[] | null }
  | { type: 'order.updated'; data: { order: WorkOrder; event: OrderEvent } }
  | { type: 'order.eta'; data: OrderEta }
  /** the members of a crew were replaced: open sockets of crew users follow it without reconnecting */
  | { type: 'crew.members'; data: { crewId: string; userIds: number[] } };

/** A stored latest position; `gone` is when the unit's MQTT last will said it disconnected. */
export interface LatestEntry {
  live: VehicleLive;
  fixMs: number;
  goneAt: number | null;
}

/**
 * Latest position per vehicle and the fan-out of live events. In-process by default; with Redis
 * it is shared by every server instance (latest in hashes, fan-out through pub/sub).
 */
export interface LiveState {
  /** keeps only entries newer (by fix time) than what is stored; returns the ones kept */
  upsertNewer(items: VehicleLive[]): Promise<VehicleLive[]>;
  markGone(vehicleIds: string[], at: number): Promise<void>;
  all(): Promise<LatestEntry[]>;
  publish(event: LiveEvent): Promise<void>;
  subscribe(handler: (event: LiveEvent) => void): void;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const fixMsOf = (v: VehicleLive) => Date.parse(v.fixTime);

export class InProcessLiveState implements LiveState {
  private readonly latest = new Map<string, LatestEntry>();
  private readonly handlers: ((e: LiveEvent) => void)[] = [];

  async upsertNewer(items: VehicleLive[]): Promise<VehicleLive[]> {
    const kept: VehicleLive[] = [];
    for (const live of items) {
      const fixMs = fixMsOf(live);
      const cur = this.latest.get(live.vehicleId);
      if (cur && cur.fixMs >= fixMs) continue;
      this.latest.set(live.vehicleId, { live, fixMs, goneAt: null });
      kept.push(live);
    }
    return kept;
  }

  async markGone(vehicleIds: string[], at: number): Promise<void> {
    for (const id of vehicleIds) {
      const cur = this.latest.get(id);
      if (cur) cur.goneAt = at;
    }
  }

  async all(): Promise<LatestEntry[]> {
    return [...this.latest.values()];
  }

  async publish(event: LiveEvent): Promise<void> {
    // Same asynchrony as Redis pub/sub: handlers never run inside the publisher's call stack.
    queueMicrotask(() => {
      for (const h of this.handlers) h(event);
    });
  }

  subscribe(handler: (event: LiveEvent) => void): void {
    this.handlers.push(handler);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

// Sets latest only when the incoming fix is newer than the stored one, atomically, so that two
// instances splitting the ingest never move a marker backwards. ARGV: id, fixMs, json, ...
const UPSERT_NEWER = `
local kept = {}
for i = 1, #ARGV, 3 do
  local cur = redis.call('HGET', KEYS[2], ARGV[i])
  if (not cur) or tonumber(cur) < tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
    redis.call('HDEL', KEYS[3], ARGV[i])
    kept[#kept + 1] = (i - 1) / 3
  end
end
return kept
`;

export class RedisLiveState implements LiveState {
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly keys: { latest: string; fixMs: string; gone: string; channel: string };
  private readonly handlers: ((e: LiveEvent) => void)[] = [];

  constructor(url: string, prefix: string, private readonly log: Logger) {
    this.cmd = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
    this.sub = new Redis(url, { maxRetriesPerRequest: null });
    this.keys = {
      latest: `${prefix}latest`,
      fixMs: `${prefix}latest:fixms`,
      gone: `${prefix}latest:gone`,
      channel: `${prefix}live`,
    };
    this.cmd.defineCommand('vatioUpsertNewer', { numberOfKeys: 3, lua: UPSERT_NEWER });
    this.cmd.on('error', (err) => log.error({ err: err.message }, 'redis error'));
    this.sub.on('error', (err) => log.error({ err: err.message }, 'redis subscriber error'));
    this.sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(message.toString('utf8')) as LiveEvent;
      } catch (err) {
        this.log.error({ err }, 'unparseable live event from redis');
        return;
      }
      for (const h of this.handlers) h(event);
    });
  }

  async start(): Promise<void> {
    await this.sub.subscribe(this.keys.channel);
  }

  async upsertNewer(items: VehicleLive[]): Promise<VehicleLive[]> {
    if (items.length === 0) return [];
    const argv: string[] = [];
    for (const v of items) argv.push(v.vehicleId, String(fixMsOf(v)), JSON.stringify(v));
    const run = (this.cmd as unknown as {
      vatioUpsertNewer(k1: string, k2: string, k3: string, ...args: string[]): Promise<number[]>;
    }).vatioUpsertNewer.bind(this.cmd);
    const kept = await run(this.keys.latest, this.keys.fixMs, this.keys.gone, ...argv);
    return kept.map((i) => items[i]).filter((v): v is VehicleLive => v !== undefined);
  }

  async markGone(vehicleIds: string[], at: number): Promise<void> {
    if (vehicleIds.length === 0) return;
    const args: string[] = [];
    for (const id of vehicleIds) args.push(id, String(at));
    await this.cmd.hset(this.keys.gone, ...args);
  }

  async all(): Promise<LatestEntry[]> {
    const [latest, gone] = await Promise.all([this.cmd.hgetall(this.keys.latest), this.cmd.hgetall(this.keys.gone)]);
    const out: LatestEntry[] = [];
    for (const [id, json] of Object.entries(latest)) {
      const live = JSON.parse(json) as VehicleLive;
      const g = gone[id];
      out.push({ live, fixMs: fixMsOf(live), goneAt: g === undefined ? null : Number(g) });
    }
    return out;
  }

  async publish(event: LiveEvent): Promise<void> {
    await this.cmd.publish(this.keys.channel, JSON.stringify(event));
  }

  subscribe(handler: (event: LiveEvent) => void): void {
    this.handlers.push(handler);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.cmd.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.sub.disconnect();
    await this.cmd.quit().catch(() => this.cmd.disconnect());
  }
}

export async function openLiveState(opts: { url?: string | undefined; prefix: string; log: Logger }): Promise<LiveState> {
  if (!opts.url) return new InProcessLiveState();
  const state = new RedisLiveState(opts.url, opts.prefix, opts.log);
  await state.start();
  return state;
}
