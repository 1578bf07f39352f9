import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { NetworkTravelTimeProvider, OsrmTravelTimeProvider, StraightLineTravelTimeProvider, ValhallaTravelTimeProvider, loadStreetGraph, type TravelTimeProvider } from '../../geo/src/index.ts';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import Koa from 'koa';
import type { Config } from './config.ts';
import type { VehicleStatus } from './contracts/index.ts';
import { AuditRepository } from './domains/audit/audit.repository.ts';
import { AuditService } from './domains/audit/audit.service.ts';
import { AuthRepository } from './domains/auth/auth.repository.ts';
import { authRoutes } from './domains/auth/auth.routes.ts';
import { AuthService } from './domains/auth/auth.service.ts';
import { FleetRepository } from './domains/fleet/fleet.repository.ts';
import { fleetRoutes } from './domains/fleet/fleet.routes.ts';
import { FleetService } from './domains/fleet/fleet.service.ts';
import { FieldRepository } from './domains/field/field.repository.ts';
import { fieldRoutes } from './domains/field/field.routes.ts';
import { FieldService } from './domains/field/field.service.ts';
import { ArrivalTracker } from './domains/field/arrival.tracker.ts';
import { DispatchAdviceService } from './domains/field/dispatch-advice.service.ts';
import { DayPlanRepository } from './domains/field/day-plan.repository.ts';
import { dayPlanRoutes } from './domains/field/day-plan.routes.ts';
import { DayPlanService, parseDayPlanBreak, parseWorkday } from './domains/field/day-plan.service.ts';
import { replayRoutes } from './domains/replay/replay.routes.ts';
import { RosterRunner } from './domains/shifts/roster.runner.ts';
import { RosterService } from './domains/shifts/roster.service.ts';
import { ShiftsRepository } from './domains/shifts/shifts.repository.ts';
import { shiftsRoutes } from './domains/shifts/shifts.routes.ts';
import { ShiftsService } from './domains/shifts/shifts.service.ts';
import { zoneOffsetMinutes } from './domains/shifts/shift-time.ts';
import { ReplayService } from './domains/replay/replay.service.ts';
import { startMqttIngest } from './domains/tracking/tracking.mqtt.ts';
import { IngestPipeline } from './domains/tracking/tracking.pipeline.ts';
import { TrackingRepository } from './domains/tracking/tracking.repository.ts';
import { trackingRoutes } from './domains/tracking/tracking.routes.ts';
import { TrackingService, statusOf } from './domains/tracking/tracking.service.ts';
import { errorMiddleware, sessionMiddleware } from './http/middleware.ts';
import { serveConsole } from './http/static.ts';
import { ATTRIBUTIONS, systemRoutes } from './http/system.routes.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './infra/broker.ts';
import { openDatabase } from './infra/db.ts';
import { openLiveState } from './infra/live-state.ts';
import { Metrics } from './infra/metrics.ts';
import { migrate } from './infra/migrate.ts';
import { createLogger, type Logger } from './logger.ts';
import { WsHub } from './ws/hub.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Travel times for dispatch advice (TRAVEL_TIME_PROVIDER): the Montevideo street graph (OSM, in
 * geo/data; straight line × detour outside it or when the file is absent), the straight line, or
 * an OSRM / Valhalla server with the local provider answering what the engine cannot. Engine
 * requests are counted at /metrics; failures are logged at most once a minute.
 */
function loadTravelTimes(config: Config, log: Logger, metrics: Metrics): TravelTimeProvider {
  const straight = new StraightLineTravelTimeProvider();
  if (config.TRAVEL_TIME_PROVIDER === 'straight') return straight;
  const file = join(REPO_ROOT, 'geo', 'data', 'montevideo-drive-graph.osm.json');
  let local: TravelTimeProvider = straight;
  if (existsSync(file)) {
    const graph = loadStreetGraph(JSON.parse(readFileSync(file, 'utf8')));
    log.debug({ nodes: graph.nodeCount }, 'Montevideo street graph loaded for travel times');
    local = new NetworkTravelTimeProvider({ graph, fallback: straight });
  }
  if (config.TRAVEL_TIME_PROVIDER === 'network') return local;
  const engine = config.TRAVEL_TIME_PROVIDER;
  const requests = metrics.counter('vatio_travel_time_requests_total', 'Requests to the routing engine, by provider and outcome (error/timeout/skipped: the local provider answered)');
  const pairs = metrics.counter('vatio_travel_time_pairs_total', 'Travel-time pairs served, by provider and origin (engine, cache, fallback, unroutable)');
  let lastWarn = 0;
  const opts = {
    url: config.TRAVEL_TIME_URL ?? '',
    fallback: local,
    timeoutMs: config.TRAVEL_TIME_TIMEOUT_MS,
    observer: {
      request: (outcome: string, info: { pairs: number; ms: number }) => {
        requests.inc({ provider: engine, outcome });
        if ((outcome === 'error' || outcome === 'timeout') && Date.now() - lastWarn > 60_000) {
          lastWarn = Date.now();
          log.warn({ engine, outcome, pairs: info.pairs, ms: Math.round(info.ms), url: config.TRAVEL_TIME_URL }, 'routing engine failed; the local travel-time provider answers');
        }
      },
      pairs: (origin: string, count: number) => pairs.inc({ provider: engine, origin }, count),
    },
  };
  log.info({ engine, url: config.TRAVEL_TIME_URL, fallback: local.name }, 'travel times from a routing engine');
  return engine === 'osrm' ? new OsrmTravelTimeProvider(opts) : new ValhallaTravelTimeProvider(opts);
}

export interface Vatio {
  config: Config;
  log: Logger;
  httpUrl: string;
  /** where units (and the simulator) connect over MQTT */
  mqttUrl: string;
  port: number;
  mqttPort: number | null;
  admin: { generatedPassword: string | null; username: string };
  /** a session token for in-process tools (the built-in simulator) acting as admin */
  issueAdminToken(): Promise<string>;
  services: { auth: AuthService; fleet: FleetService; tracking: TrackingService; pipeline: IngestPipeline; field: FieldService };
  metrics: Metrics;
  hub: WsHub;
  close(): Promise<void>;
}

/**
 * The composition root: config → infrastructure → repositories → services → HTTP/WS/MQTT,
 * with explicit constructor arguments (CONVENTIONS: one composition root).
 */
export async function startServer(config: Config, opts: { log?: Logger } = {}): Promise<Vatio> {
  const log = opts.log ?? createLogger(config);
  const closers: [string, () => Promise<void>][] = [];
  const closeAll = async () => {
    for (const [name, c] of closers.reverse()) {
      // One part that hangs on shutdown must not keep the others (and the process) alive.
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log.warn({ part: name }, 'a part did not close within 5 s; going on');
          resolve();
        }, 5000);
      });
      await Promise.race([c().catch((err: unknown) => log.error({ err }, 'error while closing')), limit]);
      clearTimeout(timer);
    }
  };
  try {
    // Infrastructure
    const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.VATIO_DATA_DIR, log });
    closers.push(['database', () => db.close()]);
    await migrate(db.pool, log);
    const live = await openLiveState({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, log });
    closers.push(['live state', () => live.close()]);
    const metrics = new Metrics();

    // Repositories and services
    const audit = new AuditService(new AuditRepository(db.pool));
    const auth = new AuthService(new AuthRepository(db.pool), audit, config.SESSION_HOURS);
    const fleet = new FleetService(new FleetRepository(db.pool), audit, log);
    await fleet.refresh();
    const fieldRepo = new FieldRepository(db.pool);
    const field = new FieldService(fieldRepo, audit, live, config.GEOFENCE_RADIUS_M);
    const travelTimes = loadTravelTimes(config, log, metrics);
    const advice = new DispatchAdviceService(fieldRepo, live, travelTimes, config.DISPATCH_POSITION_VALID_SECONDS);
    // "Optimize today": solves in a worker thread; without a roster, the working day DAY_PLAN_WORKDAY
    // on the local clock of SHIFT_TIME_ZONE
    const dayPlan = new DayPlanService(fieldRepo, new DayPlanRepository(db.pool), live, travelTimes, audit, {
      positionValidSeconds: config.DISPATCH_POSITION_VALID_SECONDS,
      workday: parseWorkday(config.DAY_PLAN_WORKDAY),
      workdayBreak: parseDayPlanBreak(config.DAY_PLAN_BREAK),
      utcOffsetMinutes: (ms) => zoneOffsetMinutes(config.SHIFT_TIME_ZONE, ms),
    });
    // Shifts: rosters generate in worker threads; generations left by a stopped instance are recovered.
    const shiftsRepo = new ShiftsRepository(db.pool);
    const crewDirectory = { crews: () => fleet.listCrews(), crewsOfUser: (userId: number) => field.crewsOfUser(userId) };
    const rosterRunner = new RosterRunner(shiftsRepo, log, { engine: config.ROSTER_ENGINE });
    closers.push(['roster generations', () => rosterRunner.close()]);
    rosterRunner.startSweep();
    const shifts = new ShiftsService(shiftsRepo, audit, crewDirectory, config.SHIFT_TIME_ZONE);
    // the day plan uses today's published shifts when there are any (else the default working day)
    dayPlan.setShiftSource((actor, from, to) => shifts.shifts(actor, { from, to }));
    const rosters = new RosterService(shiftsRepo, rosterRunner, audit, crewDirectory, log);
    const trackingRepo = new TrackingRepository(db.pool);
    const thresholds = { onlineSeconds: config.LIVE_ONLINE_SECONDS, offlineSeconds: config.LIVE_OFFLINE_SECONDS };
    const tracking = new TrackingService(trackingRepo, live, thresholds);
    // In-process live state starts empty: the map should show where every unit was last seen.
    const restored = await tracking.restoreLatest(config.INGEST_MAX_AGE_HOURS * 3600_000);
    if (restored) log.info({ vehicles: restored }, 'latest positions restored from history');
    const pipeline = new IngestPipeline({
      fleet,
      repo: trackingRepo,
      live,
      metrics,
      log,
      limits: {
        maxAgeMs: config.INGEST_MAX_AGE_HOURS * 3600_000,
        maxFutureMs: config.INGEST_MAX_FUTURE_SECONDS * 1000,
        maxSpeedKmh: config.INGEST_MAX_SPEED_KMH,
        maxAccuracyM: config.INGEST_MAX_ACCURACY_M,
      },
      flushMs: config.INGEST_FLUSH_MS,
      batchMax: config.INGEST_BATCH_MAX,
    });
    pipeline.start();
    const arrivals = new ArrivalTracker({
      field,
      radiusM: config.GEOFENCE_RADIUS_M,
      dwellMs: config.GEOFENCE_DWELL_SECONDS * 1000,
      publishEta: (eta) => void live.publish({ type: 'order.eta', data: eta }).catch(() => undefined),
      log,
    });
    await arrivals.load();
    pipeline.onFix((fix) => arrivals.onFix(fix));
    closers.push(['ingest pipeline', () => pipeline.close()]);
    const admin = await auth.ensureAdmin(config.VATIO_ADMIN_PASSWORD);

    // Broker: embedded aedes unless MQTT_URL names an external one
    let broker: EmbeddedBroker | null = null;
    let mqttUrl: string;
    let mqttCreds: { username?: string | undefined; password?: string | undefined };
    if (config.MQTT_URL) {
      mqttUrl = config.MQTT_URL;
      mqttCreds = { username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD };
    } else {
      broker = await startEmbeddedBroker({
        port: config.MQTT_PORT,
        serverPassword: randomBytes(24).toString('base64url'),
        devices: fleet,
        log,
      });
      closers.push(['embedded broker', () => broker!.close()]);
      mqttUrl = `mqtt://127.0.0.1:${broker.port}`;
      mqttCreds = broker.serverCredentials;
    }

    // HTTP
    const app = new Koa({ proxy: true });
    const router = new Router();
    app.use(errorMiddleware(log));
    app.use(sessionMiddleware(auth));
    let mqttConnected = () => false;
    systemRoutes(router, {
      metrics,
      audit,
      health: async () => ({
        database: await db.pool.query('select 1').then(
          () => true,
          () => false,
        ),
        broker: mqttConnected(),
        live: await live.ping(),
      }),
      publicConfig: () => ({
        mapStyleUrl: config.MAP_STYLE_URL ?? null,
        attributions: ATTRIBUTIONS,
        locale: 'es-UY',
        timeZone: config.SHIFT_TIME_ZONE,
        thresholds,
      }),
    });
    authRoutes(router, auth, { secureCookies: config.NODE_ENV === 'production' });
    fleetRoutes(router, fleet);
    trackingRoutes(router, tracking, pipeline);
    fieldRoutes(router, field, advice);
    dayPlanRoutes(router, dayPlan);
    replayRoutes(router, new ReplayService(tracking, field));
    shiftsRoutes(router, shifts, rosters);
    app.use(router.routes());
    app.use(router.allowedMethods());
    if (config.SERVE_CONSOLE) app.use(serveConsole(join(REPO_ROOT, 'console', 'dist')));

    const server: Server = createServer(app.callback());
    server.keepAliveTimeout = 65_000;
    const hub = new WsHub({
      server,
      authenticate: (t) => auth.authenticate(t),
      crewsOfUser: (userId) => field.crewsOfUser(userId),
      coalesceMs: config.WS_COALESCE_MS,
      log,
      metrics,
    });
    hub.start();
    closers.push(['websocket hub', () => hub.close()]);

    // Live fan-out → WebSocket clients; status by age swept here, last wills at once. Each
    // instance hears every position, so the sweep reads its own memory, not the shared store.
    const lastStatus = new Map<string, VehicleStatus>();
    const seen = new Map<string, { fixMs: number; goneAt: number | null }>();
    for (const e of await live.all()) seen.set(e.live.vehicleId, { fixMs: e.fixMs, goneAt: e.goneAt });
    fleet.onChange((deviceIds) => void live.publish({ type: 'fleet.changed', deviceIds }).catch(() => undefined));
    live.subscribe((event) => {
      if (event.type === 'fleet.changed') {
        void fleet.reload(event.deviceIds).catch((err: unknown) => log.warn({ err }, 'fleet reload failed'));
      } else if (event.type === 'order.updated') {
        hub.orderUpdated(event.data.order, event.data.event);
        arrivals.orderUpdated(event.data.order);
      } else if (event.type === 'order.eta') {
        hub.orderEta(event.data);
      } else if (event.type === 'crew.members') {
        hub.crewMembers(event.data.crewId, event.data.userIds);
      } else if (event.type === 'positions') {
        hub.positions(event.data);
        const back: { vehicleId: string; status: 'online' }[] = [];
        for (const v of event.data) {
          seen.set(v.vehicleId, { fixMs: Date.parse(v.fixTime), goneAt: null });
          if (lastStatus.get(v.vehicleId) !== 'online') back.push({ vehicleId: v.vehicleId, status: 'online' });
          lastStatus.set(v.vehicleId, 'online');
        }
        hub.statusChanges(back);
      } else {
        for (const g of event.data) {
          lastStatus.set(g.vehicleId, 'offline');
          const cur = seen.get(g.vehicleId);
          if (cur) cur.goneAt = g.at;
        }
        hub.statusChanges(event.data.map((g) => ({ vehicleId: g.vehicleId, status: 'offline' as const })));
      }
    });
    const sweep = setInterval(() => {
      const now = Date.now();
      const changes: { vehicleId: string; status: VehicleStatus }[] = [];
      for (const [vehicleId, e] of seen) {
        const st = statusOf(e, now, thresholds);
        if (lastStatus.get(vehicleId) !== st) {
          lastStatus.set(vehicleId, st);
          changes.push({ vehicleId, status: st });
        }
      }
      hub.statusChanges(changes);
    }, 2000);
    sweep.unref();
    closers.push(['status sweep', async () => clearInterval(sweep)]);

    // A unit that keeps sending bad messages is disconnected (embedded broker only: an external
    // broker's operator handles that with its own limits).
    const rejects = new Map<string, { count: number; since: number }>();
    const onRejected = (deviceId: string) => {
      const now = Date.now();
      const r = rejects.get(deviceId);
      if (!r || now - r.since > 60_000) return void rejects.set(deviceId, { count: 1, since: now });
      r.count++;
      if (r.count > config.MQTT_MAX_REJECTS_PER_MINUTE && broker) {
        log.warn({ deviceId, rejects: r.count }, 'mqtt: disconnecting a unit that keeps sending bad messages');
        broker.disconnectDevice(deviceId);
        rejects.delete(deviceId);
      }
    };
    const onDeviceGone = (deviceId: string) => {
      const b = fleet.bindingNow(deviceId);
      const vehicleId = b?.vehicleId ?? deviceId;
      const at = Date.now();
      void live
        .markGone([vehicleId], at)
        .then(() => live.publish({ type: 'gone', data: [{ vehicleId, at }] }))
        .catch((err: unknown) => log.warn({ err }, 'mark gone failed'));
    };

    const ingest = await startMqttIngest(pipeline, {
      url: mqttUrl,
      clientId: config.MQTT_CLIENT_ID,
      shareGroup: config.MQTT_SHARE_GROUP || undefined,
      log,
      onRejected,
      onDeviceGone,
      ...mqttCreds,
    });
    mqttConnected = ingest.connected;
    // Orders reach the crew's vehicle terminal too (QoS 1: the terminal may be briefly offline).
    field.setCrewNotifier(async (crewId, message) => {
      await ingest.client.publishAsync(`vatio/v1/crews/${crewId}/orders`, JSON.stringify(message), { qos: 1 });
    });
    dayPlan.setCrewNotifier(async (crewId, message) => {
      await ingest.client.publishAsync(`vatio/v1/crews/${crewId}/orders`, JSON.stringify(message), { qos: 1 });
    });
    // Closed before the pipeline (closers run in reverse): held acks go out for committed fixes.
    closers.push(['mqtt ingest', () => ingest.close()]);

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    closers.push([
      'http server',
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ]);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const httpUrl = `http://localhost:${port}`;
    log.info({ url: httpUrl, mqtt: mqttUrl, database: db.kind, redis: Boolean(config.REDIS_URL) }, 'Vatio server ready');

    let closed = false;
    return {
      config,
      log,
      httpUrl,
      mqttUrl,
      port,
      mqttPort: broker?.port ?? null,
      admin: { generatedPassword: admin.generatedPassword, username: admin.user.username },
      issueAdminToken: async () => (await auth.issueSession(admin.user.id, admin.user)).token,
      services: { auth, fleet, tracking, pipeline, field },
      metrics,
      hub,
      close: async () => {
        if (closed) return;
        closed = true;
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
