import mqtt from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMessage, type CrewShift, type DayPlanApplyResult, type DayPlanProposal, type OrderEvent, type RosterSummary, type RosterView, type ServerMessage, type ShiftConfig, type WorkOrder } from '../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

// "Optimize today" against the real services: two crews at opposite ends of Montevideo, each
// given the other end's work; an emergency only the west crew can take; an order nobody can do.
let t: TestEnv;
let s: TestServer;
let dispatcher: string;
let supervisor: string;
let west: Awaited<ReturnType<typeof registerUnit>>;
let east: Awaited<ReturnType<typeof registerUnit>>;
const WEST = { lat: -34.9055, lon: -56.2362 }; // near the Cerro bridge
const EAST = { lat: -34.8862, lon: -56.0802 }; // Carrasco
const ids: Record<string, string> = {};

async function user(username: string, role: string): Promise<string> {
  const r = await s.api('POST', '/api/v1/users', { username, password: 'password-123456', displayName: username, roles: [role] }, s.adminToken);
  expect(r.status).toBe(201);
  return (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: 'password-123456' })).body.token;
}

function socket(token: string): Promise<{ ws: WebSocket; messages: ServerMessage[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.vatio.httpUrl.replace('http', 'ws')}/ws?token=${token}`);
    const messages: ServerMessage[] = [];
    ws.on('message', (raw) => messages.push(serverMessage.parse(JSON.parse(String(raw)))));
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'all' } }));
      resolve({ ws, messages });
    });
    ws.on('error', reject);
  });
}

const order = async (typeCode: string, at: { lat: number; lon: number }, extra: Record<string, unknown> = {}) => {
  const r = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode, location: at, address: `${typeCode} test`, ...extra }, dispatcher);
  expect(r.status).toBe(201);
  return r.body.id;
};
const assign = async (id: string, crewId: string) => expect((await s.api('POST', `/api/v1/orders/${id}/actions`, { action: 'assign', crewId }, dispatcher)).status).toBe(200);
const get = async (id: string) => (await s.api<WorkOrder>('GET', `/api/v1/orders/${id}`, undefined, dispatcher)).body;
const events = async (id: string) => (await s.api<{ events: OrderEvent[] }>('GET', `/api/v1/orders/${id}/events`, undefined, dispatcher)).body.events;
const until = () => new Date(Date.now() + 8 * 3600_000).toISOString();
const propose = (body: Record<string, unknown> = {}, token = dispatcher) => s.api<DayPlanProposal & { error?: { code: string; field?: string } }>('POST', '/api/v1/day-plan/proposals', { timeLimitSeconds: 1, until: until(), ...body }, token);

beforeAll(async () => {
  t = await testEnv();
  s = await startTestServer(t);
  dispatcher = await user('disp-plan', 'dispatcher');
  supervisor = await user('sup-plan', 'supervisor');
  west = await registerUnit(s, { id: 'pw' });
  east = await registerUnit(s, { id: 'pe' });
  expect((await s.api('PATCH', `/api/v1/crews/${west.crewId}`, { skills: ['cut', 'emergency'], equipment: ['bucket_truck'], homeBase: WEST }, dispatcher)).status).toBe(204);
  expect((await s.api('PATCH', `/api/v1/crews/${east.crewId}`, { skills: ['cut'], equipment: [], homeBase: EAST }, dispatcher)).status).toBe(204);
  expect((await s.api('PUT', '/api/v1/order-types/hv_line', { name: 'Línea de alta tensión', defaultPriority: 'normal', responseMinutes: 600, resolutionMinutes: 2880, requiredSkills: ['high_voltage'], requiredEquipment: [], durationMinutes: 60, completionFields: [] }, s.adminToken)).status).toBe(200);
  // both crews report where they are now (over MQTT, the real ingest)
  for (const [u, at] of [
    [west, WEST],
    [east, EAST],
  ] as const) {
    const c = await mqtt.connectAsync(s.vatio.mqttUrl, { username: u.deviceId, password: u.secret, reconnectPeriod: 0 });
    await c.publishAsync(`vatio/v1/devices/${u.deviceId}/fix`, JSON.stringify({ t: Date.now() - 1000, lat: at.lat, lon: at.lon }), { qos: 1 });
    await c.endAsync();
  }
  ids['w1'] = await order('cut', { lat: WEST.lat + 0.004, lon: WEST.lon + 0.006 });
  ids['w2'] = await order('cut', { lat: WEST.lat - 0.003, lon: WEST.lon + 0.012 });
  ids['e1'] = await order('cut', { lat: EAST.lat + 0.003, lon: EAST.lon - 0.008 });
  ids['e2'] = await order('cut', { lat: EAST.lat - 0.002, lon: EAST.lon - 0.015 });
  ids['emergency'] = await order('emergency', { lat: WEST.lat + 0.01, lon: WEST.lon + 0.02 });
  ids['impossible'] = await order('hv_line', { lat: EAST.lat, lon: EAST.lon - 0.02 });
  // today's plan as a hurried dispatcher left it: each crew sent across town
  await assign(ids['w1']!, east.crewId);
  await assign(ids['w2']!, east.crewId);
  await assign(ids['e1']!, west.crewId);
  await waitFor('both positions are live', async () => {
    const r = await s.api<unknown>('GET', '/api/v1/vehicles/live', undefined, dispatcher);
    const text = JSON.stringify(r.body);
    return r.status === 200 && text.includes(west.vehicleId) && text.includes(east.vehicleId);
  });
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await t?.cleanup();
});

describe('optimize today: proposal', () => {
  let p: DayPlanProposal;

  it('answers before/after with less travel, the emergency on the crew that can take it, the impossible order left out with its reason', async () => {
    const r = await propose();
    expect(r.status).toBe(201);
    p = r.body;
    expect(p.shift.source).toBe('requested');
    expect(p.before).toMatchObject({ assigned: 3, unassigned: 3 });
    expect(p.after).toMatchObject({ assigned: 5, unassigned: 1 });
    expect(p.after.travelSeconds).toBeLessThanOrEqual(p.before.travelSeconds);
    expect(p.unassigned).toEqual([{ orderId: ids['impossible'], reason: 'no_crew_with_skill', priority: 'normal', keptByCrewId: null }]);
    const w = p.crews.find((c) => c.crewId === west.crewId)!;
    const e = p.crews.find((c) => c.crewId === east.crewId)!;
    expect(w.startFrom).toBe('live');
    expect(w.before).toEqual([ids['e1']]);
    expect(e.before).toEqual([ids['w1'], ids['w2']]);
    expect(w.after[0]).toBe(ids['emergency']); // emergencies first
    expect([...w.after].sort()).toEqual([ids['emergency'], ids['w1'], ids['w2']].sort());
    expect([...e.after].sort()).toEqual([ids['e1'], ids['e2']].sort());
    // every plannable order exactly once: on a list or left out
    const all = [...p.crews.flatMap((c) => c.after), ...p.unassigned.map((u) => u.orderId)].sort();
    expect(all).toEqual(Object.values(ids).sort());
    expect(p.changedOrders).toBe(5);
  });

  it('lets a supervisor read it but not create or apply one', async () => {
    expect((await s.api('GET', `/api/v1/day-plan/proposals/${p.id}`, undefined, supervisor)).status).toBe(200);
    expect((await propose({}, supervisor)).status).toBe(403);
    expect((await s.api('POST', `/api/v1/day-plan/proposals/${p.id}/apply`, {}, supervisor)).status).toBe(403);
  });

  it('refuses bad input naming the field', async () => {
    for (const [body, field] of [
      [{ timeLimitSeconds: 0 }, 'timeLimitSeconds'],
      [{ timeLimitSeconds: 31 }, 'timeLimitSeconds'],
      [{ crewIds: ['nobody'] }, 'crewIds'],
      [{ until: '2020-01-01T00:00:00Z' }, 'until'],
    ] as const) {
      const r = await propose(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error?.field).toBe(field);
    }
    expect((await s.api('POST', '/api/v1/day-plan/proposals/not-a-uuid/apply', {}, dispatcher)).status).toBe(400);
    expect((await s.api('POST', '/api/v1/day-plan/proposals/00000000-0000-4000-8000-000000000000/apply', {}, dispatcher)).status).toBe(404);
  });
});

describe('optimize today: apply', () => {
  it('assigns and resequences atomically, one event each with the dispatcher as actor, heard on the board and by the crew terminal; twice changes nothing more', async () => {
    const p = (await propose()).body;
    const board = await socket(dispatcher);
    const terminal = await mqtt.connectAsync(s.vatio.mqttUrl, { username: west.deviceId, password: west.secret, reconnectPeriod: 0 });
    const pushed: { order: WorkOrder }[] = [];
    terminal.on('message', (_t, payload) => pushed.push(JSON.parse(String(payload)) as { order: WorkOrder }));
    await terminal.subscribeAsync(`vatio/v1/crews/${west.crewId}/orders`, { qos: 1 });

    const r = await s.api<DayPlanApplyResult>('POST', `/api/v1/day-plan/proposals/${p.id}/apply`, {}, dispatcher);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ proposalId: p.id, appliedBy: 'disp-plan', alreadyApplied: false, assigned: 5 });
    expect(r.body.crews.sort()).toEqual([east.crewId, west.crewId].sort());

    for (const c of p.crews) {
      for (const [i, id] of c.after.entries()) {
        const o = await get(id);
        expect(o, id).toMatchObject({ crewId: c.crewId, sequence: i + 1, status: 'assigned' });
      }
    }
    const ev = await events(ids['emergency']!);
    expect(ev.at(-1)).toMatchObject({ action: 'assign', actor: 'disp-plan', toStatus: 'assigned', crewId: west.crewId, data: { dayPlan: p.id } });
    expect((await get(ids['impossible']!)).crewId).toBeNull();

    await waitFor('the board hears every change', async () => p.crews.flatMap((c) => c.after).every((id) => board.messages.some((m) => m.type === 'order.updated' && m.data.order.id === id && m.data.event.data !== null)));
    await waitFor('the west crew terminal gets its new list over MQTT', async () => pushed.some((m) => m.order.id === ids['emergency'] && m.order.crewId === west.crewId));
    board.ws.close();
    await terminal.endAsync();

    const countBefore = (await events(ids['w1']!)).length;
    const again = await s.api<DayPlanApplyResult>('POST', `/api/v1/day-plan/proposals/${p.id}/apply`, {}, dispatcher);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ...r.body, alreadyApplied: true });
    expect((await events(ids['w1']!)).length).toBe(countBefore);
    expect((await s.api<DayPlanProposal>('GET', `/api/v1/day-plan/proposals/${p.id}`, undefined, dispatcher)).body.appliedAt).toBe(r.body.appliedAt);
  });

  it('refuses with 409 and changes nothing when the board changed since the proposal', async () => {
    // a fresh piece of work makes the plan worth re-running
    const extra = await order('cut', { lat: EAST.lat + 0.006, lon: EAST.lon - 0.004 });
    const p = (await propose()).body;
    expect(p.crews.some((c) => c.after.includes(extra))).toBe(true);
    // meanwhile another dispatcher hands the extra order to the west crew by hand
    await assign(extra, west.crewId);
    const snapshot = await Promise.all([...Object.values(ids), extra].map(async (id) => ({ ...(await get(id)), events: (await events(id)).length })));
    const r = await s.api<{ error: { code: string; message: string } }>('POST', `/api/v1/day-plan/proposals/${p.id}/apply`, {}, dispatcher);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('board_changed');
    expect(r.body.error.message).toContain('el tablero cambió; optimizá de nuevo');
    const after = await Promise.all([...Object.values(ids), extra].map(async (id) => ({ ...(await get(id)), events: (await events(id)).length })));
    expect(after).toEqual(snapshot);
    expect((await s.api<DayPlanProposal>('GET', `/api/v1/day-plan/proposals/${p.id}`, undefined, dispatcher)).body.appliedAt).toBeNull();
  });
});

describe('optimize today: work in progress', () => {
  it('keeps a job en route first on its crew and a dispatched order with its crew, and applies around them', async () => {
    // the east crew is driving to a job in the east; the west crew has a job in the east on its terminal
    const driving = await order('cut', { lat: EAST.lat + 0.001, lon: EAST.lon - 0.002 });
    await assign(driving, east.crewId);
    for (const action of ['dispatch', 'start_travel']) expect((await s.api('POST', `/api/v1/orders/${driving}/actions`, { action }, dispatcher)).status).toBe(200);
    const onTerminal = await order('cut', { lat: EAST.lat - 0.001, lon: EAST.lon - 0.003 });
    await assign(onTerminal, west.crewId);
    expect((await s.api('POST', `/api/v1/orders/${onTerminal}/actions`, { action: 'dispatch' }, dispatcher)).status).toBe(200);

    const p = (await propose()).body;
    const e = p.crews.find((c) => c.crewId === east.crewId)!;
    const w = p.crews.find((c) => c.crewId === west.crewId)!;
    expect(e.frozenOrderId).toBe(driving);
    expect(p.crews.some((c) => c.after.includes(driving))).toBe(false);
    expect(w.after).toContain(onTerminal);
    expect(e.after).not.toContain(onTerminal);

    const r = await s.api<DayPlanApplyResult>('POST', `/api/v1/day-plan/proposals/${p.id}/apply`, {}, dispatcher);
    expect(r.status).toBe(200);
    expect(await get(driving)).toMatchObject({ status: 'en_route', crewId: east.crewId, sequence: 1 });
    expect(await get(onTerminal)).toMatchObject({ status: 'dispatched', crewId: west.crewId, sequence: w.after.indexOf(onTerminal) + 1 });
    for (const [i, id] of e.after.entries()) expect((await get(id)).sequence, id).toBe(i + 2); // after the job en route
  });
});

describe('optimize today: breaks', () => {
  // Its own server: crews without a roster take DAY_PLAN_BREAK, here a 30-minute break that
  // must start exactly 70 minutes from now (local clock of SHIFT_TIME_ZONE, the default).
  const breakAt = Math.ceil((Date.now() + 70 * 60_000) / 60_000) * 60_000;
  const clock = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Montevideo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
  let bt: TestEnv;
  let bs: TestServer;
  let token: string;
  let near: Awaited<ReturnType<typeof registerUnit>>;
  let far: Awaited<ReturnType<typeof registerUnit>>;
  const o: Record<string, string> = {};
  const proposeHere = () => bs.api<DayPlanProposal>('POST', '/api/v1/day-plan/proposals', { timeLimitSeconds: 1, until: until() }, token);

  beforeAll(async () => {
    bt = await testEnv({ DAY_PLAN_BREAK: `${clock(breakAt)}-${clock(breakAt)}/30`, DAY_PLAN_WORKDAY: 'rolling' });
    bs = await startTestServer(bt);
    const r = await bs.api('POST', '/api/v1/users', { username: 'disp-break', password: 'password-123456', displayName: 'disp-break', roles: ['dispatcher'] }, bs.adminToken);
    expect(r.status).toBe(201);
    token = (await bs.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'disp-break', password: 'password-123456' })).body.token;
    near = await registerUnit(bs, { id: 'bn' });
    far = await registerUnit(bs, { id: 'bf' });
    // the far crew is on its break right now: it takes no second one
    expect((await bs.api('PATCH', `/api/v1/crews/${near.crewId}`, { skills: ['seal'], equipment: [], homeBase: WEST, availability: 'available' }, token)).status).toBe(204);
    expect((await bs.api('PATCH', `/api/v1/crews/${far.crewId}`, { skills: [], equipment: [], homeBase: EAST, availability: 'break' }, token)).status).toBe(204);
    expect((await bs.api('PUT', '/api/v1/order-types/meter_check', { name: 'Control de medidor', defaultPriority: 'normal', responseMinutes: 600, resolutionMinutes: 2880, requiredSkills: [], requiredEquipment: [], durationMinutes: 40, completionFields: [] }, bs.adminToken)).status).toBe(200);
    // only the near crew can seal a meter: it has work today, so a break to take
    expect((await bs.api('PUT', '/api/v1/order-types/meter_seal', { name: 'Precinto de medidor', defaultPriority: 'normal', responseMinutes: 600, resolutionMinutes: 2880, requiredSkills: ['seal'], requiredEquipment: [], durationMinutes: 40, completionFields: [] }, bs.adminToken)).status).toBe(200);
    const make = async (at: { lat: number; lon: number }, extra: Record<string, unknown> = {}) => {
      const res = await bs.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'meter_check', location: at, address: 'break test', ...extra }, token);
      expect(res.status).toBe(201);
      return res.body.id;
    };
    o['nearby'] = await make({ lat: WEST.lat + 0.003, lon: WEST.lon + 0.004 }, { typeCode: 'meter_seal' });
    // 40 minutes of work that must start 15 to 5 minutes before the near crew's break: it would run into it
    o['appointment'] = await make({ lat: WEST.lat - 0.002, lon: WEST.lon + 0.003 }, { window: { start: new Date(breakAt - 15 * 60_000).toISOString(), end: new Date(breakAt - 5 * 60_000).toISOString() } });
  }, 60_000);
  afterAll(async () => {
    await bs?.stop();
    await bt?.cleanup();
  });

  it('plans each crew its break and sends elsewhere the appointment the break leaves no room for', async () => {
    const r = await proposeHere();
    expect(r.status).toBe(201);
    const n = r.body.crews.find((c) => c.crewId === near.crewId)!;
    const f = r.body.crews.find((c) => c.crewId === far.crewId)!;
    expect(n.break).not.toBeNull();
    expect(Date.parse(n.break!.start)).toBe(breakAt);
    expect(Date.parse(n.break!.end)).toBe(breakAt + 30 * 60_000);
    expect(n.after).toEqual([o['nearby']]);
    expect([null, o['nearby']]).toContain(n.break!.afterOrderId);
    // on its break now: no second one, and it drives across town for the appointment
    expect(f.break).toBeNull();
    expect(f.after).toEqual([o['appointment']]);
    expect(r.body.after.lateSeconds).toBe(0);
    expect(r.body.unassigned).toEqual([]);
  });

  it('gives the appointment to the near crew once it has no break to take', async () => {
    expect((await bs.api('PATCH', `/api/v1/crews/${near.crewId}`, { availability: 'break' }, token)).status).toBe(204);
    const r = await proposeHere();
    expect(r.status).toBe(201);
    const n = r.body.crews.find((c) => c.crewId === near.crewId)!;
    expect(n.break).toBeNull();
    expect([...n.after].sort()).toEqual([o['nearby'], o['appointment']].sort());
  });

  it("takes a rostered crew's break from its shift type", async () => {
    // a published shift running now (started an hour ago, 8 h), whose type has a 30-minute
    // break that may start between one hour and an hour and a half from now
    const planner = await (async () => {
      expect((await bs.api('POST', '/api/v1/users', { username: 'plan-break', password: 'password-123456', displayName: 'plan-break', roles: ['planner'] }, bs.adminToken)).status).toBe(201);
      return (await bs.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'plan-break', password: 'password-123456' })).body.token;
    })();
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montevideo' }).format(new Date(ms));
    const config: ShiftConfig = {
      shiftTypes: [{ code: 'D', name: 'Día', start: clock(now - 3600_000), minutes: 480, forbiddenNext: [], color: '#1f77b4', breakMinutes: 30, breakEarliest: clock(now + 3600_000), breakLatest: clock(now + 5400_000) }],
      rules: { maxShiftsPerWeek: {}, minMinutesPerWeek: 0, maxMinutesPerWeek: 7 * 24 * 60, maxConsecutiveShifts: 7, minConsecutiveShifts: 1, minConsecutiveDaysOff: 1, maxWeekendsPer4Weeks: 4 },
      cover: [{ shiftCode: 'D', weekdays: [1, 2, 3, 4, 5, 6, 7], required: 2, weightUnder: 100, weightOver: 1 }],
    };
    expect((await bs.api('PUT', '/api/v1/shift-config', config, planner)).status).toBe(200);
    const gen = await bs.api<RosterSummary>('POST', '/api/v1/rosters', { start: day(now - 3600_000), days: 1, crewIds: [near.crewId, far.crewId], timeLimitSeconds: 2 }, planner);
    expect(gen.status).toBe(202);
    const draft = await waitFor('roster generated', async () => {
      const v = (await bs.api<RosterView>('GET', `/api/v1/rosters/${gen.body.id}`, undefined, planner)).body;
      return v.roster.status !== 'generating' ? v : null;
    }, 40_000);
    expect(draft.assignments[near.crewId]).toEqual(['D']);
    expect((await bs.api('POST', `/api/v1/rosters/${gen.body.id}/publish`, { acceptViolations: true }, planner)).status).toBe(200);
    const shifts = (await bs.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?from=${day(now - 86_400_000)}&to=${day(now)}&crewId=${near.crewId}`, undefined, planner)).body.shifts;
    expect(shifts.map((x) => x.break && [Date.parse(x.break.earliest), Date.parse(x.break.latest), x.break.minutes])).toEqual([[now + 3600_000, now + 5400_000, 30]]);

    expect((await bs.api('PATCH', `/api/v1/crews/${near.crewId}`, { availability: 'available' }, token)).status).toBe(204);
    const r = await bs.api<DayPlanProposal>('POST', '/api/v1/day-plan/proposals', { timeLimitSeconds: 1 }, token);
    expect(r.status).toBe(201);
    expect(r.body.shift.source).toBe('roster');
    const n = r.body.crews.find((c) => c.crewId === near.crewId)!;
    expect(n.after).toContain(o['nearby']);
    const start = Date.parse(n.break!.start);
    expect(start).toBeGreaterThanOrEqual(now + 3600_000);
    expect(start).toBeLessThanOrEqual(now + 5400_000);
    expect(Date.parse(n.break!.end) - start).toBe(30 * 60_000);
  }, 90_000);
});
