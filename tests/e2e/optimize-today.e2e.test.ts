import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, type TestEnv, type TestServer } from '../helpers/server.ts';
import { buildConsole, collectErrors, launchChromium, screenshot } from './helpers-browser.ts';

/**
 * "Optimizar hoy" driven as a dispatcher would: two crews at opposite ends of Montevideo each
 * given the other end's work, an emergency and an order nobody can do; the dispatcher presses
 * the button, reads before/after, applies, and the board shows the new crews live.
 */

const DISPATCHER = { username: 'despacho.optimiza', password: 'despacho-optimiza-pw', displayName: 'Mesa de despacho' };
const WEST = { lat: -34.9055, lon: -56.2362 };
const EAST = { lat: -34.8862, lon: -56.0802 };

let t: TestEnv;
let s: TestServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];
let token: string;
let west: Awaited<ReturnType<typeof registerUnit>>;
let east: Awaited<ReturnType<typeof registerUnit>>;
const ids: Record<string, string> = {};

const poll = <T,>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });
const dialog = () => page.locator('[data-testid=optimize-dialog]');
const row = (id: string) => page.locator(`[data-testid=order-row][data-order-id="${id}"]`);

/** `HH:MM-HH:MM/30` on the Montevideo clock, one to two hours from now. */
function breakSoon(): string {
  const clock = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Montevideo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
  const [from, to] = [clock(Date.now() + 3600_000), clock(Date.now() + 7200_000)];
  return from <= to ? `${from}-${to}/30` : '00:10-01:00/30';
}

async function order(typeCode: string, at: { lat: number; lon: number }, address: string): Promise<string> {
  const r = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode, location: at, address }, token);
  expect(r.status).toBe(201);
  return r.body.id;
}

beforeAll(async () => {
  buildConsole();
  // the next 9 hours, whatever the time of day the test runs, with a 30-minute break due
  // between one and two hours from now (past midnight, just after it)
  t = await testEnv({ SERVE_CONSOLE: 'true', DAY_PLAN_WORKDAY: 'rolling', DAY_PLAN_BREAK: breakSoon() });
  s = await startTestServer(t);
  expect((await s.api('POST', '/api/v1/users', { ...DISPATCHER, roles: ['dispatcher'] }, s.adminToken)).status).toBe(201);
  token = (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username: DISPATCHER.username, password: DISPATCHER.password })).body.token;
  west = await registerUnit(s, { id: 'oeste' });
  east = await registerUnit(s, { id: 'este' });
  expect((await s.api('PATCH', `/api/v1/crews/${west.crewId}`, { name: 'Cuadrilla Cerro', skills: ['cut', 'emergency'], equipment: ['bucket_truck'], homeBase: WEST }, token)).status).toBe(204);
  expect((await s.api('PATCH', `/api/v1/crews/${east.crewId}`, { name: 'Cuadrilla Carrasco', skills: ['cut'], equipment: [], homeBase: EAST }, token)).status).toBe(204);
  expect((await s.api('PUT', '/api/v1/order-types/hv_line', { name: 'Línea de alta tensión', defaultPriority: 'normal', responseMinutes: 600, resolutionMinutes: 2880, requiredSkills: ['high_voltage'], requiredEquipment: [], durationMinutes: 60, completionFields: [] }, s.adminToken)).status).toBe(200);
  for (const [u, at] of [
    [west, WEST],
    [east, EAST],
  ] as const) {
    const c = await mqtt.connectAsync(s.vatio.mqttUrl, { username: u.deviceId, password: u.secret, reconnectPeriod: 0 });
    await c.publishAsync(`vatio/v1/devices/${u.deviceId}/fix`, JSON.stringify({ t: Date.now() - 1000, lat: at.lat, lon: at.lon }), { qos: 1 });
    await c.endAsync();
  }
  ids['w1'] = await order('cut', { lat: WEST.lat + 0.004, lon: WEST.lon + 0.006 }, 'Grecia 3500');
  ids['w2'] = await order('cut', { lat: WEST.lat - 0.003, lon: WEST.lon + 0.012 }, 'Carlos María Ramírez 1200');
  ids['e1'] = await order('cut', { lat: EAST.lat + 0.003, lon: EAST.lon - 0.008 }, 'Av. Italia 6500');
  ids['e2'] = await order('cut', { lat: EAST.lat - 0.002, lon: EAST.lon - 0.015 }, 'Rambla República de México 5600');
  ids['emergency'] = await order('emergency', { lat: WEST.lat + 0.01, lon: WEST.lon + 0.02 }, 'Av. Carlos María de Pena 4300');
  ids['impossible'] = await order('hv_line', { lat: EAST.lat, lon: EAST.lon - 0.02 }, 'Camino Carrasco 7000');
  for (const [id, crewId] of [
    [ids['w1']!, east.crewId],
    [ids['w2']!, east.crewId],
    [ids['e1']!, west.crewId],
  ] as const) {
    expect((await s.api('POST', `/api/v1/orders/${id}/actions`, { action: 'assign', crewId }, token)).status).toBe(200);
  }

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'es-UY', timezoneId: 'America/Montevideo' });
  page = await context.newPage();
  errors = collectErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await t?.cleanup();
});

describe('console: optimize today', () => {
  it('shows before and after when the dispatcher presses "Optimizar hoy"', async () => {
    await page.goto(`${s.vatio.httpUrl}/#/dispatch`);
    await page.fill('input[name=username]', DISPATCHER.username);
    await page.fill('input[name=password]', DISPATCHER.password);
    await page.click('button[type=submit]');
    await row(ids['emergency']!).waitFor();
    // crew names arrive with the crews list, which may land after the orders
    await poll(() => row(ids['w1']!).locator('[data-testid=row-crew]').textContent()).toContain('Cuadrilla Carrasco');

    await page.click('[data-testid=optimize-today]');
    await dialog().waitFor();
    await dialog().locator('[data-testid=dayplan-progress]').waitFor();
    await screenshot(page, 'optimize-01-solving');
    await dialog().locator('[data-testid=dayplan-figures]').waitFor({ timeout: 30_000 });

    const travel = dialog().locator('[data-testid=fig-travel]');
    expect(await travel.getAttribute('data-trend')).toBe('better');
    expect(await travel.textContent()).toContain('Tiempo de viaje');
    expect(await dialog().locator('[data-testid=fig-unassigned] td').nth(1).textContent()).toBe('1');
    // per crew: the west crew's new list starts with the emergency, its new orders highlighted
    const cerro = dialog().locator(`[data-testid=dayplan-crew][data-crew="${west.crewId}"]`);
    expect(await cerro.getAttribute('data-changed')).toBe('true');
    expect(await cerro.locator('.stop').first().getAttribute('data-order')).toBe(ids['emergency']);
    expect(await cerro.locator('.stop.added').count()).toBe(3);
    // the order nobody can do, with its reason in Spanish
    const left = dialog().locator(`[data-testid=dayplan-unassigned] li[data-order="${ids['impossible']}"]`);
    expect(await left.textContent()).toContain('Ninguna cuadrilla en turno tiene la habilidad o el equipo requerido');
    expect(await dialog().locator('[data-testid=dayplan-changed]').textContent()).toContain('5 órdenes');
    // each crew with work has its break (DAY_PLAN_BREAK) in its place in the list
    for (const crewId of [west.crewId, east.crewId]) {
      const chip = dialog().locator(`[data-testid=dayplan-crew][data-crew="${crewId}"] [data-testid=dayplan-break]`);
      expect(await chip.textContent()).toMatch(/^Descanso \d\d:\d\d–\d\d:\d\d$/);
    }
    await screenshot(page, 'optimize-02-proposal');
  });

  it('applies on "Aplicar" and the board shows the new crews live', async () => {
    await dialog().locator('[data-testid=dayplan-apply]').click();
    await dialog().locator('[data-testid=dayplan-result]').waitFor();
    expect(await dialog().locator('[data-testid=dayplan-result]').textContent()).toContain('5 asignaciones');
    await screenshot(page, 'optimize-03-applied');
    await dialog().locator('[data-testid=dayplan-close]').click();
    await dialog().waitFor({ state: 'detached' });
    await poll(() => row(ids['w1']!).locator('[data-testid=row-crew]').textContent()).toContain('Cuadrilla Cerro');
    await poll(() => row(ids['emergency']!).locator('[data-testid=row-crew]').textContent()).toContain('Cuadrilla Cerro');
    await poll(() => row(ids['e2']!).locator('[data-testid=row-crew]').textContent()).toContain('Cuadrilla Carrasco');
    expect(await row(ids['impossible']!).locator('[data-testid=row-crew]').textContent()).not.toContain('Cuadrilla');
    await screenshot(page, 'optimize-04-board');
  });

  it('says the board changed when another dispatcher acted in between, and applies nothing', async () => {
    const extra = await order('cut', { lat: EAST.lat + 0.006, lon: EAST.lon - 0.004 }, 'Av. Bolivia 1500');
    await row(extra).waitFor();
    await page.click('[data-testid=optimize-today]');
    await dialog().locator('[data-testid=dayplan-figures]').waitFor({ timeout: 30_000 });
    expect((await s.api('POST', `/api/v1/orders/${extra}/actions`, { action: 'assign', crewId: west.crewId }, token)).status).toBe(200);
    await dialog().locator('[data-testid=dayplan-apply]').click();
    await dialog().locator('[data-testid=dayplan-error]').waitFor();
    expect(await dialog().locator('[data-testid=dayplan-error]').textContent()).toContain('El tablero cambió');
    await screenshot(page, 'optimize-05-board-changed');
    const o = (await s.api<WorkOrder>('GET', `/api/v1/orders/${extra}`, undefined, token)).body;
    expect(o.crewId).toBe(west.crewId);
    await dialog().locator('[data-testid=dayplan-discard]').click();
    await dialog().waitFor({ state: 'detached' });
  });

  it('speaks English when the dispatcher switches language', async () => {
    await page.click('.locale button:has-text("EN")');
    await page.click('[data-testid=optimize-today]');
    await dialog().locator('[data-testid=dayplan-figures]').waitFor({ timeout: 30_000 });
    expect(await dialog().locator('h2').textContent()).toBe('Optimize the day');
    expect(await dialog().locator('[data-testid=fig-travel] th').textContent()).toBe('Travel time');
    expect(await dialog().locator('[data-testid=dayplan-break]').first().textContent()).toMatch(/^Break \d\d:\d\d–\d\d:\d\d$/);
    expect(await dialog().locator(`[data-testid=dayplan-unassigned] li[data-order="${ids['impossible']}"]`).textContent()).toContain('No crew on shift has the required skill or equipment');
    await screenshot(page, 'optimize-06-english');
    await dialog().locator('[data-testid=dayplan-discard]').click();
    await dialog().waitFor({ state: 'detached' });
    await page.click('.locale button:has-text("ES")');
    // the refused apply is logged by the browser as a failed request; nothing else may be
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
  });
});
