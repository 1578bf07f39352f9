import { describe, expect, it } from 'vitest';
import type { DayPlanProposal } from '../contracts.ts';
import { messages } from '../i18n/messages.ts';
import { breakTimes, crewChanges, errorKey, figureRows, formatMinutes, reasonKey, solveProgress } from './day-plan.ts';

const crew = (crewId: string, before: string[], after: string[], travel: [number, number]) => ({
  crewId,
  crewName: `Cuadrilla ${crewId}`,
  frozenOrderId: null,
  startFrom: 'live' as const,
  before,
  after,
  travelSecondsBefore: travel[0],
  travelSecondsAfter: travel[1],
  lateSecondsBefore: 0,
  lateSecondsAfter: 0,
  changed: before.join() !== after.join(),
  break: null as { start: string; end: string; afterOrderId: string | null } | null,
});

const proposal: DayPlanProposal = {
  id: 'p',
  createdAt: '2026-11-30T13:00:00Z',
  createdBy: 'd',
  shift: { source: 'workday', start: '2026-11-30T13:00:00Z', end: '2026-11-30T20:00:00Z' },
  skippedCrews: [],
  timeLimitSeconds: 5,
  solveSeconds: 5,
  before: { travelSeconds: 7200, lateSeconds: 600, unassigned: 3, assigned: 3 },
  after: { travelSeconds: 3000, lateSeconds: 0, unassigned: 1, assigned: 5 },
  crews: [crew('a', ['1'], ['1'], [600, 600]), crew('b', ['2', '3'], ['3', '2'], [1800, 1500]), crew('c', ['4'], ['5', '4', '6'], [4800, 900])],
  unassigned: [{ orderId: '7', reason: 'no_crew_with_skill', priority: 'normal', keptByCrewId: null }],
  changedOrders: 5,
  notConsidered: 0,
  appliedAt: null,
};

describe('optimize dialog helpers', () => {
  it('shows before → after with the change and whether it is better', () => {
    const rows = figureRows(proposal.before, proposal.after);
    expect(rows.map((r) => [r.key, r.delta, r.trend, r.pct])).toEqual([
      ['travel', -4200, 'better', -58],
      ['late', -600, 'better', -100],
      ['unassigned', -2, 'better', -67],
      ['assigned', 2, 'better', 67],
    ]);
    expect(figureRows({ ...proposal.before, travelSeconds: 100 }, { ...proposal.after, travelSeconds: 130, assigned: 2 }).map((r) => r.trend)).toEqual(['same', 'better', 'better', 'worse']);
  });

  it('lists changed crews first, biggest saving first, with what is new on each list', () => {
    const c = crewChanges(proposal);
    expect(c.map((x) => x.crew.crewId)).toEqual(['c', 'b', 'a']);
    expect([...c[0]!.added]).toEqual(['5', '6']);
    expect(c[1]!.reordered).toBe(true);
    expect(c[2]!.crew.changed).toBe(false);
  });

  it('formats minutes for people and never shows the solve as finished before the answer', () => {
    expect(formatMinutes(0, 'es-UY')).toBe('0 min');
    expect(formatMinutes(2700, 'es-UY')).toBe('45 min');
    expect(formatMinutes(7500, 'en')).toBe('2 h 05 min');
    expect(formatMinutes(-600, 'es-UY')).toBe('−10 min');
    expect(solveProgress(0, 5)).toBe(0);
    expect(solveProgress(60_000, 5)).toBeLessThan(1);
  });

  it("shows a crew's planned break on the utility's clock, and nothing without one", () => {
    const lunch = { ...crew('a', ['1'], ['1'], [600, 600]), break: { start: '2026-11-30T15:30:00Z', end: '2026-11-30T16:00:00Z', afterOrderId: '1' } };
    const times = breakTimes(lunch, 'es-UY')!;
    expect(times).toEqual({ from: '12:30', to: '13:00' });
    expect(messages['es-UY']['dayPlan.break'].replace('{from}', times.from).replace('{to}', times.to)).toBe('Descanso 12:30–13:00');
    expect(messages.en['dayPlan.break'].replace('{from}', times.from).replace('{to}', times.to)).toBe('Break 12:30–13:00');
    expect(breakTimes(crew('b', [], [], [0, 0]), 'es-UY')).toBeNull();
  });

  it('has Spanish and English text for every reason and error', () => {
    for (const r of ['no_crew_with_skill', 'window_outside_shifts', 'exceeds_capacity', 'does_not_fit'] as const) {
      expect(messages['es-UY'][reasonKey(r)]).toMatch(/\w/);
      expect(messages.en[reasonKey(r)]).toMatch(/\w/);
    }
    expect(errorKey('board_changed')).toBe('dayPlan.error.boardChanged');
    expect(messages['es-UY'][errorKey('board_changed')]).toContain('optimizá de nuevo');
    expect(errorKey('whatever')).toBe('dayPlan.error.other');
  });
});
