import type { CoverRule, RosterView, ShiftRequest, ShiftTypeConfig } from '../contracts.ts';
import { compactHours, isoWeekday, isWeekend, shiftHours } from './dates.ts';

type Check = NonNullable<RosterView['check']>;
export type Violation = Check['violations'][number];
export type Penalty = Check['penalties'][number];

export interface DayColumn {
  date: string;
  index: number;
  weekend: boolean;
  today: boolean;
}

export interface GanttCell {
  crewId: string;
  date: string;
  index: number;
  /** shift code, `''` = day off */
  code: string;
  /** null on a day off, or when the code is not a known shift type (shown as such) */
  shift: ShiftTypeConfig | null;
  /** "07:00–15:00" */
  hours: string;
  /** "07–15" for the block itself (narrow columns) */
  short: string;
  weekend: boolean;
  today: boolean;
  violations: Violation[];
  /** the crew's requests for this day that the roster does not honour */
  requests: Penalty[];
  /** what the crew asked for this day (leave, wishes), honoured or not */
  asked: ShiftRequest[];
}

export interface GanttRow {
  crewId: string;
  name: string;
  cells: GanttCell[];
  /** rules over the whole roster (total minutes) */
  crewViolations: Violation[];
  shifts: number;
  minutes: number;
}

export interface CoverCell {
  date: string;
  index: number;
  assigned: number;
  /** null: no cover rule for this shift on this day */
  required: number | null;
  /** assigned − required (negative: crews missing) */
  gap: number;
  penalty: Penalty | null;
  weekend: boolean;
}

export interface CoverRow {
  shift: ShiftTypeConfig;
  cells: CoverCell[];
}

export interface GanttModel {
  days: DayColumn[];
  rows: GanttRow[];
  cover: CoverRow[];
  violationCount: number;
}

export const cellKey = (crewId: string, date: string): string => `${crewId}|${date}`;

/** Violations by cell (`crewId|date`) and, for whole-roster rules (date null), by crew. */
export function groupViolations(violations: readonly Violation[]): { byCell: Map<string, Violation[]>; byCrew: Map<string, Violation[]> } {
  const byCell = new Map<string, Violation[]>();
  const byCrew = new Map<string, Violation[]>();
  for (const v of violations) {
    const map = v.date === null ? byCrew : byCell;
    const key = v.date === null ? v.crewId : cellKey(v.crewId, v.date);
    const list = map.get(key);
    if (list) list.push(v);
    else map.set(key, [v]);
  }
  return { byCell, byCrew };
}

/** How many crews work each shift code on each day (`counts[code][dayIndex]`). */
export function countAssigned(assignments: Record<string, readonly string[]>, days: number): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const row of Object.values(assignments)) {
    for (let d = 0; d < days; d++) {
      const code = row[d] ?? '';
      if (!code) continue;
      let c = counts.get(code);
      if (!c) counts.set(code, (c = new Array<number>(days).fill(0)));
      c[d] = (c[d] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Required crews per shift and day. The server's check is the authority: a cover penalty says
 * exactly how far off the day is; without a penalty a day that has a cover rule is met.
 * `cover` (the current configuration) only tells which days have a requirement at all.
 */
export function coverTable(opts: {
  dates: readonly string[];
  shiftTypes: readonly ShiftTypeConfig[];
  assignments: Record<string, readonly string[]>;
  penalties: readonly Penalty[];
  cover?: readonly CoverRule[];
}): CoverRow[] {
  const counts = countAssigned(opts.assignments, opts.dates.length);
  const pen = new Map<string, Penalty>();
  for (const p of opts.penalties) if (p.kind === 'cover-under' || p.kind === 'cover-over') pen.set(`${p.shiftCode}|${p.date}`, p);
  return opts.shiftTypes.map((shift) => ({
    shift,
    cells: opts.dates.map((date, index) => {
      const assigned = counts.get(shift.code)?.[index] ?? 0;
      const p = pen.get(`${shift.code}|${date}`) ?? null;
      const wd = isoWeekday(date);
      const ruled = (opts.cover ?? []).some((r) => r.shiftCode === shift.code && r.weekdays.includes(wd));
      let required: number | null = null;
      if (p) required = p.kind === 'cover-under' ? assigned + p.amount : Math.max(0, assigned - p.amount);
      else if (ruled) required = assigned;
      return { date, index, assigned, required, gap: required === null ? 0 : assigned - required, penalty: p, weekend: isWeekend(date) };
    }),
  }));
}

/** Everything the Gantt draws, from one roster view; rows follow `crewOrder` (names by id). */
export function buildGantt(opts: {
  view: RosterView;
  crewNames?: ReadonlyMap<string, string>;
  today?: string;
  cover?: readonly CoverRule[];
  shiftRequests?: readonly ShiftRequest[];
}): GanttModel {
  const { view } = opts;
  const types = new Map(view.shiftTypes.map((s) => [s.code, s]));
  const days: DayColumn[] = view.dates.map((date, index) => ({ date, index, weekend: isWeekend(date), today: date === opts.today }));
  const violations = view.check?.violations ?? [];
  const penalties = view.check?.penalties ?? [];
  const { byCell, byCrew } = groupViolations(violations);
  const requests = new Map<string, Penalty[]>();
  for (const p of penalties) {
    if (!p.crewId || (p.kind !== 'shift-on-request' && p.kind !== 'shift-off-request')) continue;
    const k = cellKey(p.crewId, p.date);
    requests.set(k, [...(requests.get(k) ?? []), p]);
  }
  const asked = new Map<string, ShiftRequest[]>();
  for (const r of opts.shiftRequests ?? []) {
    const k = cellKey(r.crewId, r.date);
    asked.set(k, [...(asked.get(k) ?? []), r]);
  }
  const crewIds = view.roster.crewIds.length ? view.roster.crewIds : Object.keys(view.assignments);
  const rows = crewIds.map((crewId): GanttRow => {
    const row = view.assignments[crewId] ?? [];
    let shifts = 0;
    let minutes = 0;
    const cells = days.map((day): GanttCell => {
      const code = row[day.index] ?? '';
      const shift = code ? (types.get(code) ?? null) : null;
      if (shift) {
        shifts++;
        minutes += shift.minutes;
      }
      const k = cellKey(crewId, day.date);
      return {
        crewId,
        date: day.date,
        index: day.index,
        code,
        shift,
        hours: shift ? shiftHours(shift.start, shift.minutes) : '',
        short: shift ? compactHours(shift.start, shift.minutes) : '',
        weekend: day.weekend,
        today: day.today,
        violations: byCell.get(k) ?? [],
        requests: requests.get(k) ?? [],
        asked: asked.get(k) ?? [],
      };
    });
    return { crewId, name: opts.crewNames?.get(crewId) ?? crewId, cells, crewViolations: byCrew.get(crewId) ?? [], shifts, minutes };
  });
  const cover = coverTable({ dates: view.dates, shiftTypes: view.shiftTypes, assignments: view.assignments, penalties, ...(opts.cover ? { cover: opts.cover } : {}) });
  return { days, rows, cover, violationCount: violations.length };
}

/** Objective split into its terms (what the planner pays for), from the check's penalties. */
export function objectiveTerms(penalties: readonly Penalty[]): Record<Penalty['kind'], { cost: number; count: number }> {
  const terms: Record<Penalty['kind'], { cost: number; count: number }> = {
    'cover-under': { cost: 0, count: 0 },
    'cover-over': { cost: 0, count: 0 },
    'shift-on-request': { cost: 0, count: 0 },
    'shift-off-request': { cost: 0, count: 0 },
  };
  for (const p of penalties) {
    terms[p.kind].cost += p.cost;
    terms[p.kind].count += p.amount;
  }
  return terms;
}

/** The side panel's list: violations by day then crew (whole-roster ones first). */
export function sortedViolations(violations: readonly Violation[], crewOrder: readonly string[]): Violation[] {
  const pos = new Map(crewOrder.map((c, i) => [c, i]));
  return [...violations].sort(
    (a, b) => (a.date ?? '').localeCompare(b.date ?? '') || (pos.get(a.crewId) ?? 1e9) - (pos.get(b.crewId) ?? 1e9) || a.rule.localeCompare(b.rule),
  );
}

/** Cover gaps (crews missing) first by size then date; surpluses after. */
export function coverGaps(penalties: readonly Penalty[]): Penalty[] {
  return penalties
    .filter((p) => p.kind === 'cover-under' || p.kind === 'cover-over')
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'cover-under' ? -1 : 1) || a.date.localeCompare(b.date) || a.shiftCode.localeCompare(b.shiftCode));
}

/**
 * A hand edit applied locally so the grid answers at once; the server's answer (with the new
 * check) replaces it a moment later.
 */
export function withChange(
  assignments: Record<string, readonly string[]>,
  dates: readonly string[],
  change: { crewId: string; date: string; shiftCode: string },
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(assignments)) out[k] = [...v];
  const d = dates.indexOf(change.date);
  if (d < 0) return out;
  const row = out[change.crewId] ?? new Array<string>(dates.length).fill('');
  row[d] = change.shiftCode;
  out[change.crewId] = row;
  return out;
}

/** Keyboard moves in the grid: arrows within bounds, Home/End to the row's ends. */
export function moveFocus(pos: { row: number; col: number }, key: string, size: { rows: number; cols: number }): { row: number; col: number } | null {
  const clamp = (v: number, max: number): number => Math.max(0, Math.min(max - 1, v));
  switch (key) {
    case 'ArrowLeft':
      return { row: pos.row, col: clamp(pos.col - 1, size.cols) };
    case 'ArrowRight':
      return { row: pos.row, col: clamp(pos.col + 1, size.cols) };
    case 'ArrowUp':
      return { row: clamp(pos.row - 1, size.rows), col: pos.col };
    case 'ArrowDown':
      return { row: clamp(pos.row + 1, size.rows), col: pos.col };
    case 'Home':
      return { row: pos.row, col: 0 };
    case 'End':
      return { row: pos.row, col: size.cols - 1 };
    default:
      return null;
  }
}

/** Readable text on a shift's colour (WCAG relative luminance). */
export function inkOn(hex: string): '#000' | '#fff' {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000';
  const lin = (c: string): number => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(m[1] ?? '0') + 0.7152 * lin(m[2] ?? '0') + 0.0722 * lin(m[3] ?? '0');
  // contrast against black (l+0.05)/0.05 vs white 1.05/(l+0.05): pick the larger
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}
