/**
 * "Optimize today" on the board: pure helpers that turn a day-plan proposal into what the
 * dialog shows (deltas, per-crew changes, reasons). No Svelte, no fetch: unit-tested.
 */
import type { DayPlanCrew, DayPlanFigures, DayPlanProposal, DayPlanReason } from '../contracts.ts';
import type { Locale } from '../i18n/messages.ts';

/** Minutes as people read them: "0 min", "45 min", "2 h 05 min". */
export function formatMinutes(seconds: number, locale: Locale): string {
  const m = Math.round(Math.abs(seconds) / 60);
  const sign = seconds < 0 && m > 0 ? '−' : '';
  if (m < 60) return `${sign}${m} min`;
  const h = Math.floor(m / 60);
  const rest = String(m % 60).padStart(2, '0');
  return locale === 'en' ? `${sign}${h} h ${rest} min` : `${sign}${h} h ${rest} min`;
}

export type Trend = 'better' | 'worse' | 'same';

export interface FigureRow {
  key: 'travel' | 'late' | 'unassigned' | 'assigned';
  before: number;
  after: number;
  delta: number;
  /** for travel, lateness and unassigned less is better; for assigned, more */
  trend: Trend;
  /** relative change in percent (rounded), null when before is 0 */
  pct: number | null;
  unit: 'time' | 'count';
}

function row(key: FigureRow['key'], before: number, after: number, unit: FigureRow['unit'], lessIsBetter: boolean): FigureRow {
  const delta = after - before;
  // a change under a minute of driving is noise from rounding, not an improvement
  const same = unit === 'time' ? Math.abs(delta) < 60 : delta === 0;
  const trend: Trend = same ? 'same' : delta < 0 === lessIsBetter ? 'better' : 'worse';
  return { key, before, after, delta, trend, pct: before === 0 ? null : Math.round((delta / before) * 100), unit };
}

/** The four headline figures of a proposal, before → after with their change. */
export function figureRows(before: DayPlanFigures, after: DayPlanFigures): FigureRow[] {
  return [
    row('travel', before.travelSeconds, after.travelSeconds, 'time', true),
    row('late', before.lateSeconds, after.lateSeconds, 'time', true),
    row('unassigned', before.unassigned, after.unassigned, 'count', true),
    row('assigned', before.assigned, after.assigned, 'count', false),
  ];
}

export interface CrewChange {
  crew: DayPlanCrew;
  /** orders new on this crew's list */
  added: Set<string>;
  /** orders that leave this crew's list */
  removed: string[];
  /** same orders, another order */
  reordered: boolean;
  travelDelta: number;
}

/** Per-crew table: changed crews first (largest saving first), then unchanged, by name. */
export function crewChanges(p: DayPlanProposal): CrewChange[] {
  const out = p.crews.map((crew): CrewChange => {
    const before = new Set(crew.before);
    const after = new Set(crew.after);
    const added = new Set(crew.after.filter((id) => !before.has(id)));
    const removed = crew.before.filter((id) => !after.has(id));
    const reordered = added.size === 0 && removed.length === 0 && crew.changed;
    return { crew, added, removed, reordered, travelDelta: crew.travelSecondsAfter - crew.travelSecondsBefore };
  });
  return out.sort((a, b) => Number(b.crew.changed) - Number(a.crew.changed) || a.travelDelta - b.travelDelta || a.crew.crewName.localeCompare(b.crew.crewName));
}

/** Message key of an engine reason (Spanish first, like every text of the console). */
export function reasonKey(reason: DayPlanReason): `dayPlan.reason.${DayPlanReason}` {
  return `dayPlan.reason.${reason}`;
}

/** Message key for an error code of the day-plan endpoints. */
export function errorKey(code: string): 'dayPlan.error.boardChanged' | 'dayPlan.error.expired' | 'dayPlan.error.busy' | 'dayPlan.error.other' {
  if (code === 'board_changed') return 'dayPlan.error.boardChanged';
  if (code === 'proposal_expired') return 'dayPlan.error.expired';
  if (code === 'solver_busy') return 'dayPlan.error.busy';
  return 'dayPlan.error.other';
}

/** Share of the solve done, from the time limit (the server answers when it is spent), 0..0.97. */
export function solveProgress(elapsedMs: number, timeLimitSeconds: number): number {
  // the travel-time matrix and the write take a moment on top of the limit: never show 100 %
  return Math.min(0.97, Math.max(0, elapsedMs / (timeLimitSeconds * 1000 + 1500)));
}

/** Hour and minute in the utility's time zone, e.g. "17:00". */
export function formatHour(iso: string, locale: Locale, timeZone = 'America/Montevideo'): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/**
 * The crew's planned break as the dialog shows it ("Descanso 12:30–13:00" / "Break 12:30–13:00"
 * with the message's own word), or null when the plan gives it none.
 */
export function breakTimes(crew: DayPlanCrew, locale: Locale, timeZone = 'America/Montevideo'): { from: string; to: string } | null {
  if (!crew.break) return null;
  return { from: formatHour(crew.break.start, locale, timeZone), to: formatHour(crew.break.end, locale, timeZone) };
}
