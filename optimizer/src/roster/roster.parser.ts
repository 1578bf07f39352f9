import type {
  CoverRequirement,
  RosterInstance,
  ShiftRequest,
  ShiftType,
  StaffMember,
} from './roster.model.ts';

/** A malformed instance file; `line` is 1-based. */
export class RosterParseError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'RosterParseError';
    this.line = line;
  }
}

type Section =
  | 'SECTION_HORIZON'
  | 'SECTION_SHIFTS'
  | 'SECTION_STAFF'
  | 'SECTION_DAYS_OFF'
  | 'SECTION_SHIFT_ON_REQUESTS'
  | 'SECTION_SHIFT_OFF_REQUESTS'
  | 'SECTION_COVER';

const SECTIONS: ReadonlySet<string> = new Set<Section>([
  'SECTION_HORIZON',
  'SECTION_SHIFTS',
  'SECTION_STAFF',
  'SECTION_DAYS_OFF',
  'SECTION_SHIFT_ON_REQUESTS',
  'SECTION_SHIFT_OFF_REQUESTS',
  'SECTION_COVER',
]);

function isSection(s: string): s is Section {
  return SECTIONS.has(s);
}

interface Line {
  readonly no: number;
  readonly fields: string[];
}

/**
 * Parses a Curtois & Qu shift scheduling benchmark file (the `SECTION_HORIZON` … `SECTION_COVER`
 * text format of schedulingbenchmarks.org) into a {@link RosterInstance}. Takes the file text,
 * not a path, so the optimizer stays free of I/O.
 *
 * The benchmark horizon starts on a Monday, hence `weekendDays: [5, 6]`.
 *
 * @throws RosterParseError naming the 1-based line of the first problem found.
 * @example
 * ```ts
 * const instance = parseCurtoisQuInstance(readFileSync('Instance1.txt', 'utf8'));
 * instance.horizonDays; // 14
 * ```
 */
export function parseCurtoisQuInstance(text: string): RosterInstance {
  const bySection = new Map<Section, Line[]>();
  const sectionLine = new Map<Section, number>();
  let current: Section | null = null;
  const rawLines = text.split(/\r?\n/);
  rawLines.forEach((raw, i) => {
    const no = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('SECTION_')) {
      if (!isSection(line)) throw new RosterParseError(no, `unknown section "${line}"`);
      if (sectionLine.has(line)) throw new RosterParseError(no, `section ${line} appears twice`);
      current = line;
      sectionLine.set(line, no);
      bySection.set(line, []);
      return;
    }
    if (current === null) throw new RosterParseError(no, `data before any SECTION_ header: "${line}"`);
    bySection.get(current)?.push({ no, fields: line.split(',').map((f) => f.trim()) });
  });
  const endLine = rawLines.length;

  const required = (s: Section): Line[] => {
    const lines = bySection.get(s);
    if (lines === undefined) throw new RosterParseError(endLine, `missing section ${s}`);
    return lines;
  };

  // Horizon
  const horizonLines = required('SECTION_HORIZON');
  const h = horizonLines[0];
  if (h === undefined) throw new RosterParseError(sectionLine.get('SECTION_HORIZON') ?? endLine, 'empty horizon section');
  if (horizonLines.length > 1) throw new RosterParseError(horizonLines[1]?.no ?? h.no, 'horizon section has more than one value');
  const horizonDays = int(h, 0, 'horizon length', 1);

  // Shifts (forbidden successors are resolved after all ids are known)
  const shiftLines = required('SECTION_SHIFTS');
  const shiftIds = new Set<string>();
  for (const l of shiftLines) {
    expectFields(l, 2, 3, 'ShiftID, Length in mins, forbidden followers');
    const id = id_(l, 0, 'shift id');
    if (shiftIds.has(id)) throw new RosterParseError(l.no, `duplicate shift id "${id}"`);
    shiftIds.add(id);
  }
  const shifts: ShiftType[] = shiftLines.map((l) => {
    const forbidden = (l.fields[2] ?? '').split('|').map((s) => s.trim()).filter((s) => s !== '');
    for (const f of forbidden) {
      if (!shiftIds.has(f)) throw new RosterParseError(l.no, `unknown shift "${f}" in forbidden followers`);
    }
    return { id: id_(l, 0, 'shift id'), minutes: int(l, 1, 'shift length', 0), forbiddenNext: forbidden };
  });

  // Staff
  const staffLines = required('SECTION_STAFF');
  const staffIds = new Set<string>();
  const staffDraft = staffLines.map((l) => {
    expectFields(l, 8, 8, 'ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends');
    const id = id_(l, 0, 'staff id');
    if (staffIds.has(id)) throw new RosterParseError(l.no, `duplicate staff id "${id}"`);
    staffIds.add(id);
    const maxShifts: Record<string, number> = {};
    for (const part of (l.fields[1] ?? '').split('|').filter((p) => p.trim() !== '')) {
      const m = /^\s*([^=\s]+)\s*=\s*(\d+)\s*$/.exec(part);
      if (m === null) throw new RosterParseError(l.no, `bad MaxShifts entry "${part}" (expected ShiftID=count)`);
      const sid = m[1] ?? '';
      if (!shiftIds.has(sid)) throw new RosterParseError(l.no, `unknown shift "${sid}" in MaxShifts`);
      maxShifts[sid] = Number(m[2]);
    }
    return {
      id,
      maxShifts,
      maxTotalMinutes: int(l, 2, 'MaxTotalMinutes', 0),
      minTotalMinutes: int(l, 3, 'MinTotalMinutes', 0),
      maxConsecutiveShifts: int(l, 4, 'MaxConsecutiveShifts', 0),
      minConsecutiveShifts: int(l, 5, 'MinConsecutiveShifts', 0),
      minConsecutiveDaysOff: int(l, 6, 'MinConsecutiveDaysOff', 0),
      maxWeekends: int(l, 7, 'MaxWeekends', 0),
    };
  });

  const day = (l: Line, i: number): number => {
    const d = int(l, i, 'day index', 0);
    if (d >= horizonDays) throw new RosterParseError(l.no, `day ${d} is outside the ${horizonDays}-day horizon`);
    return d;
  };
  const staffRef = (l: Line, i: number): string => {
    const s = id_(l, i, 'staff id');
    if (!staffIds.has(s)) throw new RosterParseError(l.no, `unknown staff "${s}"`);
    return s;
  };
  const shiftRef = (l: Line, i: number): string => {
    const s = id_(l, i, 'shift id');
    if (!shiftIds.has(s)) throw new RosterParseError(l.no, `unknown shift "${s}"`);
    return s;
  };

  // Days off: "EmployeeID, day, day, ..."
  const daysOff = new Map<string, number[]>();
  for (const l of bySection.get('SECTION_DAYS_OFF') ?? []) {
    expectFields(l, 1, Number.POSITIVE_INFINITY, 'EmployeeID, DayIndexes');
    const s = staffRef(l, 0);
    const list = daysOff.get(s) ?? [];
    for (let i = 1; i < l.fields.length; i++) {
      if (l.fields[i] === '') continue;
      list.push(day(l, i));
    }
    daysOff.set(s, list);
  }
  const staff: StaffMember[] = staffDraft.map((s) => ({ ...s, daysOff: daysOff.get(s.id) ?? [] }));

  const requests = (sec: Section): ShiftRequest[] =>
    (bySection.get(sec) ?? []).map((l) => {
      expectFields(l, 4, 4, 'EmployeeID, Day, ShiftID, Weight');
      return { staffId: staffRef(l, 0), day: day(l, 1), shiftId: shiftRef(l, 2), weight: int(l, 3, 'weight', 0) };
    });

  // One requirement per day and shift: a second line would be ambiguous (add up? replace?).
  const coverSeen = new Map<string, number>();
  const cover: CoverRequirement[] = (bySection.get('SECTION_COVER') ?? []).map((l) => {
    expectFields(l, 5, 5, 'Day, ShiftID, Requirement, Weight for under, Weight for over');
    const key = `${day(l, 0)},${shiftRef(l, 1)}`;
    const first = coverSeen.get(key);
    if (first !== undefined) throw new RosterParseError(l.no, `second cover line for day ${key.replace(',', ', shift ')} (first on line ${first})`);
    coverSeen.set(key, l.no);
    return {
      day: day(l, 0),
      shiftId: shiftRef(l, 1),
      requirement: int(l, 2, 'requirement', 0),
      weightUnder: int(l, 3, 'weight for under', 0),
      weightOver: int(l, 4, 'weight for over', 0),
    };
  });

  return {
    horizonDays,
    weekendDays: [5, 6],
    shifts,
    staff,
    shiftOnRequests: requests('SECTION_SHIFT_ON_REQUESTS'),
    shiftOffRequests: requests('SECTION_SHIFT_OFF_REQUESTS'),
    cover,
  };
}

function expectFields(l: Line, min: number, max: number, format: string): void {
  if (l.fields.length < min || l.fields.length > max) {
    throw new RosterParseError(l.no, `expected ${format} but found ${l.fields.length} field(s): "${l.fields.join(',')}"`);
  }
}

function int(l: Line, i: number, what: string, min: number): number {
  const f = l.fields[i] ?? '';
  if (!/^-?\d+$/.test(f)) throw new RosterParseError(l.no, `${what} must be an integer, found "${f}"`);
  const v = Number(f);
  if (v < min) throw new RosterParseError(l.no, `${what} must be at least ${min}, found ${v}`);
  return v;
}

function id_(l: Line, i: number, what: string): string {
  const f = l.fields[i] ?? '';
  if (f === '') throw new RosterParseError(l.no, `missing ${what}`);
  return f;
}
