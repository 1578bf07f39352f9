import { describe, expect, it } from 'vitest';
import { staffViolations } from './roster.checker.ts';
import { compileInstance } from './roster.compiled.ts';
import { ColumnGeneration, rowCost } from './roster.colgen.ts';
import { bruteForceOptimum as optimum, feasibleRows, rosterObjective as objective, tinyInstance } from './roster.fixtures.ts';
import { loadHighs } from './roster.highs.ts';
import type { RosterInstance } from './roster.model.ts';

const instances: [string, RosterInstance][] = [
  ['tiny', tinyInstance()],
  ['tiny with runs of three', {
    ...tinyInstance(),
    staff: tinyInstance().staff.map((p) => ({ ...p, minConsecutiveShifts: 3, minConsecutiveDaysOff: 3, maxTotalMinutes: 6 * 480 })),
  }],
];

describe('ColumnGeneration', () => {
  it.each(instances)('%s: the priced LP equals the LP over every feasible schedule, and bounds the optimum', async (_, inst) => {
    const highs = await loadHighs();
    const c = compileInstance(inst);
    const cg = new ColumnGeneration(highs, c);
    const root = cg.runRoot({ deadline: performance.now() + 20_000 });
    expect(root.converged).toBe(true);
    const full = new ColumnGeneration(highs, c);
    for (let s = 0; s < c.S; s++) for (const row of feasibleRows(c, s)) full.addColumn(s, row);
    const all = full.runRoot({ deadline: performance.now() + 20_000 });
    expect(all.converged).toBe(true);
    expect(full.pool.length).toBe(feasibleRows(c, 0).length + feasibleRows(c, 1).length);
    expect(root.lpValue).toBeCloseTo(all.lpValue, 6);
    // The Lagrangian bound is valid and meets the LP value at convergence.
    const opt = optimum(c);
    expect(root.bound).toBeLessThanOrEqual(opt + 1e-6);
    expect(root.bound).toBeCloseTo(root.lpValue, 6);
    // The integer master over every schedule is the true optimum.
    const ip = full.solveInteger({ timeLimitSec: 20 });
    expect(ip.roster).not.toBeNull();
    expect(objective(c, ip.roster ?? [])).toBe(opt);
    expect(ip.objective).toBeCloseTo(opt, 6);
    cg.dispose();
    full.dispose();
  });

  it('prices only feasible schedules and costs them by their requests', async () => {
    const highs = await loadHighs();
    const c = compileInstance(tinyInstance());
    const cg = new ColumnGeneration(highs, c);
    cg.runRoot({ deadline: performance.now() + 20_000 });
    expect(cg.pool.length).toBeGreaterThan(0);
    for (const col of cg.pool) {
      expect(staffViolations(c, col.s, col.row)).toEqual([]);
      expect(col.cost).toBe(rowCost(c, col.s, col.row));
    }
    // A row breaking its person's rules is refused.
    expect(cg.addColumn(0, [0, 0, 0, 0, 0, 0, 0])).toBe(false);
    cg.dispose();
  });

  it('dives to a feasible roster; a neighbourhood with everyone free closes only at the optimum', async () => {
    const highs = await loadHighs();
    const c = compileInstance(tinyInstance());
    const cg = new ColumnGeneration(highs, c);
    cg.runRoot({ deadline: performance.now() + 20_000 });
    let seed = 7;
    const rng = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const dived = cg.dive({ deadline: performance.now() + 20_000, rng });
    expect(dived).not.toBeNull();
    const roster = dived ?? [];
    for (let s = 0; s < c.S; s++) expect(staffViolations(c, s, roster[s] ?? [])).toEqual([]);
    const opt = optimum(c);
    expect(objective(c, roster)).toBeGreaterThanOrEqual(opt);
    const move = cg.neighbourhood({
      incumbent: roster, incumbentObjective: objective(c, roster), freeStaff: new Set([0, 1]),
      deadline: performance.now() + 20_000, rng,
    });
    const best = move.roster ?? roster;
    for (let s = 0; s < c.S; s++) expect(staffViolations(c, s, best[s] ?? [])).toEqual([]);
    // Nothing below the optimum; with everyone free, an LP that closes the move proves the
    // incumbent optimal, otherwise the dive may only keep or improve it.
    expect(objective(c, best)).toBeGreaterThanOrEqual(opt);
    if (move.closed) expect(objective(c, roster)).toBe(opt);
    else expect(objective(c, best)).toBeLessThanOrEqual(objective(c, roster));
    cg.dispose();
  });
});
