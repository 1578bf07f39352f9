/**
 * Solomon VRPTW benchmark of the day-plan routing engine.
 *
 *   npm run bench:vrptw [--seconds N] [--seed N] [--json] [--clock wall|cpu] [--dir D] [C101 R101.txt path/to/x.txt …]
 *
 * `--clock cpu` counts the limit in CPU seconds of this process instead of wall seconds, for
 * figures that mean "N s on one core" on a shared, loaded machine; the `seconds` column is
 * always wall time, `cpu_s` the CPU seconds of the process (summary: `max_cpu_seconds`).
 * No files: every *.txt of the Solomon directory (50 instances, about 5 s each by default).
 * Each result counts only if the independent checker accepts it. The last line is always one
 * JSON summary object.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSolomonSolution, parseSolomon, solomonProblem, solveVrptw } from '../optimizer/src/vrptw/index.ts';
import { createCpuClock } from './lib/cpu-clock.ts';

interface Args {
  files: string[];
  seconds: number;
  seed: number;
  json: boolean;
  dir: string;
  clock: 'wall' | 'cpu';
}

function parseArgs(argv: readonly string[]): Args {
  const here = dirname(fileURLToPath(import.meta.url));
  const args: Args = { files: [], seconds: 5, seed: 1, json: false, clock: 'wall', dir: resolve(here, '../../shared/benchmarks/solomon') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seconds') args.seconds = Number(value());
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--dir') args.dir = resolve(value());
    else if (a === '--json') args.json = true;
    else if (a === '--clock') {
      const c = value();
      if (c !== 'wall' && c !== 'cpu') throw new Error('--clock must be wall or cpu');
      args.clock = c;
    }
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.files.push(a);
  }
  if (!(args.seconds > 0)) throw new Error('--seconds must be positive');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  return args;
}

/** A bare name like `C101` means `<dir>/C101.txt`. */
function resolveFile(dir: string, f: string): string {
  if (f.includes('/') || f.endsWith('.txt')) return resolve(f.includes('/') ? f : join(dir, f));
  return join(dir, `${f}.txt`);
}

function readBestKnown(dir: string): Map<string, { vehicles: number; distance: number }> {
  const out = new Map<string, { vehicles: number; distance: number }>();
  let text: string;
  try {
    text = readFileSync(join(dir, 'best-known.csv'), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [instance, vehicles, distance] = line.split(',');
    if (instance && vehicles && distance) out.set(instance.trim().toUpperCase(), { vehicles: Number(vehicles), distance: Number(distance) });
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const files =
  args.files.length > 0
    ? args.files.map((f) => resolveFile(args.dir, f))
    : readdirSync(args.dir)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => join(args.dir, f));

const cpuClock = createCpuClock();
const out = (line: string): void => void process.stdout.write(`${line}\n`);
const bestKnownByDir = new Map<string, ReturnType<typeof readBestKnown>>();
const gaps: number[] = [];
const gapsAtBestVehicles: number[] = [];
let atBestVehicles = 0;
let withBest = 0;
let accepted = 0;
let maxSeconds = 0;
let maxCpuSeconds = 0;
const rejected: string[] = [];

if (!args.json) {
  out(`time limit ${args.seconds} s (${args.clock} clock) per instance, seed ${args.seed}`);
  out(['instance', 'veh', 'distance', 'bk_veh', 'bk_dist', 'gap_%', 'seconds', 'cpu_s', 'iters'].map((h) => h.padStart(9)).join(' '));
}
for (const file of files) {
  const name = basename(file).replace(/\.txt$/i, '');
  const dir = dirname(file);
  if (!bestKnownByDir.has(dir)) bestKnownByDir.set(dir, readBestKnown(dir));
  const bk = bestKnownByDir.get(dir)!.get(name.toUpperCase());

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let instance: ReturnType<typeof parseSolomon>;
  try {
    instance = parseSolomon(readFileSync(file, 'utf8'));
  } catch (e) {
    rejected.push(name);
    process.stderr.write(`\n!!! UNREADABLE ${file}: ${e instanceof Error ? e.message : String(e)}\n\n`);
    continue;
  }
  const plan = solveVrptw(solomonProblem(instance), { timeLimitSeconds: args.seconds, seed: args.seed, ...(args.clock === 'cpu' ? { clock: cpuClock } : {}) });
  const seconds = (performance.now() - t0) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  const routes = plan.routes.map((r) => r.stops.map((s) => Number(s.orderId)));

  const check = checkSolomonSolution(instance, routes);
  if (!check.feasible) {
    rejected.push(name);
    process.stderr.write(`\n!!! REJECTED ${name}: the checker found ${check.errors.length} violation(s):\n  ${check.errors.slice(0, 10).join('\n  ')}\n\n`);
    if (!args.json) out(`${name.padStart(9)}  REJECTED by the checker (${check.errors[0]})`);
    continue;
  }
  accepted++;
  maxSeconds = Math.max(maxSeconds, seconds);
  maxCpuSeconds = Math.max(maxCpuSeconds, cpuSeconds);
  const gap = bk ? ((check.distance - bk.distance) / bk.distance) * 100 : null;
  if (bk && gap !== null) {
    gaps.push(gap);
    withBest++;
    if (check.vehicles <= bk.vehicles) atBestVehicles++;
    if (check.vehicles === bk.vehicles) gapsAtBestVehicles.push(gap);
  }
  if (args.json) {
    out(JSON.stringify({ instance: name, vehicles: check.vehicles, distance: Number(check.distance.toFixed(2)), seconds: Number(seconds.toFixed(2)), cpu_seconds: Number(cpuSeconds.toFixed(2)), routes }));
  } else {
    out(
      [
        name,
        String(check.vehicles),
        check.distance.toFixed(2),
        bk ? String(bk.vehicles) : '-',
        bk ? bk.distance.toFixed(2) : '-',
        gap === null ? '-' : gap.toFixed(2),
        seconds.toFixed(2),
        cpuSeconds.toFixed(2),
        String(plan.iterations),
      ]
        .map((c) => c.padStart(9))
        .join(' '),
    );
  }
}

const meanGap = gaps.length > 0 ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null;
const share = withBest > 0 ? atBestVehicles / withBest : null;
const meanGapAtBest = gapsAtBestVehicles.length > 0 ? gapsAtBestVehicles.reduce((a, b) => a + b, 0) / gapsAtBestVehicles.length : null;
if (!args.json) {
  out(
    `\n${accepted}/${files.length} accepted by the checker; mean distance gap ${meanGap?.toFixed(2) ?? '-'} %; ` +
      `best-known vehicle count on ${atBestVehicles}/${withBest} (mean gap on those ${meanGapAtBest?.toFixed(2) ?? '-'} %); ` +
      `slowest ${maxSeconds.toFixed(2)} s (${maxCpuSeconds.toFixed(2)} s of CPU at most)`,
  );
}
if (rejected.length > 0) process.stderr.write(`!!! ${rejected.length} REJECTED: ${rejected.join(' ')}\n`);
out(
  JSON.stringify({
    bench: 'vrptw',
    instances: accepted,
    mean_gap_pct: meanGap === null ? null : Number(meanGap.toFixed(3)),
    bks_vehicles_share: share === null ? null : Number(share.toFixed(3)),
    max_seconds: Number(maxSeconds.toFixed(2)),
    max_cpu_seconds: Number(maxCpuSeconds.toFixed(2)),
  }),
);
if (rejected.length > 0) process.exitCode = 1;
