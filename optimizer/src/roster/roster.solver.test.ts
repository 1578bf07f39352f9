import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRoster } from './roster.checker.ts';
import { compileInstance } from './roster.compiled.ts';
import { bruteForceOptimum, tinyInstance } from './roster.fixtures.ts';
import type { RosterInstance } from './roster.model.ts';
import { parseCurtoisQuInstance } from './roster.parser.ts';
import { generateRoster, type RosterProgress } from './roster.solver.ts';

/** Exhaustive optimum: every feasible row per person, then every combination of rows. */
function bruteForce(inst: RosterInstance = tinyInstance()): number {
  return bruteForceOptimum(compileInstance(inst));
}

describe('generateRoster', () => {
  it('finds the brute-force optimum of a tiny instance and proves it', async () => {
    const optimum = bruteForce();
    expect(Number.isFinite(optimum)).toBe(true);
    const result = await generateRoster({ instance: tinyInstance(), timeLimitMs: 20_000, seed: 3 });
    expect(result.violations).toEqual([]);
    expect(result.objective).toBe(optimum);
    expect(result.optimal).toBe(true);
    // The reported figures are the checker's.
    const check = checkRoster(tinyInstance(), result.roster);
    expect(check.objective).toBe(result.objective);
    expect(check.breakdown).toEqual(result.breakdown);
  });

  it('keeps runs of three days when the rules ask for three (longer minimum runs)', async () => {
    const base = tinyInstance();
    const inst: RosterInstance = {
      ...base,
      staff: base.staff.map((p) => ({ ...p, minConsecutiveShifts: 3, minConsecutiveDaysOff: 3, maxTotalMinutes: 6 * 480 })),
    };
    const optimum = bruteForce(inst);
    const result = await generateRoster({ instance: inst, timeLimitMs: 20_000, seed: 2 });
    expect(result.violations).toEqual([]);
    expect(result.objective).toBe(optimum);
    expect(result.optimal).toBe(true);
  });

  it('reaches the same optimum through the neighbourhood search alone', async () => {
    const result = await generateRoster({ instance: tinyInstance(), timeLimitMs: 20_000, seed: 5, exact: false, maxIterations: 40 });
    expect(result.violations).toEqual([]);
    expect(result.objective).toBe(bruteForce());
  });

  it('returns the same roster for the same seed', async () => {
    const run = () => generateRoster({ instance: tinyInstance(), timeLimitMs: 20_000, seed: 11, exact: false, maxIterations: 8 });
    const [a, b] = [await run(), await run()];
    expect(b.roster).toEqual(a.roster);
    expect(b.iterations).toBe(a.iterations);
  });

  it('returns the same roster for the same seed with the column generation phases on', async () => {
    const base = tinyInstance();
    // Three people so that neighbourhoods leave someone fixed.
    const instance: RosterInstance = { ...base, staff: [...base.staff, ...base.staff.slice(1).map((p) => ({ ...p, id: 'C' }))] };
    const run = () => generateRoster({ instance, timeLimitMs: 20_000, seed: 4, maxIterations: 12 });
    const [a, b] = [await run(), await run()];
    expect(a.violations).toEqual([]);
    expect(b.roster).toEqual(a.roster);
    expect(b.objective).toBe(a.objective);
    expect(b.lowerBound).toBe(a.lowerBound);
  });

  it('reports progress with a non-increasing best objective', async () => {
    const seen: RosterProgress[] = [];
    const instance = parseCurtoisQuInstance(readFileSync('/work/shared/benchmarks/rostering/Instance1.txt', 'utf8'));
    const result = await generateRoster({ instance, timeLimitMs: 20_000, seed: 1, onProgress: (p) => seen.push(p) });
    expect(result.violations).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    for (const p of seen) expect(p.fraction).toBeGreaterThanOrEqual(0);
    for (const p of seen) expect(p.fraction).toBeLessThanOrEqual(1);
    // Reports made on an improvement carry that roster, and the checker agrees with its figure.
    const withRoster = seen.filter((p) => p.roster !== undefined);
    expect(withRoster.length).toBeGreaterThan(0);
    for (const p of withRoster) expect(checkRoster(instance, p.roster ?? []).objective).toBe(p.bestObjective);
    const bests = seen.map((p) => p.bestObjective).filter((b): b is number => b !== null);
    for (let i = 1; i < bests.length; i++) expect(bests[i]).toBeLessThanOrEqual(bests[i - 1] ?? Number.POSITIVE_INFINITY);
    expect(result.objective).toBeLessThanOrEqual(bests.at(-1) ?? Number.POSITIVE_INFINITY);
  });

  it('stops at once when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const result = await generateRoster({ instance: tinyInstance(), timeLimitMs: 20_000, signal: ac.signal });
    expect(result.iterations).toBe(0);
    expect(result.roster).toHaveLength(2);
  });
});
