import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { staffViolations } from './roster.checker.ts';
import { cellDive } from './roster.cell-dive.ts';
import { ColumnGeneration } from './roster.colgen.ts';
import { compileInstance } from './roster.compiled.ts';
import { bruteForceOptimum, feasibleRows, rosterObjective, tinyInstance } from './roster.fixtures.ts';
import { loadHighs } from './roster.highs.ts';
import { parseCurtoisQuInstance } from './roster.parser.ts';

function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 16807) % 2147483647;
    return x / 2147483647;
  };
}

describe('cell forcing in the column generation', () => {
  it('a forced cell gives the LP over exactly the schedules that agree with it, and clearing it restores the root', async () => {
    const highs = await loadHighs();
    const c = compileInstance(tinyInstance());
    const cg = new ColumnGeneration(highs, c);
    const root = cg.runRoot({ deadline: performance.now() + 20_000 });
    expect(root.converged).toBe(true);
    // Force person 0 onto shift 0 on day 2, where the root LP does not put them entirely.
    const values = cg.cellValues();
    expect(values).not.toBeNull();
    cg.forceCell(0, 2, 0);
    const forced = cg.runRoot({ deadline: performance.now() + 20_000 });
    expect(forced.converged).toBe(true);
    // Reference: the LP over every feasible schedule agreeing with the forced cell (the pool is
    // complete, so its pricing has nothing to add).
    const ref = new ColumnGeneration(highs, c);
    for (let s = 0; s < c.S; s++) for (const row of feasibleRows(c, s)) if (s !== 0 || row[2] === 0) ref.addColumn(s, row);
    ref.forceCell(0, 2, 0);
    const poolBefore = ref.pool.length;
    const all = ref.runRoot({ deadline: performance.now() + 20_000 });
    expect(ref.pool.length).toBe(poolBefore);
    expect(forced.lpValue).toBeCloseTo(all.lpValue, 6);
    expect(forced.lpValue).toBeGreaterThanOrEqual(root.lpValue - 1e-9);
    // Every schedule of person 0 the LP uses works shift 0 on day 2.
    const x = cg.cellValues() ?? new Float64Array();
    const V = c.T + 1;
    expect(x[(0 * c.H + 2) * V + 0 + 1]).toBeCloseTo(1, 9);
    expect(cg.forcedValue(0, 2)).toBe(0);
    cg.clearCells();
    expect(cg.forcedValue(0, 2)).toBeUndefined();
    const back = cg.runRoot({ deadline: performance.now() + 20_000 });
    expect(back.lpValue).toBeCloseTo(root.lpValue, 6);
    cg.dispose();
    ref.dispose();
  });

  it('dives to a roster that keeps every rule, never below the brute-force optimum, and leaves no cell forced', async () => {
    const highs = await loadHighs();
    for (const inst of [tinyInstance(), { ...tinyInstance(), staff: tinyInstance().staff.map((p) => ({ ...p, minConsecutiveShifts: 3, minConsecutiveDaysOff: 3 })) }]) {
      const c = compileInstance(inst);
      const cg = new ColumnGeneration(highs, c);
      const root = cg.runRoot({ deadline: performance.now() + 20_000 });
      const roster = cellDive(cg, c, { deadline: performance.now() + 20_000, rng: lcg(3) });
      expect(roster).not.toBeNull();
      for (let s = 0; s < c.S; s++) expect(staffViolations(c, s, roster?.[s] ?? [])).toEqual([]);
      expect(rosterObjective(c, roster ?? [])).toBeGreaterThanOrEqual(bruteForceOptimum(c));
      for (let s = 0; s < c.S; s++) for (let d = 0; d < c.H; d++) expect(cg.forcedValue(s, d)).toBeUndefined();
      expect(cg.runRoot({ deadline: performance.now() + 20_000 }).lpValue).toBeCloseTo(root.lpValue, 6);
      cg.dispose();
    }
  });

  it('gives up when the LP cannot beat the cutoff', async () => {
    const highs = await loadHighs();
    const c = compileInstance(tinyInstance());
    const cg = new ColumnGeneration(highs, c);
    cg.runRoot({ deadline: performance.now() + 20_000 });
    // Nothing costs less than the optimum: a cutoff at the optimum leaves nothing to find.
    const opt = bruteForceOptimum(c);
    expect(cellDive(cg, c, { deadline: performance.now() + 20_000, rng: lcg(5), cutoff: Math.ceil(cg.lpValue - 1e-9) })).toBeNull();
    expect(opt).toBeGreaterThanOrEqual(Math.ceil(cg.lpValue - 1e-9));
    cg.dispose();
  });

  it('lands within 2 % of the optimum on Instance9, where the LP is 7.6 % below it', { timeout: 180_000 }, async () => {
    const inst = parseCurtoisQuInstance(readFileSync('/work/shared/benchmarks/rostering/Instance9.txt', 'utf8'));
    const highs = await loadHighs();
    const c = compileInstance(inst);
    const cg = new ColumnGeneration(highs, c);
    const root = cg.runRoot({ deadline: Number.POSITIVE_INFINITY });
    expect(root.converged).toBe(true);
    expect(root.lpValue).toBeLessThan(439 * 0.93);
    const roster = cellDive(cg, c, { deadline: Number.POSITIVE_INFINITY, rng: lcg(1), batchThreshold: 0.8 });
    expect(roster).not.toBeNull();
    for (let s = 0; s < c.S; s++) expect(staffViolations(c, s, roster?.[s] ?? [])).toEqual([]);
    const obj = rosterObjective(c, roster ?? []);
    expect(obj).toBeGreaterThanOrEqual(439);
    expect(obj).toBeLessThanOrEqual(Math.floor(439 * 1.02));
    cg.dispose();
  });
});
