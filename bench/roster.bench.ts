/**
 * Roster benchmark on the Curtois & Qu shift scheduling instances.
 *
 *   npm run bench:roster [files…] [--seconds N] [--json] [--seed N] [--clock wall|cpu]
 *
 * `--clock cpu` counts the limit in CPU seconds of this process instead of wall seconds, for a
 * machine shared with other jobs (HiGHS still counts its own per-solve caps in wall seconds).
 *
 * No files → Instance1–10 from /work/shared/benchmarks/rostering. Best-known values come from
 * best-known.csv beside each file. Every result is re-checked with checkRoster: a roster with a
 * hard violation does not count, and the checker's objective (not the solver's) is reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { checkRoster } from '../optimizer/src/roster/roster.checker.ts';
import type { RosterInstance } from '../optimizer/src/roster/roster.model.ts';
import { parseCurtoisQuInstance, RosterParseError } from '../optimizer/src/roster/roster.parser.ts';
import { generateRoster } from '../optimizer/src/roster/roster.solver.ts';
import { createCpuClock } from './lib/cpu-clock.ts';

const DEFAULT_DIR = '/work/shared/benchmarks/rostering';

interface Args {
  files: string[];
  seconds: number;
  json: boolean;
  seed: number;
  clock: 'wall' | 'cpu';
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { files: [], seconds: 60, json: false, seed: 1, clock: 'wall' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') args.json = true;
    else if (a === '--clock') {
      const v = argv[++i];
      if (v !== 'wall' && v !== 'cpu') throw new Error('--clock must be wall or cpu');
      args.clock = v;
    }
    else if (a === '--seconds' || a === '--seed') {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      if (a === '--seconds') args.seconds = v;
      else args.seed = v;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.files.push(a);
  }
  if (args.files.length === 0) {
    args.files = Array.from({ length: 10 }, (_, i) => join(DEFAULT_DIR, `Instance${i + 1}.txt`));
  }
  return args;
}

interface BestKnown {
  value: number;
  optimal: boolean;
}

function readBestKnown(dir: string): Map<string, BestKnown> {
  const file = join(dir, 'best-known.csv');
  const out = new Map<string, BestKnown>();
  if (!existsSync(file)) return out;
  const [header, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = (header ?? '').split(',');
  const iName = cols.indexOf('instance');
  const iBest = cols.indexOf('best_known');
  const iStatus = cols.indexOf('status');
  for (const l of lines) {
    const f = l.split(',');
    const name = f[iName] ?? '';
    const value = Number(f[iBest]);
    if (name !== '' && Number.isFinite(value)) out.set(name, { value, optimal: f[iStatus] === 'optimal' });
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const cpuClock = createCpuClock();
const rows: { instance: string; objective: number | null; best: number | null; gap: number | null; optimal: boolean; seconds: number }[] = [];
const pad = (s: string, n: number): string => s.padStart(n);
if (!args.json) {
  console.log(`roster benchmark: ${args.files.length} instance(s), ${args.seconds} s each (${args.clock} clock), seed ${args.seed}`);
  console.log(`${'instance'.padEnd(12)}${pad('objective', 10)}${pad('best', 8)}${pad('gap %', 8)}${pad('optimal', 9)}${pad('seconds', 9)}${pad('cpu s', 8)}${pad('load', 6)}  notes`);
}
for (const file of args.files) {
  const name = basename(file).replace(/\.txt$/, '');
  const bestKnown = readBestKnown(dirname(file)).get(name);
  const instance = parseInstanceFile(file);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await generateRoster({
    instance,
    timeLimitMs: args.seconds * 1000,
    seed: args.seed,
    ...(args.clock === 'cpu' ? { clock: cpuClock } : {}),
    onProgress: (p) => {
      if (!args.json && process.stderr.isTTY) process.stderr.write(`\r  ${name} ${(p.fraction * 100).toFixed(0)}% best ${p.bestObjective ?? '-'}   `);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  const load = loadavg()[0] ?? 0;
  if (!args.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  // The solver's own figures are not trusted: the independent checker decides.
  const check = checkRoster(instance, result.roster);
  const objective = check.feasible ? check.objective : null;
  const best = bestKnown?.value ?? null;
  const gap = objective !== null && best !== null ? ((objective - best) / best) * 100 : null;
  const optimal = objective !== null && ((best !== null && bestKnown?.optimal === true && objective <= best) || result.optimal);
  rows.push({ instance: name, objective, best, gap, optimal, seconds });
  if (args.json) {
    const roster: Record<string, string[]> = {};
    instance.staff.forEach((p, s) => {
      roster[p.id] = result.roster[s] ?? [];
    });
    console.log(JSON.stringify({ instance: name, objective, seconds: round(seconds, 2), roster }));
  } else {
    const notes = check.feasible ? (result.optimal ? 'proved optimal' : '') : `INFEASIBLE: ${check.violations.length} hard violation(s)`;
    console.log(
      `${name.padEnd(12)}${pad(objective === null ? '-' : String(objective), 10)}${pad(best === null ? '-' : String(best), 8)}` +
        `${pad(gap === null ? '-' : gap.toFixed(2), 8)}${pad(optimal ? 'yes' : 'no', 9)}${pad(seconds.toFixed(1), 9)}` +
        `${pad(cpuSeconds.toFixed(1), 8)}${pad(load.toFixed(1), 6)}  ${notes}`,
    );
  }
}

const gaps = rows.map((r) => r.gap).filter((g): g is number => g !== null);
const summary = {
  bench: 'roster',
  instances: rows.length,
  optimal: rows.filter((r) => r.optimal).length,
  mean_gap_pct: gaps.length === 0 ? null : round(gaps.reduce((a, b) => a + b, 0) / gaps.length, 3),
  max_seconds: round(Math.max(0, ...rows.map((r) => r.seconds)), 2),
};
if (!args.json) {
  const feasible = rows.filter((r) => r.objective !== null).length;
  console.log(`summary: ${summary.optimal}/${summary.instances} at the optimum, ${feasible} feasible, mean gap ${summary.mean_gap_pct ?? '-'} %, max ${summary.max_seconds} s`);
}
console.log(JSON.stringify(summary));

/** Reads and parses one file; a malformed one stops the run naming the file and the line. */
function parseInstanceFile(file: string): RosterInstance {
  try {
    return parseCurtoisQuInstance(readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof RosterParseError) {
      console.error(`${file}: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
