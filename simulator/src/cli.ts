/**
 * Fleet simulator CLI: `npm run simulate -- --vehicles 500 --rate 1`.
 * Logs in as an admin, registers the fleet, and drives it until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { DeviceProtocol } from '../../server/src/contracts/index.ts';
import { login } from './fleet-api.ts';
import { startDemoWorkload } from './demo-workload.ts';
import { startSimulator, type SimulatorStats } from './simulator.ts';

const USAGE = `Usage: npm run simulate -- [options]

  --vehicles <n>        vehicles to simulate (default 30)
  --rate <r>            fixes per second per vehicle (default 1; 0.2 = one every 5 s)
  --seed <n>            seed of the fleet: same seed, same crews and devices (default 1)
  --prefix <s>          id prefix, e.g. sim → sim-v0001 (default sim)
  --montevideo <0..1>   share of vehicles in Montevideo (default 0.7)
  --mix <v,o,h>         protocol shares vatio,owntracks,osmand (default 0.6,0.25,0.15)
  --dwell <min,max>     seconds a crew works at each destination (default 180,720)
  --dropouts <s>        mean seconds between link drop-outs per unit (default 1800; 0 = none)
  --base-url <url>      Vatio server (default $VATIO_URL or http://localhost:8080)
  --mqtt-url <url>      MQTT broker (default $VATIO_MQTT_URL or mqtt://localhost:1884)
  --username <s>        admin user (default admin)
  --password <s>        admin password (default $VATIO_ADMIN_PASSWORD)
  --reference-dir <d>   folder with montevideo-drive-graph.osm.json (default shared/reference/geo)
  --orders <n>          demo workload: skills for the crews and n orders on an empty board (default 0 = off)
  --orders-per-hour <r> demo workload: new orders per hour while running (default 12)
  -h, --help            this text
`;

// The CLI is an edge: it reads its own flags and environment (CONVENTIONS: zod at every edge).
const cliFlags = z.object({
  vehicles: z.coerce.number().int().min(1).max(20_000).default(30),
  rate: z.coerce.number().positive().max(20).default(1),
  seed: z.coerce.number().int().default(1),
  prefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/, 'letters, digits, dot, dash, underscore').default('sim'),
  montevideo: z.coerce.number().min(0).max(1).default(0.7),
  mix: z
    .string()
    .transform((s, ctx) => {
      const parts = s.split(',').map(Number);
      if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x) || x < 0) || parts.every((x) => x === 0)) {
        ctx.addIssue({ code: 'custom', message: 'expected three non-negative shares vatio,owntracks,osmand, e.g. 0.6,0.25,0.15' });
        return z.NEVER;
      }
      const [vatio, owntracks, osmand] = parts as [number, number, number];
      return { vatio, owntracks, osmand } satisfies Record<DeviceProtocol, number>;
    })
    .optional(),
  dwell: z
    .string()
    .transform((s, ctx) => {
      const parts = s.split(',').map(Number);
      const [min, max] = parts as [number, number];
      if (parts.length !== 2 || !(min >= 0) || !(max >= min)) {
        ctx.addIssue({ code: 'custom', message: 'expected min,max seconds with 0 ≤ min ≤ max, e.g. 30,90' });
        return z.NEVER;
      }
      return [min, max] as [number, number];
    })
    .optional(),
  dropouts: z.coerce.number().min(0).optional(),
  'base-url': z.url({ protocol: /^https?$/ }),
  'mqtt-url': z.url({ protocol: /^(mqtts?|wss?|tcp|ssl)$/ }),
  username: z.string().min(1).default('admin'),
  password: z.string().min(1, 'set --password or VATIO_ADMIN_PASSWORD'),
  'reference-dir': z.string().optional(),
  orders: z.coerce.number().int().min(0).max(5000).default(0),
  'orders-per-hour': z.coerce.number().min(0).max(3600).default(12),
});

function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseCli(argv: string[]): z.infer<typeof cliFlags> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        vehicles: { type: 'string' },
        rate: { type: 'string' },
        seed: { type: 'string' },
        prefix: { type: 'string' },
        montevideo: { type: 'string' },
        mix: { type: 'string' },
        dwell: { type: 'string' },
        dropouts: { type: 'string' },
        'base-url': { type: 'string' },
        'mqtt-url': { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        'reference-dir': { type: 'string' },
        orders: { type: 'string' },
        'orders-per-hour': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const parsed = cliFlags.safeParse({
    ...values,
    'base-url': values['base-url'] ?? env.VATIO_URL ?? 'http://localhost:8080',
    'mqtt-url': values['mqtt-url'] ?? env.VATIO_MQTT_URL ?? 'mqtt://localhost:1884',
    password: values.password ?? env.VATIO_ADMIN_PASSWORD ?? '',
  });
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

function progressLine(now: SimulatorStats, before: SimulatorStats, seconds: number): string {
  const rate = (p: DeviceProtocol): string => ((now.sent[p] - before.sent[p]) / seconds).toFixed(1);
  const total = (['vatio', 'owntracks', 'osmand'] as const).reduce((s, p) => s + now.sent[p], 0);
  return (
    `${new Date().toISOString().slice(11, 19)}  fixes/s vatio ${rate('vatio')} owntracks ${rate('owntracks')} osmand ${rate('osmand')}` +
    `  | sent ${total}  pending ${now.pending}  mqtt ${now.connected}  offline ${now.offline} (buffered ${now.buffered}, bursts ${now.bursts})` +
    `  | driving ${now.activity.driving} stopped ${now.activity.stopped} working ${now.activity.working}` +
    `  | errors ${now.errors}${now.lastError ? ` (last: ${now.lastError.slice(0, 100)})` : ''}`
  );
}

async function main(): Promise<void> {
  const flags = parseCli(process.argv.slice(2));
  const controller = new AbortController();
  let interruptedAt = 0;
  process.on('SIGINT', () => {
    // Ctrl-C reaches us twice under `npm run` (from the terminal and forwarded by npm): only a
    // second press a moment later means "quit at once"
    if (interruptedAt > 0) {
      if (Date.now() - interruptedAt > 1500) process.exit(130);
      return;
    }
    interruptedAt = Date.now();
    process.stderr.write('\nstopping… (Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  process.on('SIGTERM', () => controller.abort());

  const token = await login(flags['base-url'], flags.username, flags.password, controller.signal).catch((err: unknown) => {
    throw new Error(`cannot log in at ${flags['base-url']} as ${flags.username}: ${describe(err)}`);
  });
  const sim = await startSimulator({
    baseUrl: flags['base-url'],
    mqttUrl: flags['mqtt-url'],
    token,
    vehicles: flags.vehicles,
    rate: flags.rate,
    seed: flags.seed,
    prefix: flags.prefix,
    montevideoShare: flags.montevideo,
    ...(flags.mix ? { protocolMix: flags.mix } : {}),
    ...(flags.dwell ? { dwellSeconds: flags.dwell } : {}),
    // 0 = never: an average of once in ~30 years
    ...(flags.dropouts !== undefined
      ? { dropouts: { meanSecondsBetween: flags.dropouts === 0 ? 1e9 : flags.dropouts, seconds: [30, 240] as [number, number] } }
      : {}),
    ...(flags['reference-dir'] ? { referenceDir: flags['reference-dir'] } : {}),
    signal: controller.signal,
  });
  process.stdout.write(`data: ${sim.attributions.join(' · ')}\n`);
  const workload =
    flags.orders > 0
      ? startDemoWorkload({
          baseUrl: flags['base-url'],
          token,
          seed: flags.seed,
          prefix: flags.prefix,
          vehicles: flags.vehicles,
          montevideoShare: flags.montevideo,
          orders: flags.orders,
          ordersPerHour: flags['orders-per-hour'],
          ...(flags['reference-dir'] ? { referenceDir: flags['reference-dir'] } : {}),
          signal: controller.signal,
          fleet: sim,
        })
      : null;
  workload?.ready.catch(() => undefined); // logged by the workload

  const everyS = 5;
  let before = sim.stats();
  const progress = setInterval(() => {
    const now = sim.stats();
    process.stdout.write(`${progressLine(now, before, everyS)}\n`);
    before = now;
  }, everyS * 1000);

  await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
  clearInterval(progress);
  await workload?.stop();
  await sim.stop();
  const s = sim.stats();
  process.stdout.write(`sent vatio ${s.sent.vatio}, owntracks ${s.sent.owntracks}, osmand ${s.sent.osmand}; errors ${s.errors}\n`);
  process.exit(0);
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici hides the reason of "fetch failed" in `cause` (ECONNREFUSED, ENOTFOUND, …)
  const cause = err.cause instanceof Error ? ` (${(err.cause as NodeJS.ErrnoException).code ?? err.cause.message})` : '';
  return `${err.message}${cause}`;
}

main().catch((err: unknown) => {
  if (err instanceof Error && err.name === 'AbortError') process.exit(130);
  process.stderr.write(`simulate: ${describe(err)}\n`);
  process.exit(1);
});
