import { z } from 'zod';
import { buildNodeGridIndex, StreetRouter } from '../../geo/src/index.ts';
import type { DeviceProtocol } from '../../server/src/contracts/index.ts';
import { FleetApi, registerFleet } from './fleet-api.ts';
import { DEFAULT_PROTOCOL_MIX, planFleet } from './fleet-plan.ts';
import { consoleLogger, type SimulatorLogger } from './logger.ts';
import type { Activity } from './motion/motion.ts';
import { encodeFixes, VATIO_MAX_BATCH } from './protocols.ts';
import { findReferenceDir, loadReferenceData } from './reference-data.ts';
import { createRng } from './rng.ts';
import { newCounters, Transmitter } from './transmitter.ts';
import { VehicleAgent } from './vehicle-agent.ts';

const range = z.tuple([z.number().min(0), z.number().min(0)]).refine(([a, b]) => a <= b, 'min must be ≤ max');

/** Options of {@link startSimulator}, validated at the call (the library is an edge too). */
export const simulatorOptions = z.object({
  /** the Vatio server, e.g. http://localhost:8080 (OsmAnd devices send here too) */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** the MQTT broker, e.g. mqtt://localhost:1884 */
  mqttUrl: z.url({ protocol: /^(mqtts?|wss?|tcp|ssl)$/ }),
  /** admin bearer token (POST /api/v1/auth/login) */
  token: z.string().min(1),
  vehicles: z.number().int().min(0).max(20_000),
  /** fixes per second per vehicle */
  rate: z.number().positive().max(20),
  seed: z.number().int().default(1),
  /** id prefix: vehicles are `{prefix}-v0001`, devices `{prefix}-d0001`, crews `{prefix}-c0001` */
  prefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/).default('sim'),
  /** share of the fleet in Montevideo on the street graph; the rest in other towns */
  montevideoShare: z.number().min(0).max(1).default(0.7),
  protocolMix: z
    .object({ vatio: z.number().min(0), owntracks: z.number().min(0), osmand: z.number().min(0) })
    .refine((m) => m.vatio + m.owntracks + m.osmand > 0, 'at least one protocol needs a positive share')
    .default({ ...DEFAULT_PROTOCOL_MIX }),
  /** seconds a crew works at each destination (default 3–12 min) */
  dwellSeconds: range.optional(),
  /** link drop-outs: mean seconds between them and their length range (default 30 min; 30 s–4 min) */
  dropouts: z.object({ meanSecondsBetween: z.number().positive(), seconds: range }).optional(),
  /** folder with the reference geo files (default: shared/reference/geo next to or above the repo) */
  referenceDir: z.string().optional(),
});
export type SimulatorOptions = z.input<typeof simulatorOptions> & {
  logger?: SimulatorLogger;
  signal?: AbortSignal;
};

export interface SimulatorStats {
  vehicles: number;
  running: boolean;
  /** fixes acknowledged by the broker / HTTP server, per protocol */
  sent: Record<DeviceProtocol, number>;
  /** messages acknowledged, per protocol */
  messages: Record<DeviceProtocol, number>;
  /** fixes taken by the units so far */
  produced: number;
  /** fixes waiting in units whose link is down */
  buffered: number;
  /** units whose link is down */
  offline: number;
  /** bursts sent after a drop-out, and the fixes in them */
  bursts: number;
  burstFixes: number;
  /** messages waiting for an acknowledgement */
  pending: number;
  /** MQTT connections up */
  connected: number;
  errors: number;
  /** messages dropped because a device's queue was full */
  shed: number;
  lastError: string | null;
  activity: Record<Activity, number>;
}

export interface RunningSimulator {
  stop(): Promise<void>;
  stats(): SimulatorStats;
  /** attributions to show for the simulated positions (OSM, SimpleMaps) */
  attributions: readonly string[];
  /** the simulated vehicle of a crew (the demo workload sends it to its jobs) */
  vehicleOfCrew(crewId: string): VehicleAgent | undefined;
}

/**
 * Registers a fleet on a Vatio server and drives it: Montevideo vehicles on the OSM street graph,
 * the rest around other towns, reporting over Vatio/MQTT, OwnTracks/MQTT and OsmAnd/HTTP.
 *
 * @example
 * const sim = await startSimulator({ baseUrl: 'http://localhost:8080', mqttUrl: 'mqtt://localhost:1884', token, vehicles: 30, rate: 1 });
 * // … later
 * await sim.stop();
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const { logger = consoleLogger, signal, ...rest } = options;
  const opts = simulatorOptions.parse(rest);
  signal?.throwIfAborted();

  const reference = loadReferenceData(findReferenceDir(opts.referenceDir));
  logger.info(
    {
      dir: reference.dir,
      graphNodes: reference.graph?.nodeCount ?? 0,
      localities: reference.localities.length,
      loadMs: Math.round(reference.loadMs),
    },
    reference.graph ? 'simulator reference data loaded' : 'simulator: no Montevideo street graph found; Montevideo vehicles roam freely',
  );

  const plans = planFleet({
    vehicles: opts.vehicles,
    seed: opts.seed,
    prefix: opts.prefix,
    montevideoShare: opts.montevideoShare,
    protocolMix: opts.protocolMix,
    localities: reference.localities,
  });

  const api = new FleetApi(opts.baseUrl, opts.token, signal);
  const t0 = Date.now();
  const identities = await registerFleet(api, plans, {
    onProgress: (done, total) => {
      if (done === total || done % 200 === 0) logger.info({ done, total }, 'simulator fleet registered');
    },
  });
  logger.info({ vehicles: plans.length, ms: Date.now() - t0 }, 'simulator fleet ready');
  signal?.throwIfAborted();

  const router = reference.graph ? new StreetRouter(reference.graph) : null;
  const nodeIndex = reference.graph ? buildNodeGridIndex(reference.graph) : null;
  const lastSeen = await api.lastPositions();
  const intervalMs = 1000 / opts.rate;
  const warm = createRng(`${opts.seed}:warm-up`);
  const start = Date.now();
  const spreadMs = Math.min(15_000, Math.max(intervalMs, plans.length * 10));
  const fleet = plans.map((plan, i) => {
    const device = identities.get(plan.deviceId);
    if (!device) throw new Error(`device ${plan.deviceId} was not registered`);
    const agent = new VehicleAgent({
      plan,
      router,
      nodeIndex,
      startAt: lastSeen.get(plan.vehicleId) ?? null,
      warmUpSeconds: warm.range(0, 120),
      ...(opts.dwellSeconds ? { dwellSeconds: opts.dwellSeconds } : {}),
      ...(opts.dropouts ? { dropouts: opts.dropouts } : {}),
    });
    return {
      agent,
      device,
      // OwnTracks `tst` and OsmAnd `timestamp` are whole seconds: two fixes in one second would
      // be the same fix to the server, so those units report at most once a second.
      intervalMs: device.protocol === 'vatio' ? intervalMs : Math.max(1000, intervalMs),
      // stagger first fixes (and so MQTT connections) across the fleet
      nextDue: Math.round(start + (spreadMs * i) / Math.max(1, plans.length)),
    };
  });

  const counters = newCounters();
  const transmitter = new Transmitter({ mqttUrl: opts.mqttUrl, logger, counters });
  let produced = 0;
  let bursts = 0;
  let burstFixes = 0;
  let running = true;

  const tick = (): void => {
    const now = Date.now();
    for (const v of fleet) {
      if (now < v.nextDue) continue;
      // the fix is taken at its scheduled time (the unit's GPS epoch), not when this timer
      // happened to fire, so fix times keep their cadence even when the event loop lags
      const fixTime = v.nextDue;
      v.nextDue += v.intervalMs;
      if (v.nextDue < now) v.nextDue = now + v.intervalMs;
      const { send } = v.agent.tick(fixTime);
      produced++;
      if (send.length === 0) continue;
      if (send.length > 1) {
        bursts++;
        burstFixes += send.length;
      }
      const messages = encodeFixes(v.device, opts.baseUrl, send);
      const perMessage =
        v.device.protocol === 'vatio'
          ? messages.map((_, k) => Math.min(VATIO_MAX_BATCH, send.length - k * VATIO_MAX_BATCH))
          : messages.map(() => 1);
      transmitter.send(v.device, messages, perMessage);
    }
  };
  const timer = setInterval(tick, Math.max(10, Math.min(100, intervalMs / 2)));
  logger.info(
    { vehicles: fleet.length, rate: opts.rate, mqttUrl: opts.mqttUrl, attributions: reference.attributions },
    'simulator driving',
  );

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      running = false;
      clearInterval(timer);
      await transmitter.close();
      logger.info({ sent: counters.fixes, errors: counters.errors }, 'simulator stopped');
    })();
    return stopping;
  };
  signal?.addEventListener('abort', () => void stop(), { once: true });

  const byCrew = new Map(fleet.map((v) => [v.agent.plan.crewId, v.agent]));
  return {
    stop,
    attributions: reference.attributions,
    vehicleOfCrew: (crewId) => byCrew.get(crewId),
    stats(): SimulatorStats {
      const activity: Record<Activity, number> = { driving: 0, stopped: 0, working: 0 };
      let buffered = 0;
      let offline = 0;
      for (const v of fleet) {
        activity[v.agent.motion.state.activity]++;
        buffered += v.agent.uplink.buffered;
        if (!v.agent.uplink.online) offline++;
      }
      return {
        vehicles: fleet.length,
        running,
        sent: { ...counters.fixes },
        messages: { ...counters.messages },
        produced,
        buffered,
        offline,
        bursts,
        burstFixes,
        pending: transmitter.pending,
        connected: transmitter.connected,
        errors: counters.errors,
        shed: counters.shed,
        lastError: counters.lastError,
        activity,
      };
    },
  };
}
