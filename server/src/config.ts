import { z } from 'zod';

/**
 * Configuration is parsed once from the environment into a frozen object (CONVENTIONS: config).
 * Nothing else in the server reads process.env. Start-up fails listing every bad key.
 */
const port = z.coerce.number().int().min(0).max(65535);
const seconds = z.coerce.number().positive();
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  PORT: port.default(8080),
  /** real PostgreSQL + PostGIS; without it an embedded PGlite (+PostGIS) is used */
  DATABASE_URL: z.string().url().optional(),
  /** real Redis for latest positions and fan-out between instances; without it, in-process */
  REDIS_URL: z.string().url().optional(),
  /** prefix of every Redis key and channel (lets several deployments or tests share one Redis) */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9:_-]*$/i).default('vatio:'),
  /** external MQTT broker; without it an embedded aedes broker listens on MQTT_PORT */
  MQTT_URL: z.string().url().optional(),
  /** user/password of the server's own connection to an external broker */
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /** embedded broker port: not 1883, which a system Mosquitto often holds */
  MQTT_PORT: port.default(1884),
  /** client id of the server's ingest session (persistent, QoS 1) */
  MQTT_CLIENT_ID: z.string().min(1).max(64).default('vatio-ingest'),
  /** use $share/<group>/… subscriptions so several server instances split the ingest */
  MQTT_SHARE_GROUP: z.string().regex(/^[a-z0-9_-]*$/i).default(''),
  VATIO_DATA_DIR: z.string().default('.vatio-data'),
  VATIO_ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters').optional(),
  /** optional online maplibre style; the default basemap is offline */
  MAP_STYLE_URL: z.string().url().optional(),
  SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** a fix younger than this is "online", older than OFFLINE is "offline", between "unknown" */
  LIVE_ONLINE_SECONDS: seconds.default(60),
  LIVE_OFFLINE_SECONDS: seconds.default(600),
  /** fixes older than this are rejected (devices buffer offline for hours at most) */
  INGEST_MAX_AGE_HOURS: z.coerce.number().positive().default(48),
  /** fixes further ahead of the server clock than this are rejected */
  INGEST_MAX_FUTURE_SECONDS: seconds.default(300),
  /** implied speed between two fixes above this is an impossible jump */
  INGEST_MAX_SPEED_KMH: z.coerce.number().positive().default(250),
  /** fixes reporting a worse accuracy (metres) are dropped */
  INGEST_MAX_ACCURACY_M: z.coerce.number().positive().default(500),
  /** history batches are written at least this often */
  INGEST_FLUSH_MS: z.coerce.number().int().min(5).max(200).default(100),
  INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(20000).default(5000),
  /** WebSocket position batches per client at most this often */
  WS_COALESCE_MS: z.coerce.number().int().min(10).max(1000).default(50),
  /** a device whose messages are rejected this many times within a minute is disconnected */
  MQTT_MAX_REJECTS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** live positions older than this are not trusted for dispatch ETAs */
  DISPATCH_POSITION_VALID_SECONDS: seconds.default(300),
  /**
   * travel times for dispatch suggestions: `network` (Montevideo OSM street graph, straight line
   * elsewhere), `straight` (line × 1.3 at 30 km/h), or a routing engine (`osrm`, `valhalla`)
   * at TRAVEL_TIME_URL with the local provider answering whatever the engine cannot
   */
  TRAVEL_TIME_PROVIDER: z.enum(['network', 'straight', 'osrm', 'valhalla']).default('network'),
  /** base URL of the OSRM (`http://osrm:5000`) or Valhalla (`http://valhalla:8002`) server */
  TRAVEL_TIME_URL: z.string().url().optional(),
  /** budget of one matrix from the engine; past it the local provider answers */
  TRAVEL_TIME_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  /** an en-route crew within this distance of its order … */
  GEOFENCE_RADIUS_M: z.coerce.number().positive().max(5000).default(75),
  /** … for this long is set on site automatically */
  GEOFENCE_DWELL_SECONDS: z.coerce.number().positive().max(3600).default(60),
  /** run the built-in simulator with this many vehicles (npm start) */
  SIMULATOR_VEHICLES: z.coerce.number().int().min(0).max(20000).default(30),
  SIMULATOR_RATE: z.coerce.number().positive().max(10).default(1),
  /** demo workload of the built-in simulator: orders put on an empty board (0 = no workload) */
  SIMULATOR_ORDERS: z.coerce.number().int().min(0).max(5000).default(30),
  /** demo workload: new orders per hour while running (0 = none) */
  SIMULATOR_ORDERS_PER_HOUR: z.coerce.number().min(0).max(3600).default(12),
  SERVE_CONSOLE: bool.default(true),
  /**
   * roster generation: `exact` (column generation, MIP and search; stops early once a roster is
   * proved optimal) or `heuristic` (search only, no bound: runs to the time limit; for very large
   * rosters where HiGHS is slow to give back control)
   */
  ROSTER_ENGINE: z.enum(['exact', 'heuristic']).default('exact'),
  /** IANA time zone of the utility's shift clock times and calendar dates */
  SHIFT_TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as America/Montevideo')
    .default('America/Montevideo'),
  /** "optimize today" when no roster is published for today: the working day `HH:MM-HH:MM` (local), or `rolling` (the next 9 h) */
  DAY_PLAN_WORKDAY: z.string().regex(/^(rolling|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d)$/, 'HH:MM-HH:MM (e.g. 08:00-17:00) or rolling').refine((v) => v === 'rolling' || v.slice(0, 5) < v.slice(6), 'the working day must end after it starts').default('08:00-17:00'),
  /**
   * "optimize today", crews with no published roster (they work DAY_PLAN_WORKDAY): their break,
   * `HH:MM-HH:MM/minutes` — the local clock window in which it may start and its length (e.g.
   * `12:00-14:00/30`) — or `none`. Crews on a published roster take their shift type's break.
   */
  DAY_PLAN_BREAK: z
    .string()
    .regex(/^(none|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d\/\d{1,3})$/, 'HH:MM-HH:MM/minutes (e.g. 12:00-14:00/30) or none')
    .refine((v) => v === 'none' || v.slice(0, 5) <= v.slice(6, 11), 'the latest start of the break must not be before the earliest')
    .refine((v) => v === 'none' || (Number(v.slice(12)) >= 1 && Number(v.slice(12)) <= 180), 'the break lasts 1 to 180 minutes')
    .default('none'),
});

export type Config = Readonly<z.infer<typeof schema>>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
  }
}

/** Parses the environment (or any record, for tests) into a frozen Config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset so `FOO= npm start` behaves like no FOO.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.LIVE_OFFLINE_SECONDS <= c.LIVE_ONLINE_SECONDS) {
    problems.push('LIVE_OFFLINE_SECONDS: must be greater than LIVE_ONLINE_SECONDS');
  }
  if ((c.TRAVEL_TIME_PROVIDER === 'osrm' || c.TRAVEL_TIME_PROVIDER === 'valhalla') && !c.TRAVEL_TIME_URL) {
    problems.push(`TRAVEL_TIME_URL: required when TRAVEL_TIME_PROVIDER is ${c.TRAVEL_TIME_PROVIDER} (the engine's base URL, e.g. http://${c.TRAVEL_TIME_PROVIDER}:${c.TRAVEL_TIME_PROVIDER === 'osrm' ? 5000 : 8002})`);
  }
  if (c.DAY_PLAN_BREAK !== 'none' && c.DAY_PLAN_WORKDAY !== 'rolling') {
    // HH:MM strings compare as times; the break must end by the end of the working day
    const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    const [from, to] = [minutes(c.DAY_PLAN_BREAK.slice(0, 5)), minutes(c.DAY_PLAN_BREAK.slice(6, 11))];
    const [open, close] = [minutes(c.DAY_PLAN_WORKDAY.slice(0, 5)), minutes(c.DAY_PLAN_WORKDAY.slice(6))];
    if (from < open || to + Number(c.DAY_PLAN_BREAK.slice(12)) > close) {
      problems.push(`DAY_PLAN_BREAK: ${c.DAY_PLAN_BREAK} must start and end inside the working day DAY_PLAN_WORKDAY ${c.DAY_PLAN_WORKDAY}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(c);
}
