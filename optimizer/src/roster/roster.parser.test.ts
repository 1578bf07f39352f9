import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCurtoisQuInstance, RosterParseError } from './roster.parser.ts';

const INSTANCE1 = '/work/shared/benchmarks/rostering/Instance1.txt';

describe('parseCurtoisQuInstance', () => {
  const text = readFileSync(INSTANCE1, 'utf8');

  it('reads horizon, staff and shifts of Instance1 as the file states them', () => {
    const inst = parseCurtoisQuInstance(text);
    // Read the expected figures from the file itself, not from memory.
    const section = (name: string): string[] => {
      const lines = text.split('\n').map((l) => l.trim());
      const start = lines.indexOf(name);
      const out: string[] = [];
      for (const l of lines.slice(start + 1)) {
        if (l.startsWith('SECTION_')) break;
        if (l !== '' && !l.startsWith('#')) out.push(l);
      }
      return out;
    };
    expect(inst.horizonDays).toBe(Number(section('SECTION_HORIZON')[0]));
    expect(inst.staff).toHaveLength(section('SECTION_STAFF').length);
    expect(inst.shifts).toHaveLength(section('SECTION_SHIFTS').length);
    expect(inst.cover).toHaveLength(section('SECTION_COVER').length);
    expect(inst.horizonDays).toBe(14);
    expect(inst.staff).toHaveLength(8);
    expect(inst.shifts).toEqual([{ id: 'D', minutes: 480, forbiddenNext: [] }]);
    expect(inst.staff[0]).toMatchObject({
      id: 'A', maxShifts: { D: 14 }, maxTotalMinutes: 4320, minTotalMinutes: 3360,
      maxConsecutiveShifts: 5, minConsecutiveShifts: 2, minConsecutiveDaysOff: 2, maxWeekends: 1, daysOff: [0],
    });
    expect(inst.shiftOnRequests[0]).toEqual({ staffId: 'A', day: 2, shiftId: 'D', weight: 2 });
    expect(inst.weekendDays).toEqual([5, 6]);
  });

  it('reads forbidden successions and per-type maxima of a multi-shift file', () => {
    const inst = parseCurtoisQuInstance(readFileSync('/work/shared/benchmarks/rostering/Instance10.txt', 'utf8'));
    expect(inst.shifts.find((s) => s.id === 'N')?.forbiddenNext).toEqual(['E', 'd1', 'd2', 'L']);
    expect(inst.staff[0]?.maxShifts).toEqual({ E: 0, d1: 28, d2: 0, L: 28, N: 0 });
  });

  it('names the line of a malformed staff row', () => {
    const lines = text.split('\n');
    const bad = lines.findIndex((l) => l.startsWith('C,D=14'));
    lines[bad] = 'C,D=14,4320,lots,5,2,2,1';
    expect(() => parseCurtoisQuInstance(lines.join('\n'))).toThrowError(
      new RosterParseError(bad + 1, 'MinTotalMinutes must be an integer, found "lots"'),
    );
    try {
      parseCurtoisQuInstance(lines.join('\n'));
    } catch (e) {
      expect(e).toBeInstanceOf(RosterParseError);
      expect((e as RosterParseError).line).toBe(bad + 1);
      expect((e as Error).message).toMatch(new RegExp(`^line ${bad + 1}:`));
    }
  });

  it('names the line of a reference to an unknown shift or staff member', () => {
    const lines = text.split('\n');
    const cover = lines.findIndex((l) => l.startsWith('3,D,4'));
    lines[cover] = '3,X,4,100,1';
    expect(() => parseCurtoisQuInstance(lines.join('\n'))).toThrow(`line ${cover + 1}: unknown shift "X"`);
    const lines2 = text.split('\n');
    const off = lines2.findIndex((l) => l === 'B,5');
    lines2[off] = 'Z,5';
    expect(() => parseCurtoisQuInstance(lines2.join('\n'))).toThrow(`line ${off + 1}: unknown staff "Z"`);
  });

  it('rejects a second cover line for the same day and shift', () => {
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('3,D,4'));
    lines.splice(first + 1, 0, '3,D,5,100,1');
    expect(() => parseCurtoisQuInstance(lines.join('\n'))).toThrow(
      `line ${first + 2}: second cover line for day 3, shift D (first on line ${first + 1})`,
    );
  });

  it('rejects a day outside the horizon and a missing section', () => {
    const lines = text.split('\n');
    const off = lines.findIndex((l) => l === 'B,5');
    lines[off] = 'B,14';
    expect(() => parseCurtoisQuInstance(lines.join('\n'))).toThrow(`line ${off + 1}: day 14 is outside the 14-day horizon`);
    expect(() => parseCurtoisQuInstance('SECTION_HORIZON\n14\n')).toThrow(/missing section SECTION_SHIFTS/);
  });
});
