import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRoster } from '../optimizer/src/roster/index.ts';
import type { CrewShift, RosterSummary, RosterView, ShiftConfig, ShiftRequest } from '../server/src/contracts/index.ts';
import { buildRosterInstance } from '../server/src/domains/shifts/roster.instance.ts';
import { parseIcsEvents } from '../server/src/domains/shifts/ics.ts';
import { REAL, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

// Shifts against the real services: configuration, requests, generation in a worker thread
// (progress, cancel, restart recovery), hand edits with live rule checks, publication and
// supersede, published shifts in the utility's time zone, and the crews' calendar files.

type ErrorBody = { error: { code: string; message: string; field?: string; violations?: { crewId: string; date: string | null; rule: string }[] } };

let t: TestEnv;
let s: TestServer;
let planner: string;
let dispatcher: string;
let crewUser: string; // member of crew S1
const CREWS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'];
const START = '2027-03-01'; // a Monday
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function user(username: string, role: string): Promise<{ id: number; token: string }> {
  const r = await s.api<{ id: number }>('POST', '/api/v1/users', { username, password: 'password-123456', displayName: username, roles: [role] }, s.adminToken);
  expect(r.status).toBe(201);
  const l = await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: 'password-123456' });
  return { id: r.body.id, token: l.body.token };
}

const view = async (id: string, server = s) => (await server.api<RosterView>('GET', `/api/v1/rosters/${id}`, undefined, planner)).body;

/** Starts a generation and waits until it is no longer generating. */
async function generate(body: Record<string, unknown>): Promise<RosterView> {
  const r = await s.api<RosterSummary>('POST', '/api/v1/rosters', body, planner);
  expect(r.status).toBe(202);
  const seconds = Number(body['timeLimitSeconds'] ?? 30);
  return waitFor('roster generated', async () => {
    const v = await view(r.body.id);
    return v.roster.status !== 'generating' ? v : null;
  }, (seconds + 30) * 1000);
}

beforeAll(async () => {
  // Several tests need a generation that is still running when they act (cancel, restart, HTTP
  // while it works): the exact engine proves these small rosters optimal within a second or so
  // and stops, so this file's server runs the search-only engine, which always uses its time
  // limit. The exact engine in the worker is checked on its own instance at the end.
  t = await testEnv({ ROSTER_ENGINE: 'heuristic' });
  s = await startTestServer(t);
  planner = (await user('planner1', 'planner')).token;
  dispatcher = (await user('disp1', 'dispatcher')).token;
  for (const id of CREWS) expect((await s.api('POST', '/api/v1/crews', { id, name: `Cuadrilla ${id}` }, s.adminToken)).status).toBe(201);
  const c = await user('crew-s1', 'crew');
  crewUser = c.token;
  expect((await s.api('PUT', '/api/v1/crews/S1/members', { userIds: [c.id] }, s.adminToken)).status).toBe(204);
});
afterAll(async () => {
  await s?.stop();
  await t?.cleanup();
});

describe('shift configuration', () => {
  it('starts with the Spanish default (Mañana, Tarde, Noche) and rest rules', async () => {
    const r = await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, dispatcher);
    expect(r.status).toBe(200);
    expect(r.body.shiftTypes.map((x) => [x.code, x.name, x.start, x.minutes])).toEqual([
      ['M', 'Mañana', '07:00', 480],
      ['T', 'Tarde', '15:00', 480],
      ['N', 'Noche', '23:00', 480],
    ]);
    expect(r.body.shiftTypes.find((x) => x.code === 'N')?.forbiddenNext).toEqual(['M', 'T']);
    expect(r.body.rules).toMatchObject({ minMinutesPerWeek: 1920, maxMinutesPerWeek: 2880, maxConsecutiveShifts: 6, minConsecutiveShifts: 2, minConsecutiveDaysOff: 2, maxWeekendsPer4Weeks: 3 });
  });

  it('round-trips a change; a bad configuration is refused with the field and changes nothing', async () => {
    const before = (await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, planner)).body;
    const changed = { ...before, shiftTypes: before.shiftTypes.map((x) => (x.code === 'T' ? { ...x, name: 'Tarde larga', color: '#123456' } : x)) };
    const put = await s.api<ShiftConfig>('PUT', '/api/v1/shift-config', changed, planner);
    expect(put.status).toBe(200);
    expect((await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, planner)).body).toEqual(changed);

    const bad = { ...changed, shiftTypes: changed.shiftTypes.map((x) => (x.code === 'N' ? { ...x, forbiddenNext: ['M', 'X'] } : x)) };
    const r = await s.api<ErrorBody>('PUT', '/api/v1/shift-config', bad, planner);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('shiftTypes.2.forbiddenNext.1');
    const bad2 = await s.api<ErrorBody>('PUT', '/api/v1/shift-config', { ...changed, rules: { ...changed.rules, maxMinutesPerWeek: 100 } }, planner);
    expect(bad2.status).toBe(400);
    expect(bad2.body.error.field).toBe('rules.maxMinutesPerWeek');
    expect((await s.api('PUT', '/api/v1/shift-config', changed, dispatcher)).status).toBe(403);
    expect((await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, planner)).body).toEqual(changed);
    // back to the default for the rest of the file
    expect((await s.api('PUT', '/api/v1/shift-config', before, planner)).status).toBe(200);
  });
});

describe('shift requests', () => {
  it('planners write them, crews read their own, bad input names the field', async () => {
    const ok = await s.api<ShiftRequest>('POST', '/api/v1/shift-requests', { crewId: 'S1', date: START, kind: 'day_off', note: 'licencia' }, planner);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ crewId: 'S1', date: START, kind: 'day_off', shiftCode: null });
    const on = await s.api<ShiftRequest>('POST', '/api/v1/shift-requests', { crewId: 'S2', date: addDays(START, 2), kind: 'on', shiftCode: 'N', weight: 5 }, planner);
    expect(on.status).toBe(201);
    expect((await s.api<ErrorBody>('POST', '/api/v1/shift-requests', { crewId: 'S2', date: START, kind: 'on', shiftCode: 'X' }, planner)).body.error.field).toBe('shiftCode');
    expect((await s.api<ErrorBody>('POST', '/api/v1/shift-requests', { crewId: 'NOPE', date: START, kind: 'day_off' }, planner)).body.error.field).toBe('crewId');
    expect((await s.api<ErrorBody>('POST', '/api/v1/shift-requests', { crewId: 'S2', date: START, kind: 'on' }, planner)).body.error.field).toBe('shiftCode');
    expect((await s.api('POST', '/api/v1/shift-requests', { crewId: 'S1', date: START, kind: 'day_off' }, crewUser)).status).toBe(403);

    const mine = await s.api<{ requests: ShiftRequest[] }>('GET', '/api/v1/shift-requests', undefined, crewUser);
    expect(mine.body.requests.map((r) => r.crewId)).toEqual(['S1']);
    expect((await s.api('GET', '/api/v1/shift-requests?crewId=S2', undefined, crewUser)).status).toBe(403);
    const all = await s.api<{ requests: ShiftRequest[] }>('GET', `/api/v1/shift-requests?from=${START}&to=${addDays(START, 13)}`, undefined, planner);
    expect(all.body.requests.map((r) => r.crewId).sort()).toEqual(['S1', 'S2']);

    const extra = await s.api<ShiftRequest>('POST', '/api/v1/shift-requests', { crewId: 'S3', date: START, kind: 'off', shiftCode: 'M' }, planner);
    expect((await s.api('DELETE', `/api/v1/shift-requests/${extra.body.id}`, undefined, planner)).status).toBe(204);
    expect((await s.api('DELETE', `/api/v1/shift-requests/${extra.body.id}`, undefined, planner)).status).toBe(404);
  });
});

let draft: RosterView;

describe('roster generation', () => {
  it('refuses unknown or repeated crews and an empty list, naming the field', async () => {
    const unknown = await s.api<ErrorBody>('POST', '/api/v1/rosters', { start: START, days: 14, crewIds: ['S1', 'NOPE'] }, planner);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('crewIds.1');
    const twice = await s.api<ErrorBody>('POST', '/api/v1/rosters', { start: START, days: 14, crewIds: ['S1', 'S1'] }, planner);
    expect(twice.body.error.field).toBe('crewIds.1');
    const empty = await s.api<ErrorBody>('POST', '/api/v1/rosters', { start: START, days: 14, crewIds: [] }, planner);
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('crewIds');
    expect((await s.api('POST', '/api/v1/rosters', { start: START, days: 14, crewIds: ['S1'] }, dispatcher)).status).toBe(403);
    expect((await s.api<{ rosters: RosterSummary[] }>('GET', '/api/v1/rosters', undefined, planner)).body.rosters).toEqual([]);
  });

  it('generates in a worker, shows progress, ends as a draft the checker agrees with', async () => {
    const post = await s.api<RosterSummary>('POST', '/api/v1/rosters', { start: START, days: 14, crewIds: CREWS, timeLimitSeconds: 3, seed: 7 }, planner);
    expect(post.status).toBe(202);
    expect(post.body).toMatchObject({ status: 'generating', start: START, days: 14, crewIds: CREWS, createdBy: 'planner1' });
    expect(post.body.id).toMatch(/^RS-\d{6}$/);
    const seen: RosterView[] = [];
    const done = await waitFor('draft', async () => {
      const v = await view(post.body.id);
      seen.push(v);
      return v.roster.status !== 'generating' ? v : null;
    }, 40_000);
    expect(done.roster.status).toBe('draft');
    // progress was visible while it ran, and its final state is kept
    const running = seen.filter((v) => v.roster.status === 'generating');
    expect(running.length).toBeGreaterThan(0);
    expect(running.some((v) => v.roster.progress !== null && v.roster.progress.phase !== 'queued')).toBe(true);
    expect(done.roster.progress).toMatchObject({ phase: 'done', timeLimitSeconds: 3 });
    expect(done.roster.progress!.elapsedSeconds).toBeGreaterThan(0);
    expect(done.dates).toHaveLength(14);
    expect(done.dates[0]).toBe(START);
    expect(Object.keys(done.assignments).sort()).toEqual(CREWS);
    for (const row of Object.values(done.assignments)) expect(row).toHaveLength(14);
    expect(done.check).not.toBeNull();

    // The optimizer's checker, run here on the returned grid with the same rules, agrees.
    const config = (await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, planner)).body;
    const requests = (await s.api<{ requests: ShiftRequest[] }>('GET', `/api/v1/shift-requests?from=${START}&to=${addDays(START, 13)}`, undefined, planner)).body.requests;
    const instance = buildRosterInstance({ config, crewIds: CREWS, requests, start: START, days: 14 });
    const mine = checkRoster(instance, CREWS.map((c) => done.assignments[c]!));
    expect(done.check!.feasible).toBe(mine.feasible);
    expect(done.check!.objective).toBe(mine.objective);
    expect(done.check!.violations).toHaveLength(mine.violations.length);
    expect(done.roster.objective).toBe(mine.objective);
    // S1's leave on the first day is a hard day off: kept, or listed as broken
    expect(done.assignments['S1']![0] === '' || done.check!.violations.some((v) => v.crewId === 'S1' && v.rule === 'day-off')).toBe(true);
    draft = done;
  });

  it('keeps answering HTTP while a roster generates, and a cancel keeps the best roster so far', async () => {
    const post = await s.api<RosterSummary>('POST', '/api/v1/rosters', { start: START, days: 14, crewIds: CREWS, timeLimitSeconds: 5 }, planner);
    expect(post.status).toBe(202);
    await waitFor('worker started', async () => (await view(post.body.id)).roster.progress?.phase !== 'queued');
    // Requests answered while the solver works (each checked against the roster still generating)
    for (let i = 0; i < 5; i++) {
      const cfg = await s.api('GET', '/api/v1/shift-config', undefined, dispatcher);
      expect(cfg.status).toBe(200);
      const health = await s.api('GET', '/healthz');
      expect(health.status).toBe(200);
      expect((await view(post.body.id)).roster.status).toBe('generating');
    }
    const list = await s.api<{ rosters: RosterSummary[] }>('GET', '/api/v1/rosters?status=generating', undefined, planner);
    expect(list.body.rosters.map((r) => r.id)).toEqual([post.body.id]);

    const cancel = await s.api<RosterSummary>('POST', `/api/v1/rosters/${post.body.id}/cancel`, undefined, planner);
    expect(cancel.status).toBe(200);
    const after = await waitFor('cancelled', async () => {
      const v = await view(post.body.id);
      return v.roster.status !== 'generating' ? v : null;
    });
    expect(after.roster.status).toBe('draft');
    expect(after.roster.message).toMatch(/cancelada/);
    expect(after.roster.progress?.phase).toBe('cancelled');
    expect(after.roster.progress!.elapsedSeconds).toBeLessThan(5);
    expect(Object.keys(after.assignments).sort()).toEqual(CREWS);
    expect(after.check).not.toBeNull();
    // a finished roster cannot be cancelled; a draft can be deleted
    expect((await s.api('POST', `/api/v1/rosters/${post.body.id}/cancel`, undefined, planner)).status).toBe(409);
    expect((await s.api('DELETE', `/api/v1/rosters/${post.body.id}`, undefined, planner)).status).toBe(204);
    expect((await s.api('GET', `/api/v1/rosters/${post.body.id}`, undefined, planner)).status).toBe(404);
  });

  it('rules that cannot all be met still give a roster, with the violations listed', async () => {
    const cfg = (await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, planner)).body;
    // 48 h a week at least, but never more than 2 shifts in a row and 3 days off after them: impossible
    const impossible = { ...cfg, rules: { ...cfg.rules, minMinutesPerWeek: 2880, maxConsecutiveShifts: 2, minConsecutiveShifts: 1, minConsecutiveDaysOff: 3 } };
    expect((await s.api('PUT', '/api/v1/shift-config', impossible, planner)).status).toBe(200);
    try {
      const v = await generate({ start: START, days: 7, crewIds: ['S5', 'S6'], timeLimitSeconds: 1 });
      expect(v.roster.status).toBe('draft');
      expect(v.check!.feasible).toBe(false);
      expect(v.check!.violations.some((x) => x.rule === 'min-total-minutes' && x.date === null)).toBe(true);
      await s.api('DELETE', `/api/v1/rosters/${v.roster.id}`, undefined, planner);
    } finally {
      expect((await s.api('PUT', '/api/v1/shift-config', cfg, planner)).status).toBe(200);
    }
  });
});

describe('editing and publishing', () => {
  it('an edit answers the new check: a night followed by a morning breaks the rest rule', async () => {
    const id = draft.roster.id;
    const crew = 'S3';
    const d = 4;
    const r = await s.api<RosterView>('PUT', `/api/v1/rosters/${id}/assignments`, {
      changes: [
        { crewId: crew, date: draft.dates[d], shiftCode: 'N' },
        { crewId: crew, date: draft.dates[d + 1], shiftCode: 'M' },
      ],
    }, planner);
    expect(r.status).toBe(200);
    expect(r.body.assignments[crew]!.slice(d, d + 2)).toEqual(['N', 'M']);
    expect(r.body.check!.feasible).toBe(false);
    expect(r.body.check!.violations).toContainEqual(expect.objectContaining({ crewId: crew, date: draft.dates[d + 1], rule: 'forbidden-succession' }));
    expect((await view(id)).assignments[crew]!.slice(d, d + 2)).toEqual(['N', 'M']);
    draft = r.body;
  });

  it('refuses a bad edit with the field and applies none of its changes', async () => {
    const id = draft.roster.id;
    const good = { crewId: 'S4', date: draft.dates[0], shiftCode: draft.assignments['S4']![0] === 'T' ? 'M' : 'T' };
    const cases: [unknown, string][] = [
      [{ crewId: 'NOPE', date: draft.dates[0], shiftCode: 'M' }, 'changes.1.crewId'],
      [{ crewId: 'S4', date: addDays(START, 14), shiftCode: 'M' }, 'changes.1.date'],
      [{ crewId: 'S4', date: draft.dates[1], shiftCode: 'X' }, 'changes.1.shiftCode'],
    ];
    for (const [bad, field] of cases) {
      const r = await s.api<ErrorBody>('PUT', `/api/v1/rosters/${id}/assignments`, { changes: [good, bad] }, planner);
      expect(r.status).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
    expect((await view(id)).assignments).toEqual(draft.assignments);
  });

  it('publishing refuses hard violations with 409 listing them, and accepts them when told', async () => {
    const id = draft.roster.id;
    const refused = await s.api<ErrorBody>('POST', `/api/v1/rosters/${id}/publish`, {}, planner);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('roster_violations');
    expect(refused.body.error.violations).toContainEqual(expect.objectContaining({ crewId: 'S3', rule: 'forbidden-succession' }));
    expect((await view(id)).roster.status).toBe('draft');
    expect((await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?from=${START}&to=${addDays(START, 13)}`, undefined, dispatcher)).body.shifts).toEqual([]);

    const ok = await s.api<{ roster: RosterSummary }>('POST', `/api/v1/rosters/${id}/publish`, { acceptViolations: true }, planner);
    expect(ok.status).toBe(200);
    expect(ok.body.roster.status).toBe('published');
    expect(ok.body.roster.publishedAt).not.toBeNull();
    // published rosters are no longer edited, deleted or published again
    expect((await s.api('PUT', `/api/v1/rosters/${id}/assignments`, { changes: [{ crewId: 'S1', date: START, shiftCode: '' }] }, planner)).status).toBe(409);
    expect((await s.api('DELETE', `/api/v1/rosters/${id}`, undefined, planner)).status).toBe(409);
    expect((await s.api('POST', `/api/v1/rosters/${id}/publish`, { acceptViolations: true }, planner)).status).toBe(409);
    const audit = await s.api<{ entries: { action: string; actor: string }[] }>('GET', `/api/v1/audit?entity=roster&entityId=${id}`, undefined, s.adminToken);
    expect(audit.body.entries.map((e) => e.action).sort()).toEqual(['roster.edit', 'roster.generate', 'roster.publish']);
    expect(new Set(audit.body.entries.map((e) => e.actor))).toEqual(new Set(['planner1']));
  });

  it('shows published shifts with absolute times in Montevideo; a night shift ends the next day', async () => {
    const id = draft.roster.id;
    const r = await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?from=${START}&to=${addDays(START, 13)}&crewId=S3`, undefined, dispatcher);
    expect(r.status).toBe(200);
    const worked = draft.assignments['S3']!.filter(Boolean).length;
    expect(r.body.shifts).toHaveLength(worked);
    const night = r.body.shifts.find((x) => x.date === draft.dates[4])!;
    expect(night).toMatchObject({ crewId: 'S3', shiftCode: 'N', name: 'Noche', rosterId: id, start: `${draft.dates[4]}T23:00:00-03:00`, end: `${draft.dates[5]}T07:00:00-03:00` });
    const morning = r.body.shifts.find((x) => x.date === draft.dates[5])!;
    expect(morning).toMatchObject({ shiftCode: 'M', start: `${draft.dates[5]}T07:00:00-03:00`, end: `${draft.dates[5]}T15:00:00-03:00` });
    expect(Date.parse(night.end) - Date.parse(night.start)).toBe(8 * 3600_000);

    const all = await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?from=${START}&to=${addDays(START, 13)}`, undefined, dispatcher);
    expect(all.body.shifts).toHaveLength(Object.values(draft.assignments).flat().filter(Boolean).length);
    const tooLong = await s.api<ErrorBody>('GET', `/api/v1/shifts?from=${START}&to=${addDays(START, 62)}`, undefined, dispatcher);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.field).toBe('to');
    expect((await s.api<ErrorBody>('GET', `/api/v1/shifts?from=${START}&to=${addDays(START, -1)}`, undefined, dispatcher)).body.error.field).toBe('to');
    expect((await s.api<ErrorBody>('GET', `/api/v1/shifts?from=2027-02-30&to=${START}`, undefined, dispatcher)).body.error.field).toBe('from');
  });

  it('a crew sees only its own shifts (403 for another crew) and gets them as an iCalendar file', async () => {
    const range = `from=${START}&to=${addDays(START, 13)}`;
    const own = await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?${range}`, undefined, crewUser);
    expect(own.status).toBe(200);
    expect(new Set(own.body.shifts.map((x) => x.crewId))).toEqual(new Set(own.body.shifts.length ? ['S1'] : []));
    expect(own.body.shifts).toHaveLength(draft.assignments['S1']!.filter(Boolean).length);
    expect((await s.api('GET', `/api/v1/shifts?${range}&crewId=S1`, undefined, crewUser)).status).toBe(200);
    expect((await s.api('GET', `/api/v1/shifts?${range}&crewId=S2`, undefined, crewUser)).status).toBe(403);
    expect((await s.api('GET', `/api/v1/crews/S2/shifts.ics?${range}`, undefined, crewUser)).status).toBe(403);
    expect((await s.api('GET', `/api/v1/crews/NOPE/shifts.ics?${range}`, undefined, dispatcher)).status).toBe(404);

    const res = await fetch(`${s.vatio.httpUrl}/api/v1/crews/S3/shifts.ics?${range}`, { headers: { authorization: `Bearer ${dispatcher}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="turnos-S3-${START}-${addDays(START, 13)}.ics"`);
    const text = await res.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const events = parseIcsEvents(text);
    const shifts = (await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?${range}&crewId=S3`, undefined, dispatcher)).body.shifts;
    expect(events).toHaveLength(shifts.length);
    const utc = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    expect(events.map((e) => e['DTSTART'])).toEqual(shifts.map((x) => utc(x.start)));
    expect(events.map((e) => e['DTEND'])).toEqual(shifts.map((x) => utc(x.end)));
    const night = events.find((e) => e['UID'] === `${draft.dates[4]}.S3@turnos.vatio`)!;
    // 23:00 in Montevideo (UTC−3) is 02:00 UTC of the next day
    expect(night['DTSTART']).toBe(`${draft.dates[5]!.replace(/-/g, '')}T020000Z`);
    expect(night['DTEND']).toBe(`${draft.dates[5]!.replace(/-/g, '')}T100000Z`);
    expect(night['SUMMARY']).toBe('Turno Noche (N) — Cuadrilla S3');
    expect(night['DTSTAMP']).toMatch(/^\d{8}T\d{6}Z$/);

    const crewIcs = await fetch(`${s.vatio.httpUrl}/api/v1/crews/S1/shifts.ics`, { headers: { authorization: `Bearer ${crewUser}` } });
    expect(crewIcs.status).toBe(200);
  });

  it('the newest published roster wins per crew and date; a roster fully covered is superseded', async () => {
    const first = draft.roster.id;
    // second: S1–S3 for the second week of the first and one more week
    const second = await generate({ start: addDays(START, 7), days: 14, crewIds: ['S1', 'S2', 'S3'], timeLimitSeconds: 2 });
    expect(second.roster.status).toBe('draft');
    const pub2 = await s.api<{ roster: RosterSummary; superseded: string[]; partlySuperseded: string[] }>('POST', `/api/v1/rosters/${second.roster.id}/publish`, { acceptViolations: true }, planner);
    expect(pub2.status).toBe(200);
    expect(pub2.body.superseded).toEqual([]);
    expect(pub2.body.partlySuperseded).toEqual([first]);
    const r1 = (await view(first)).roster;
    expect(r1.status).toBe('published');
    expect(r1.message).toContain(second.roster.id);

    const range = `from=${START}&to=${addDays(START, 20)}`;
    const shifts = (await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?${range}`, undefined, dispatcher)).body.shifts;
    // week 1: everyone from the first; week 2: S1–S3 from the second, S4–S6 from the first; week 3: the second
    for (const x of shifts) {
      const d = Math.round((Date.parse(x.date) - Date.parse(START)) / 86_400_000);
      const expected = d >= 7 && ['S1', 'S2', 'S3'].includes(x.crewId) ? second.roster.id : first;
      expect(`${x.crewId} ${x.date} ${x.rosterId}`).toBe(`${x.crewId} ${x.date} ${expected}`);
      const grid = expected === first ? draft : second;
      expect(x.shiftCode).toBe(grid.assignments[x.crewId]![grid.dates.indexOf(x.date)]);
    }
    // one shift per crew and day
    expect(new Set(shifts.map((x) => `${x.crewId}|${x.date}`)).size).toBe(shifts.length);

    const icsOf = async (crew: string) => {
      const res = await fetch(`${s.vatio.httpUrl}/api/v1/crews/${crew}/shifts.ics?from=${START}&to=${addDays(START, 13)}`, { headers: { authorization: `Bearer ${dispatcher}` } });
      return new Map(parseIcsEvents(await res.text()).map((e) => [e['UID'], e]));
    };
    const beforeIcs = await icsOf('S4');

    // third: every crew and day of the first → the first is superseded
    const third = await generate({ start: START, days: 14, crewIds: CREWS, timeLimitSeconds: 2, seed: 3 });
    const pub3 = await s.api<{ superseded: string[]; partlySuperseded: string[] }>('POST', `/api/v1/rosters/${third.roster.id}/publish`, { acceptViolations: true }, planner);
    expect(pub3.status).toBe(200);
    expect(pub3.body.superseded).toEqual([first]);
    expect(pub3.body.partlySuperseded).toEqual([second.roster.id]);
    expect((await view(first)).roster.status).toBe('superseded');
    // the calendar keeps one UID per crew and day across re-publication: same day, same UID
    const afterIcs = await icsOf('S4');
    const days = third.dates.filter((d) => third.assignments['S4']![third.dates.indexOf(d)]);
    expect([...afterIcs.keys()].sort()).toEqual(days.map((d) => `${d}.S4@turnos.vatio`).sort());
    for (const [uid, e] of afterIcs) if (beforeIcs.has(uid)) expect(e['DESCRIPTION']).toContain(third.roster.id);
    const now = (await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?${range}`, undefined, dispatcher)).body.shifts;
    expect(now.some((x) => x.rosterId === first)).toBe(false);
    for (const x of now) expect(x.rosterId).toBe(x.date < addDays(START, 14) ? third.roster.id : second.roster.id);
    const listed = (await s.api<{ rosters: RosterSummary[] }>('GET', `/api/v1/rosters?status=published,superseded&from=${START}&to=${addDays(START, 6)}`, undefined, dispatcher)).body.rosters;
    expect(listed.map((r) => r.id).sort()).toEqual([first, third.roster.id].sort());
  });
});

describe('restarts', () => {
  it('a generation running when the server stops is kept as a draft saying so', async () => {
    const post = await s.api<RosterSummary>('POST', '/api/v1/rosters', { start: addDays(START, 28), days: 14, crewIds: CREWS, timeLimitSeconds: 60 }, planner);
    await waitFor('worker started', async () => (await view(post.body.id)).roster.progress?.phase !== 'queued');
    await new Promise((r) => setTimeout(r, 1000));
    await s.stop();
    s = await startTestServer(t);
    planner = (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'planner1', password: 'password-123456' })).body.token;
    const v = await view(post.body.id);
    expect(v.roster.status).toBe('draft');
    expect(v.roster.message).toMatch(/reinicio/);
    expect(Object.keys(v.assignments).sort()).toEqual(CREWS);
  });

  it.skipIf(!REAL.database)('a generation orphaned by a crashed instance is recovered at start-up', async () => {
    const db = new pg.Client({ connectionString: t.env['DATABASE_URL'] });
    await db.connect();
    try {
      const made = await s.api<RosterSummary>('POST', '/api/v1/rosters', { start: addDays(START, 42), days: 7, crewIds: ['S1', 'S2'], timeLimitSeconds: 1 }, planner);
      await waitFor('done', async () => (await view(made.body.id)).roster.status === 'draft');
      await s.stop();
      // As a crashed instance leaves them: generating, silent for a minute; one with an incumbent, one without.
      const incumbent = [['M', 'M', '', '', 'T', 'T', ''], ['', 'N', 'N', '', '', 'M', 'M']];
      await db.query(`update rosters set status = 'generating', runner = 'dead-instance', heartbeat_at = now() - interval '1 minute', incumbent = $2 where id = $1`, [made.body.id, JSON.stringify(incumbent)]);
      await db.query(`insert into rosters (id, start_date, days, crew_ids, status, config, time_limit_seconds, seed, runner, heartbeat_at, created_by)
                      select 'RS-900001', start_date, days, crew_ids, 'generating', config, 30, 1, 'dead-instance', now() - interval '1 minute', 'planner1'
                        from rosters where id = $1`, [made.body.id]);
      s = await startTestServer(t);
      planner = (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'planner1', password: 'password-123456' })).body.token;
      const kept = await waitFor('recovered', async () => {
        const v = await view(made.body.id);
        return v.roster.status !== 'generating' ? v : null;
      });
      expect(kept.roster.status).toBe('draft');
      expect(kept.roster.message).toMatch(/reinicio/);
      expect([kept.assignments['S1'], kept.assignments['S2']]).toEqual(incumbent);
      const failed = await view('RS-900001');
      expect(failed.roster.status).toBe('failed');
      expect(failed.roster.message).toBe('interrumpido por un reinicio; generar de nuevo');
      expect(failed.check).toBeNull();
    } finally {
      await db.end();
    }
  });
});

describe('the exact engine', () => {
  it('runs column generation in the worker: a lower bound is reported and the draft passes the check', async () => {
    const x = await startTestServer({ ...t, env: { ...t.env, ROSTER_ENGINE: 'exact', MQTT_CLIENT_ID: `${t.env['MQTT_CLIENT_ID']}-x` } });
    try {
      const post = await x.api<RosterSummary>('POST', '/api/v1/rosters', { start: addDays(START, 112), days: 7, crewIds: CREWS.slice(0, 4), timeLimitSeconds: 20 }, planner);
      expect(post.status).toBe(202);
      const v = await waitFor('roster generated by the exact engine', async () => {
        const r = await view(post.body.id, x);
        return r.roster.status !== 'generating' ? r : null;
      }, 60_000);
      expect(v.roster.status).toBe('draft');
      expect(v.roster.progress?.bound).toEqual(expect.any(Number));
      expect(v.roster.objective).toBeGreaterThanOrEqual(Math.ceil(v.roster.progress!.bound! - 1e-6));
      expect(v.check).not.toBeNull();
      expect(v.check!.objective).toBe(v.roster.objective);
    } finally {
      await x.stop();
    }
  });
});

describe.skipIf(!REAL.database)('two server instances', () => {
  it('a cancel sent to another instance stops the generation and keeps a draft', async () => {
    const b = await startTestServer({ ...t, env: { ...t.env, MQTT_CLIENT_ID: `${t.env['MQTT_CLIENT_ID']}-b` } });
    try {
      const post = await s.api<RosterSummary>('POST', '/api/v1/rosters', { start: addDays(START, 56), days: 14, crewIds: CREWS, timeLimitSeconds: 60 }, planner);
      await waitFor('worker started', async () => (await view(post.body.id)).roster.progress?.phase !== 'queued');
      const cancel = await b.api<RosterSummary>('POST', `/api/v1/rosters/${post.body.id}/cancel`, undefined, planner);
      expect(cancel.status).toBe(200);
      const v = await waitFor('cancelled through the other instance', async () => {
        const x = await view(post.body.id, b);
        return x.roster.status !== 'generating' ? x : null;
      });
      expect(v.roster.status).toBe('draft');
      expect(v.roster.message).toMatch(/cancelada/);
      expect(v.roster.progress!.elapsedSeconds).toBeLessThan(30);
    } finally {
      await b.stop();
    }
  });
});
