import type { VehicleLive } from '../../contracts/index.ts';
import type { LiveState } from '../../infra/live-state.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Logger } from '../../logger.ts';
import type { FleetService } from '../fleet/fleet.service.ts';
import { duplicateFix, impossibleJump, tooInaccurate, validCoordinates, validTime, type FilterLimits } from './tracking.filters.ts';
import { HistoryWriter } from './history-writer.ts';
import { parseOsmandParams, parseOwnTracks, parseTraccarJson, parseVatio } from './tracking.parsers.ts';
import type { TrackingRepository } from './tracking.repository.ts';
import type { DropReason, EnrichedFix, Fix, ParseResult } from './tracking.types.ts';

/** A message as it reaches the server from a unit. */
export type IngestMessage =
  | { kind: 'mqtt'; topic: string; payload: Buffer; receivedMs: number }
  | { kind: 'osmand'; params: Record<string, string | undefined>; receivedMs: number }
  | { kind: 'traccar-json'; body: unknown; receivedMs: number };

export interface IngestOutcome {
  deviceId: string | null;
  accepted: number;
  dropped: { reason: DropReason; detail?: string }[];
  ignored?: string;
  /** resolves when every accepted fix of this message is committed to history */
  durable: Promise<void>;
}

/** One named step of the per-fix pipeline: returns a reason to drop the fix, or null to go on. */
interface Step {
  name: string;
  run(fix: EnrichedFix, now: number): DropReason | null;
}

export type FixListener = (fix: EnrichedFix) => void;

/**
 * The GPS ingest pipeline (after Traccar's ProcessingHandler), read top to bottom:
 *
 *   parse → validate → filter → enrich → latest → history → events → broadcast
 *
 * parse turns a protocol message into fixes of one known device; the per-fix `steps` run in
 * order and the first that says "drop" ends that fix (counted and logged with its reason);
 * latest and broadcast are batched every few milliseconds (newest fix per vehicle, set only when
 * newer than the stored one), history is batched into multi-row inserts.
 */
export class IngestPipeline {
  readonly history: HistoryWriter;
  private readonly steps: Step[];
  private readonly listeners: FixListener[] = [];
  private liveBuffer = new Map<string, EnrichedFix>();
  private lastDurable: Promise<void> = Promise.resolve();
  private readonly incMessages: Partial<Record<IngestMessage['kind'], () => void>> = {};
  private readonly incFixes: Partial<Record<Fix['protocol'], () => void>> = {};
  private liveTimer: NodeJS.Timeout | null = null;
  private liveFlushing: Promise<void> = Promise.resolve();
  private readonly m;

  constructor(
    private readonly deps: {
      fleet: FleetService;
      repo: TrackingRepository;
      live: LiveState;
      metrics: Metrics;
      log: Logger;
      limits: FilterLimits;
      flushMs: number;
      batchMax: number;
      liveFlushMs?: number;
    },
  ) {
    const { metrics } = deps;
    this.m = {
      messages: metrics.counter('vatio_ingest_messages_total', 'Messages received from units, by transport'),
      fixes: metrics.counter('vatio_ingest_fixes_total', 'Fixes parsed from messages, by protocol'),
      accepted: metrics.counter('vatio_ingest_accepted_total', 'Fixes that passed every filter'),
      dropped: metrics.counter('vatio_ingest_dropped_total', 'Messages or fixes dropped, by reason'),
      ignored: metrics.counter('vatio_ingest_ignored_total', 'Messages without a fix (e.g. OwnTracks lwt), by type'),
      stored: metrics.counter('vatio_history_stored_total', 'Fixes written to history'),
      batches: metrics.counter('vatio_history_batches_total', 'History batches written'),
      published: metrics.counter('vatio_live_published_total', 'Latest positions published to the live fan-out'),
    };
    this.history = new HistoryWriter(deps.repo, {
      flushMs: deps.flushMs,
      batchMax: deps.batchMax,
      log: deps.log,
      stored: this.m.stored,
      batches: this.m.batches,
    });
    const filters = [
      validCoordinates,
      validTime(deps.limits),
      duplicateFix(),
      tooInaccurate(deps.limits),
      impossibleJump(deps.limits),
    ];
    const acceptors = filters.flatMap((f) => (f.accept ? [f.accept] : []));
    this.steps = [
      ...filters.map((f) => ({ name: f.name, run: (fix: EnrichedFix, now: number) => f.check(fix, now) })),
      {
        name: 'accept',
        run: (fix) => {
          for (const a of acceptors) a(fix);
          return null;
        },
      },
      { name: 'latest', run: (fix) => (this.queueLatest(fix), null) },
      { name: 'history', run: (fix) => ((this.lastDurable = this.history.add(fix)), null) },
      { name: 'events', run: (fix) => (this.emit(fix), null) },
    ];
  }

  start(): void {
    this.history.start();
    this.liveTimer = setInterval(() => void this.flushLive(), this.deps.liveFlushMs ?? 10);
    this.liveTimer.unref();
  }

  /** Listeners run for every accepted fix (geofences, arrival detection, ETA). */
  onFix(listener: FixListener): void {
    this.listeners.push(listener);
  }

  /** Runs one message through the pipeline. Never throws for bad input: it is counted instead. */
  async ingest(msg: IngestMessage, auth?: { secret: string | null }): Promise<IngestOutcome> {
    (this.incMessages[msg.kind] ??= this.m.messages.bound({ transport: msg.kind }))();
    const parsed = await this.parse(msg, auth);
    if (!parsed.ok) return this.drop(parsed.deviceId, parsed.reason, parsed.detail, msg);
    const { binding, result } = parsed;
    if (result.ignored) this.m.ignored.inc({ type: result.ignored });
    const now = Date.now();
    const dropped: IngestOutcome['dropped'] = [];
    let accepted = 0;
    let durable: Promise<void> = Promise.resolve();
    // Buffered bursts arrive in any order: process in fix-time order so late fixes are recognised.
    const fixes = result.fixes.length > 1 ? [...result.fixes].sort((a, b) => a.fixMs - b.fixMs) : result.fixes;
    for (const f of fixes) {
      (this.incFixes[f.protocol] ??= this.m.fixes.bound({ protocol: f.protocol }))();
      const fix: EnrichedFix = { ...f, binding }; // enrich: device → vehicle → crew
      let reason: DropReason | null = null;
      for (const step of this.steps) {
        reason = step.run(fix, now);
        if (reason) break;
      }
      if (reason) {
        dropped.push({ reason });
        this.m.dropped.inc({ reason });
        this.deps.log.debug({ deviceId: f.deviceId, reason, fixMs: f.fixMs }, 'ingest: fix dropped');
        continue;
      }
      accepted++;
      durable = this.lastDurable;
    }
    this.m.accepted.inc({}, accepted);
    return { deviceId: binding.id, accepted, dropped, durable, ...(result.ignored ? { ignored: result.ignored } : {}) };
  }

  private async parse(
    msg: IngestMessage,
    auth?: { secret: string | null },
  ): Promise<
    | { ok: true; binding: NonNullable<Awaited<ReturnType<FleetService['binding']>>>; result: Extract<ParseResult, { ok: true }> }
    | { ok: false; reason: DropReason; detail: string; deviceId: string | null }
  > {
    let deviceId: string | null = null;
    let result: ParseResult;
    if (msg.kind === 'mqtt') {
      const t = msg.topic.split('/');
      if (t[0] === 'vatio' && t.length === 5 && t[4] === 'fix') {
        deviceId = t[3] ?? null;
        if (!deviceId) return { ok: false, reason: 'malformed', detail: 'topic', deviceId };
        result = parseVatio(msg.payload, deviceId, msg.receivedMs);
      } else if (t[0] === 'owntracks' && t.length === 3) {
        deviceId = t[2] ?? null;
        if (!deviceId) return { ok: false, reason: 'malformed', detail: 'topic', deviceId };
        const b = await this.deps.fleet.binding(deviceId);
        if (b && (b.owntracksUser ?? b.id) !== t[1]) {
          return { ok: false, reason: 'topic_mismatch', detail: `user ${t[1]} is not this device's`, deviceId };
        }
        result = parseOwnTracks(msg.payload, deviceId, msg.receivedMs);
      } else {
        return { ok: false, reason: 'malformed', detail: `unexpected topic ${msg.topic}`, deviceId };
      }
    } else {
      const r = msg.kind === 'osmand' ? parseOsmandParams(msg.params, msg.receivedMs) : parseTraccarJson(msg.body, msg.receivedMs);
      deviceId = r.deviceId ?? null;
      result = r;
    }
    if (!result.ok) return { ...result, deviceId };
    if (!deviceId) return { ok: false, reason: 'malformed', detail: 'no device id', deviceId };
    const binding = await this.deps.fleet.binding(deviceId);
    if (!binding) return { ok: false, reason: 'unknown_device', detail: deviceId, deviceId };
    if (binding.disabled) return { ok: false, reason: 'device_disabled', detail: deviceId, deviceId };
    if (auth) {
      // HTTP units prove who they are with the secret (MQTT units did at CONNECT).
      const ok = auth.secret !== null && (await this.deps.fleet.authenticateDevice(deviceId, auth.secret)) !== null;
      if (!ok) return { ok: false, reason: 'wrong_secret', detail: deviceId, deviceId };
    }
    return { ok: true, binding, result };
  }

  private drop(deviceId: string | null, reason: DropReason, detail: string, msg: IngestMessage): IngestOutcome {
    this.m.dropped.inc({ reason });
    this.deps.log.debug({ deviceId, reason, detail, kind: msg.kind }, 'ingest: message dropped');
    return { deviceId, accepted: 0, dropped: [{ reason, detail }], durable: Promise.resolve() };
  }

  private queueLatest(fix: EnrichedFix): void {
    // A unit not bound to a vehicle is still shown, under its own id.
    const vehicleId = fix.binding.vehicleId ?? fix.binding.id;
    const cur = this.liveBuffer.get(vehicleId);
    // Only the newest fix per vehicle per flush matters; the message is built at flush time.
    if (!cur || cur.fixMs < fix.fixMs) this.liveBuffer.set(vehicleId, fix);
  }

  private toLive(fix: EnrichedFix): VehicleLive {
    const b = fix.binding;
    return {
      vehicleId: b.vehicleId ?? b.id,
      label: b.vehicleLabel ?? b.id,
      crewId: b.crewId,
      crewName: b.crewName,
      deviceId: b.id,
      lat: fix.lat,
      lon: fix.lon,
      speed: fix.speed,
      heading: fix.heading,
      accuracy: fix.accuracy,
      battery: fix.battery,
      fixTime: new Date(fix.fixMs).toISOString(),
      receivedAt: new Date(fix.receivedMs).toISOString(),
      status: 'online',
    };
  }

  /** Batched stages: latest (kept only when newer) → broadcast to every instance. */
  flushLive(): Promise<void> {
    if (this.liveBuffer.size === 0) return this.liveFlushing;
    const items = [...this.liveBuffer.values()].map((f) => this.toLive(f));
    this.liveBuffer = new Map();
    this.liveFlushing = this.liveFlushing.then(async () => {
      try {
        const kept = await this.deps.live.upsertNewer(items);
        if (kept.length) {
          await this.deps.live.publish({ type: 'positions', data: kept });
          this.m.published.inc({}, kept.length);
        }
      } catch (err) {
        this.deps.log.error({ err: (err as Error).message }, 'live: latest/broadcast failed');
      }
    });
    return this.liveFlushing;
  }

  private emit(fix: EnrichedFix): void {
    for (const l of this.listeners) {
      try {
        l(fix);
      } catch (err) {
        this.deps.log.error({ err }, 'fix listener failed');
      }
    }
  }

  async close(): Promise<void> {
    if (this.liveTimer) clearInterval(this.liveTimer);
    await this.flushLive();
    await this.history.close();
  }
}

export type { Fix };
