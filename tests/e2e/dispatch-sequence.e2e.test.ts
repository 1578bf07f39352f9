import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterSummary, RosterView, WorkOrder } from '../../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from '../helpers/server.ts';
import { buildConsole, collectErrors, launchChromium, screenshot } from './helpers-browser.ts';
import type {} from '../../console/src/lib/dispatch/debug-hook.ts';

/**
 * Reordering a crew's list from the board: one dispatcher drags and uses the keyboard, a second
 * dispatcher's board and the crew's phone follow without a reload, and the API holds the new
 * sequence. Also: suggestions refresh by themselves when a suggested crew's work changes, and the
 * crews column shows the shift of the day. Screenshots in test-results/.
 */
const WAIT = { timeout: 20_000, interval: 100 };
const PASSWORD = 'secuencia-password-1';
let t: TestEnv;
let s: TestServer;
let browser: Browser;
let contexts: BrowserContext[] = [];
let a: Page; // the dispatcher who reorders
let b: Page; // another dispatcher watching
let phone: Page; // the crew
const errors: string[][] = [];
let token: string;
let crewToken: string;
let crewId: string;
const orders: WorkOrder[] = [];
/** crews with a published shift running now, one outside its shift today, one without a shift */
const shiftCrews = { off: 'c-e2e-seq-off', none: 'c-e2e-seq-none' };
let onCode = '';
let offCode = '';

/** YYYY-MM-DD and hour in Montevideo, `days` from now. */
function montevideo(days = 0): { date: string; hour: number } {
  const at = new Date(Date.now() + days * 86_400_000);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montevideo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Montevideo', hour: '2-digit', hourCycle: 'h23' }).format(at));
  return { date, hour };
}

/**
 * Publishes yesterday and today for three crews with the default shifts (M 07–15, T 15–23,
 * N 23–07): the first works the shift running now, the second today's other one.
 */
async function publishShifts(planner: string): Promise<void> {
  const today = montevideo(0);
  const yesterday = montevideo(-1).date;
  const crewIds = [crewId, shiftCrews.off, shiftCrews.none];
  const r = await s.api<RosterSummary>('POST', '/api/v1/rosters', { start: yesterday, days: 2, crewIds, timeLimitSeconds: 1 }, planner);
  expect(r.status).toBe(202);
  await waitFor('roster drafted', async () => {
    const v = (await s.api<RosterView>('GET', `/api/v1/rosters/${r.body.id}`, undefined, planner)).body;
    return v.roster.status === 'draft' ? v : null;
  }, 60_000);
  const h = today.hour;
  // the shift running now: before 07:00 it is last night's N (dated yesterday)
  const running = h < 7 ? { date: yesterday, code: 'N' } : { date: today.date, code: h < 15 ? 'M' : h < 23 ? 'T' : 'N' };
  onCode = running.code;
  offCode = h >= 7 && h < 15 ? 'T' : 'M';
  const changes = [
    { crewId, date: yesterday, shiftCode: running.date === yesterday ? 'N' : '' },
    { crewId, date: today.date, shiftCode: running.date === today.date ? running.code : '' },
    { crewId: shiftCrews.off, date: yesterday, shiftCode: '' },
    { crewId: shiftCrews.off, date: today.date, shiftCode: offCode },
    { crewId: shiftCrews.none, date: yesterday, shiftCode: '' },
    { crewId: shiftCrews.none, date: today.date, shiftCode: '' },
  ];
  expect((await s.api('PUT', `/api/v1/rosters/${r.body.id}/assignments`, { changes }, planner)).status).toBe(200);
  expect((await s.api('POST', `/api/v1/rosters/${r.body.id}/publish`, { acceptViolations: true }, planner)).status).toBe(200);
}

async function user(username: string, roles: string[]): Promise<number> {
  const r = await s.api<{ id: number }>('POST', '/api/v1/users', { username, password: PASSWORD, displayName: username, roles }, s.adminToken);
  expect(r.status).toBe(201);
  return r.body.id;
}
async function login(username: string): Promise<string> {
  return (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: PASSWORD })).body.token;
}
async function signIn(page: Page, path: string, username: string): Promise<void> {
  await page.goto(`${s.vatio.httpUrl}${path}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
}

/** The crew's open orders as the server orders them (what its phone gets). */
async function serverSequence(): Promise<string[]> {
  const r = await s.api<{ orders: WorkOrder[] }>('GET', '/api/v1/me/orders', undefined, crewToken);
  expect(r.status).toBe(200);
  return r.body.orders.filter((o) => !['completed', 'failed', 'cancelled'].includes(o.status)).map((o) => o.id);
}
const routeIds = (page: Page) => page.locator('[data-testid=crew-route] [data-testid=route-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-order-id')));
const phoneIds = () =>
  phone.locator('[data-testid=order-card]').evaluateAll((els) => els.map((e) => e.getAttribute('data-order-id')).filter((id, i, all) => all.indexOf(id) === i));

beforeAll(async () => {
  buildConsole();
  t = await testEnv({ SERVE_CONSOLE: 'true' });
  s = await startTestServer(t);
  await user('despacho.orden', ['dispatcher']);
  await user('despacho.mira', ['dispatcher']);
  const member = await user('cuadrilla.orden', ['crew']);
  const unit = await registerUnit(s, { id: 'e2e-seq' });
  crewId = unit.crewId;
  expect((await s.api('PUT', `/api/v1/crews/${crewId}/members`, { userIds: [member] }, s.adminToken)).status).toBe(204);
  expect((await s.api('PATCH', `/api/v1/crews/${crewId}`, { skills: ['cut', 'inspection'], availability: 'available', homeBase: { lat: -34.905, lon: -56.18 } }, s.adminToken)).status).toBe(204);
  for (const id of Object.values(shiftCrews)) expect((await s.api('POST', '/api/v1/crews', { id, name: `Cuadrilla ${id.slice(2)}` }, s.adminToken)).status).toBe(201);
  await user('planifica.orden', ['planner']);
  await publishShifts(await login('planifica.orden'));
  token = await login('despacho.orden');
  crewToken = await login('cuadrilla.orden');
  const places = [
    { address: 'Colonia 1500', lat: -34.904, lon: -56.171 },
    { address: 'Mercedes 1200', lat: -34.902, lon: -56.176 },
    { address: 'Uruguay 900', lat: -34.9, lon: -56.186 },
    { address: 'Paysandú 1100', lat: -34.899, lon: -56.181 },
  ];
  for (const p of places) {
    const r = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'inspection', location: { lat: p.lat, lon: p.lon }, address: p.address }, token);
    expect(r.status).toBe(201);
    expect((await s.api('POST', `/api/v1/orders/${r.body.id}/actions`, { action: 'assign', crewId }, token)).status).toBe(200);
    orders.push(r.body);
  }

  browser = await launchChromium();
  for (const opts of [
    { viewport: { width: 1440, height: 900 } },
    { viewport: { width: 1280, height: 800 } },
    { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  ]) {
    contexts.push(await browser.newContext({ ...opts, locale: 'es-UY', timezoneId: 'America/Montevideo' }));
  }
  [a, b, phone] = await Promise.all(contexts.map((c) => c.newPage())) as [Page, Page, Page];
  for (const p of [a, b, phone]) errors.push(collectErrors(p));
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await t?.cleanup();
});

describe("reordering a crew's list", () => {
  it("opens the crew's list in sequence on two boards and the phone", async () => {
    await signIn(a, '/#/dispatch', 'despacho.orden');
    await signIn(b, '/#/dispatch', 'despacho.mira');
    await signIn(phone, '/crew.html', 'cuadrilla.orden');
    for (const p of [a, b]) {
      await p.locator(`[data-testid=open-route][data-crew-id="${crewId}"]`).click();
      await expect.poll(() => routeIds(p), WAIT).toEqual(orders.map((o) => o.id));
    }
    // the crews column shows today's shift: working now, outside it, or none
    const chip = (id: string) => a.locator(`[data-testid=crew-target][data-crew-id="${id}"] [data-testid=crew-shift]`);
    await expect.poll(() => chip(crewId).getAttribute('data-state'), WAIT).toBe('on');
    expect(await chip(crewId).textContent()).toMatch(new RegExp(`^\\s*${onCode}\\s*\\d\\d:\\d\\d–\\d\\d:\\d\\d\\s*$`));
    expect(['before', 'after']).toContain(await chip(shiftCrews.off).getAttribute('data-state'));
    expect(await chip(shiftCrews.off).textContent()).toContain(offCode === 'M' ? '07:00–15:00' : '15:00–23:00');
    expect(await chip(shiftCrews.off).textContent()).toContain('fuera de turno');
    expect(await chip(shiftCrews.none).getAttribute('data-state')).toBe('none');
    expect(await chip(shiftCrews.none).textContent()).toContain('sin turno');
    await expect.poll(phoneIds, WAIT).toEqual(orders.map((o) => o.id));
  });

  it('drags the first order below the third: saved at once, the other board and the phone follow', async () => {
    const [o1, o2, o3, o4] = orders.map((o) => o.id) as [string, string, string, string];
    const row = (id: string) => a.locator(`[data-testid=crew-route] [data-testid=route-row][data-order-id="${id}"]`);
    // the lower half of the third row: "after it"
    const box = await row(o3).boundingBox();
    await row(o1).dragTo(row(o3), { targetPosition: { x: 40, y: (box?.height ?? 40) - 6 } });
    const expected = [o2, o3, o1, o4];
    await expect.poll(() => routeIds(a), WAIT).toEqual(expected);
    await expect.poll(serverSequence, WAIT).toEqual(expected);
    await expect.poll(() => routeIds(b), WAIT).toEqual(expected);
    await expect.poll(phoneIds, WAIT).toEqual(expected);
    // the other board's list rows carry the new places too
    await expect.poll(() => b.locator(`[data-testid=order-row][data-order-id="${o1}"] [data-testid=row-place]`).textContent(), WAIT).toBe('#3');
    await a.locator('[data-testid=route-saved]').waitFor();
    // the positions are what the crew sees on its phone (1, 2, 3…)
    expect(await a.locator('[data-testid=crew-route] [data-testid=route-position]').allTextContents()).toEqual(['1', '2', '3', '4']);
    await screenshot(a, 'sequence-01-dragged');
  });

  it('moves an order with the keyboard: Alt+↑ on the row, then the ↓ button; focus stays on it', async () => {
    const [o1, o2, o3, o4] = orders.map((o) => o.id) as [string, string, string, string];
    const body = (id: string) => a.locator(`[data-testid=crew-route] [data-testid=route-row][data-order-id="${id}"] [data-focus=row]`);
    await body(o4).focus();
    await a.keyboard.press('Alt+ArrowUp');
    await a.keyboard.press('Alt+ArrowUp');
    let expected = [o2, o4, o3, o1];
    await expect.poll(() => routeIds(a), WAIT).toEqual(expected);
    expect(await a.evaluate(() => document.activeElement?.closest('[data-testid=route-row]')?.getAttribute('data-order-id'))).toBe(o4);
    await expect.poll(serverSequence, WAIT).toEqual(expected);
    await expect.poll(() => routeIds(b), WAIT).toEqual(expected);
    // arrow keys without Alt walk the list; Tab reaches the row's ↓ button; Enter moves it
    await a.keyboard.press('ArrowUp');
    expect(await a.evaluate(() => document.activeElement?.closest('[data-testid=route-row]')?.getAttribute('data-order-id'))).toBe(o2);
    await a.keyboard.press('Tab'); // ↑ is disabled on the first row, so Tab lands on ↓
    await a.keyboard.press('Enter');
    expected = [o4, o2, o3, o1];
    await expect.poll(() => routeIds(a), WAIT).toEqual(expected);
    expect(await a.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('move-down');
    await expect.poll(serverSequence, WAIT).toEqual(expected);
    await expect.poll(() => routeIds(b), WAIT).toEqual(expected);
    await expect.poll(phoneIds, WAIT).toEqual(expected);
    await screenshot(b, 'sequence-02-other-board');
    await screenshot(phone, 'sequence-03-phone');
  });

  it('shows a newly assigned order at the end of the list, live, on both boards', async () => {
    const r = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'inspection', location: { lat: -34.903, lon: -56.165 }, address: 'Canelones 1000' }, token);
    expect(r.status).toBe(201);
    expect((await s.api('POST', `/api/v1/orders/${r.body.id}/actions`, { action: 'assign', crewId }, token)).status).toBe(200);
    orders.push(r.body);
    for (const p of [a, b]) await expect.poll(async () => (await routeIds(p)).at(-1), WAIT).toBe(r.body.id);
  });

  it('says so when the server refuses a sequence (the list changed underneath) and shows the current list', async () => {
    // another dispatcher closes an order while this board still shows it: simulate the race by
    // making the board's PUT carry a stale list (the request is rewritten on its way out)
    await a.route('**/api/v1/crews/*/sequence', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { orderIds: string[] };
      await route.continue({ postData: JSON.stringify({ orderIds: body.orderIds.slice(1) }) });
    });
    const first = (await routeIds(a))[0]!;
    await a.locator(`[data-testid=crew-route] [data-testid=route-row][data-order-id="${first}"] [data-testid=move-down]`).click();
    await expect.poll(() => a.locator('[data-testid=route-error]').textContent(), WAIT).toContain('La lista cambió');
    // nothing changed on the server, and the board shows its list again
    const now = await serverSequence();
    await expect.poll(() => routeIds(a), WAIT).toEqual(now);
    await a.unroute('**/api/v1/crews/*/sequence');
    await screenshot(a, 'sequence-04-conflict');
  });
});

describe('suggestions while the panel is open', () => {
  it('refresh by themselves when a suggested crew gets more work, keeping the panel in place', async () => {
    const r = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'inspection', location: { lat: -34.906, lon: -56.19 }, address: 'Rivera 2000' }, token);
    expect(r.status).toBe(201);
    await a.locator('[data-testid=crew-route] button[aria-label=Cerrar]').click();
    await a.locator(`[data-testid=order-row][data-order-id="${r.body.id}"]`).click();
    await a.locator('[data-testid=order-detail] [data-testid=suggest]').click();
    const suggestion = a.locator(`[data-testid=suggestion][data-crew-id="${crewId}"]`);
    await suggestion.waitFor(WAIT);
    const openBefore = await suggestion.textContent();
    expect(openBefore).toContain(`órdenes abiertas: ${orders.length}`);
    const stamp = await a.locator('[data-testid=suggest-updated]').getAttribute('data-updated-at');
    // another dispatcher gives the crew one more job: the suggestion's workload follows, no click
    const extra = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'inspection', location: { lat: -34.901, lon: -56.17 }, address: 'Soriano 1300' }, token);
    expect((await s.api('POST', `/api/v1/orders/${extra.body.id}/actions`, { action: 'assign', crewId }, token)).status).toBe(200);
    await expect.poll(() => suggestion.textContent(), WAIT).toContain(`órdenes abiertas: ${orders.length + 1}`);
    expect(await a.locator('[data-testid=suggest-updated]').getAttribute('data-updated-at')).not.toBe(stamp);
    // the same element was updated in place (no reload flash that would re-create it)
    expect(await suggestion.count()).toBe(1);
    await expect.poll(() => a.locator('[data-testid=suggest-updated]').textContent(), WAIT).toMatch(/actualizado (recién|hace \d+ s)/);
    await screenshot(a, 'sequence-05-suggestions-live');
  });

  it('ran without uncaught errors in any page', () => {
    // the one refused sequence above is deliberate
    const all = errors.flat().filter((e) => !e.includes('status of 409'));
    expect(all).toEqual([]);
  });
});
