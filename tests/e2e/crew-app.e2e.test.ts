import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent, WorkOrder } from '../../server/src/contracts/index.ts';
import { startTestServer, testEnv, type TestEnv, type TestServer } from '../helpers/server.ts';
import { buildConsole, collectErrors, launchChromium, REPO_ROOT, screenshot } from './helpers-browser.ts';

/**
 * The crew mobile app (console/crew.html), driven on a phone-sized Chromium as a crew would:
 * orders arrive live, the crew works them through, takes actions without signal, and the
 * server wins when dispatch cancels meanwhile. Screenshots: test-results/console-crew-*.png.
 */

const PASSWORD = 'crew-e2e-password';
const CREW_ID = 'c-e2e-crew';
const TYPE = 'e2e_full';

let t: TestEnv;
let s: TestServer;
let dispatcher: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[] = [];
let serverStopped = false;
let crewUserId = 0;
/** generous: CI runs this on two slow cores; polls return as soon as the state is reached */
const WAIT = { timeout: 15_000, interval: 100 };

async function user(username: string, roles: string[]): Promise<{ id: number; token: string }> {
  const r = await s.api<{ id: number }>('POST', '/api/v1/users', { username, password: PASSWORD, displayName: username === 'cuadrilla.e2e' ? 'Juan Pérez' : username, roles }, s.adminToken);
  expect(r.status).toBe(201);
  const l = await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: PASSWORD });
  expect(l.status).toBe(200);
  return { id: r.body.id, token: l.body.token };
}

/** What dispatch does on its board: create, assign to the crew, dispatch. */
async function dispatchOrder(address: string, extra: Record<string, unknown> = {}): Promise<WorkOrder> {
  const created = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: TYPE, location: { lat: -34.9058, lon: -56.1913 }, address, accountRef: '4455667', contactName: 'Marta Pérez', contactPhone: '+598 99 123 456', notes: 'Perro en el patio. Tocar timbre.', ...extra }, dispatcher);
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect((await s.api('POST', `/api/v1/orders/${id}/actions`, { action: 'assign', crewId: CREW_ID }, dispatcher)).status).toBe(200);
  const d = await s.api<{ order: WorkOrder }>('POST', `/api/v1/orders/${id}/actions`, { action: 'dispatch' }, dispatcher);
  expect(d.status).toBe(200);
  return d.body.order;
}

async function serverOrder(id: string): Promise<WorkOrder> {
  return (await s.api<WorkOrder>('GET', `/api/v1/orders/${id}`, undefined, dispatcher)).body;
}
async function serverEvents(id: string): Promise<OrderEvent[]> {
  return (await s.api<{ events: OrderEvent[] }>('GET', `/api/v1/orders/${id}/events`, undefined, dispatcher)).body.events;
}

const card = (id: string) => page.locator(`[data-testid=order-card][data-order-id="${id}"]`);
const detail = () => page.locator('[data-testid=order-detail]');
const detailStatus = () => detail().getAttribute('data-status');
const pendingShown = () => detail().locator('[data-testid=pending]').count();

async function openOrder(id: string): Promise<void> {
  await card(id).click();
  await expect.poll(() => detail().getAttribute('data-order-id'), WAIT).toBe(id);
}

/** Taps a status button and waits until the server has it and the app no longer marks it pending. */
async function actOnline(id: string, action: string, status: WorkOrder['status']): Promise<void> {
  await page.click(`button[data-action=${action}]`);
  await expect.poll(async () => (await serverOrder(id)).status, WAIT).toBe(status);
  await expect.poll(detailStatus, WAIT).toBe(status);
  await expect.poll(pendingShown, WAIT).toBe(0);
}

beforeAll(async () => {
  buildConsole();
  t = await testEnv({ SERVE_CONSOLE: 'true' });
  s = await startTestServer(t);
  dispatcher = (await user('despacho.e2e', ['dispatcher'])).token;
  const crewUser = await user('cuadrilla.e2e', ['crew']);
  crewUserId = crewUser.id;
  expect((await s.api('POST', '/api/v1/crews', { id: CREW_ID, name: 'Cuadrilla Centro' }, s.adminToken)).status).toBe(201);
  expect((await s.api('PUT', `/api/v1/crews/${CREW_ID}/members`, { userIds: [crewUser.id] }, s.adminToken)).status).toBe(204);
  // one type with every kind of completion field the form must handle
  const type = await s.api('PUT', `/api/v1/order-types/${TYPE}`, {
    name: 'Cambio de medidor (prueba)',
    defaultPriority: 'high',
    responseMinutes: 240,
    resolutionMinutes: 1440,
    requiredSkills: [],
    requiredEquipment: [],
    durationMinutes: 45,
    completionFields: [
      { key: 'serial', label: 'Serie del medidor', kind: 'text', required: true, pattern: '^[A-Z]{2}\\d{6}$' },
      { key: 'reading', label: 'Lectura (kWh)', kind: 'number', required: true },
      { key: 'seal_ok', label: 'Precinto intacto', kind: 'boolean', required: true },
      { key: 'photo', label: 'Foto del medidor', kind: 'photo', required: true },
      { key: 'signature', label: 'Firma del cliente', kind: 'signature', required: true },
    ],
  }, s.adminToken);
  expect(type.status).toBe(200);

  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'es-UY',
    timezoneId: 'America/Montevideo',
  });
  page = await context.newPage();
  errors = collectErrors(page);
});

afterAll(async () => {
  await browser?.close();
  if (!serverStopped) await s?.stop();
  await t?.cleanup();
});

describe('crew app: orders in the street', () => {
  it('tells a dispatcher who opens the crew app that it is for crews only', async () => {
    await page.goto(`${s.vatio.httpUrl}/crew.html`);
    await page.fill('input[name=username]', 'despacho.e2e');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]'), WAIT).toContain('no es de una cuadrilla');
    await screenshot(page, 'crew-01-not-crew');
  });

  it('signs a crew member in, live, with no orders yet', async () => {
    await page.fill('input[name=username]', 'cuadrilla.e2e');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=no-orders]');
    await expect.poll(() => page.textContent('[data-testid=connection]'), WAIT).toContain('En línea');
  });

  let first: WorkOrder;
  it('shows an order the moment dispatch sends it, marked new', async () => {
    first = await dispatchOrder('Av. Agraciada 2540');
    await card(first.id).waitFor({ timeout: 15_000 });
    await expect.poll(() => card(first.id).getAttribute('data-status'), WAIT).toBe('dispatched');
    expect(await card(first.id).textContent()).toContain('NUEVA');
    await screenshot(page, 'crew-02-new-order');
  });

  it('shows the order details with navigation links and only the allowed actions', async () => {
    await openOrder(first.id);
    const text = (await detail().textContent()) ?? '';
    expect(text).toContain('Av. Agraciada 2540');
    expect(text).toContain('4455667');
    expect(text).toContain('Perro en el patio');
    expect(await page.getAttribute('[data-testid=nav-geo]', 'href')).toBe('geo:-34.9058,-56.1913?q=-34.9058,-56.1913(Av.%20Agraciada%202540)');
    expect(await page.getAttribute('[data-testid=nav-osm]', 'href')).toContain('openstreetmap.org');
    expect(await page.getAttribute('[data-testid=call]', 'href')).toBe('tel:+59899123456');
    expect(await page.locator('button[data-action]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')))).toEqual(['acknowledge', 'start_travel']);
    // touch targets of at least 48 px
    for (const b of await page.locator('button[data-action], [data-testid^=nav-]').all()) expect((await b.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
    await screenshot(page, 'crew-03-order-detail');
  });

  it('acknowledges, starts travel and arrives, each reaching the server', async () => {
    await actOnline(first.id, 'acknowledge', 'acknowledged');
    await actOnline(first.id, 'start_travel', 'en_route');
    await actOnline(first.id, 'arrive', 'on_site');
    expect(await page.locator('button[data-action]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')))).toEqual(['complete', 'fail', 'undo_arrival']);
    // an arrival tapped too early (or set by the geofence) can be taken back
    await actOnline(first.id, 'undo_arrival', 'en_route');
    await actOnline(first.id, 'arrive', 'on_site');
  });

  it('completes with the type fields, checked on the phone first', async () => {
    await page.click('button[data-action=complete]');
    await page.waitForSelector('[data-testid=complete-form]');
    await page.click('form[data-testid=complete-form] button[type=submit]');
    for (const key of ['serial', 'reading', 'seal_ok', 'photo', 'signature']) await expect.poll(() => page.textContent(`[data-testid=field-error-${key}]`), WAIT).toBe('Obligatorio');
    await page.fill('input[name=serial]', 'ab12');
    await page.fill('input[name=reading]', '48 213,5');
    await expect.poll(() => page.textContent('[data-testid=field-error-serial]'), WAIT).toBe('Formato incorrecto');
    await screenshot(page, 'crew-04-complete-errors');

    await page.fill('input[name=serial]', 'UY123456');
    await page.click('[data-field=seal_ok] button[data-value=yes]');
    await page.setInputFiles('input[name=photo]', { name: 'medidor.png', mimeType: 'image/png', buffer: readFileSync(join(REPO_ROOT, 'console/public/crew-icon-512.png')) });
    await page.waitForSelector('[data-testid=photo-preview-photo]');
    await page.locator('[data-testid=signature-signature]').scrollIntoViewIfNeeded();
    const pad = await page.locator('[data-testid=signature-signature]').boundingBox();
    if (!pad) throw new Error('no signature pad');
    await page.mouse.move(pad.x + 30, pad.y + pad.height * 0.7);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(pad.x + 30 + i * 22, pad.y + pad.height * (0.7 - 0.4 * Math.sin(i / 2)));
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid^=field-error-]').evaluateAll((es) => es.map((e) => `${e.getAttribute('data-testid')}: ${e.textContent}`)), WAIT).toEqual([]);
    await screenshot(page, 'crew-05-complete-filled');
    await page.click('form[data-testid=complete-form] button[type=submit]');

    await expect.poll(async () => (await serverOrder(first.id)).status, WAIT).toBe('completed');
    const done = await serverOrder(first.id);
    expect(done.completion).toMatchObject({ serial: 'UY123456', reading: 48213.5, seal_ok: true });
    expect(String(done.completion?.['photo'])).toMatch(/^data:image\/jpeg;base64,/);
    expect(String(done.completion?.['signature'])).toMatch(/^data:image\/png;base64,/);
    await expect.poll(detailStatus, WAIT).toBe('completed');
    await expect.poll(pendingShown, WAIT).toBe(0);
  });

  let second: WorkOrder;
  it('takes an action without signal, shows it pending, and sends it once when back online', async () => {
    second = await dispatchOrder('Bv. Artigas 1825 apto 301');
    await page.click('a.crew-back');
    await card(second.id).waitFor({ timeout: 15_000 });
    await openOrder(second.id);

    await context.setOffline(true);
    await expect.poll(() => page.textContent('[data-testid=connection]'), WAIT).toContain('Sin señal');
    await page.click('button[data-action=acknowledge]');
    await expect.poll(detailStatus, WAIT).toBe('acknowledged');
    await expect.poll(pendingShown, WAIT).toBe(1);
    await expect.poll(() => page.textContent('[data-testid=pending-count]'), WAIT).toContain('1 acción pendiente de enviar');
    await screenshot(page, 'crew-06-offline-pending');
    expect((await serverOrder(second.id)).status).toBe('dispatched');

    await context.setOffline(false);
    await expect.poll(async () => (await serverOrder(second.id)).status, { timeout: 30_000 }).toBe('acknowledged');
    await expect.poll(pendingShown, { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-testid=pending-count]').count(), WAIT).toBe(0);
    const acks = (await serverEvents(second.id)).filter((e) => e.action === 'acknowledge');
    expect(acks).toHaveLength(1);
  });

  it('lets the server win when dispatch cancels an order while the crew acted offline', async () => {
    await context.setOffline(true);
    await expect.poll(() => page.textContent('[data-testid=connection]'), WAIT).toContain('Sin señal');
    await page.click('button[data-action=start_travel]');
    await expect.poll(detailStatus, WAIT).toBe('en_route');
    await expect.poll(pendingShown, WAIT).toBe(1);
    const cancel = await s.api('POST', `/api/v1/orders/${second.id}/actions`, { action: 'cancel', reason: 'el cliente pagó la deuda' }, dispatcher);
    expect(cancel.status).toBe(200);

    await context.setOffline(false);
    const notice = page.locator('[data-testid=notice]', { hasText: `La orden ${second.id} fue cancelada por despacho.` });
    await notice.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid=pending-count]').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(detailStatus, WAIT).toBe('cancelled');
    await screenshot(page, 'crew-07-server-wins');
    expect((await serverOrder(second.id)).status).toBe('cancelled');
    expect((await serverEvents(second.id)).filter((e) => e.action === 'start_travel')).toHaveLength(0);
  });

  it('records a visit that could not be done, asking for a reason first', async () => {
    const o = await dispatchOrder('Rambla República de México 5515');
    await page.click('a.crew-back');
    await card(o.id).waitFor({ timeout: 15_000 });
    await openOrder(o.id);
    await actOnline(o.id, 'start_travel', 'en_route');
    await page.click('button[data-action=fail]');
    await page.fill('textarea[name=reason]', 'no');
    await page.click('form.crew-fail button[type=submit]');
    await expect.poll(() => page.textContent('form.crew-fail [role=alert]'), WAIT).toContain('mínimo 3 letras');
    await page.fill('textarea[name=reason]', 'Nadie en el domicilio');
    await page.click('form.crew-fail button[type=submit]');
    await expect.poll(async () => (await serverOrder(o.id)).failureReason, WAIT).toBe('Nadie en el domicilio');
    expect((await serverOrder(o.id)).status).toBe('failed');
    await expect.poll(detailStatus, WAIT).toBe('failed');
    await expect.poll(pendingShown, WAIT).toBe(0);
  });

  it('takes on a second crew the office adds it to, and drops it again, without reloading', async () => {
    const OTHER = 'c-e2e-other';
    expect((await s.api('POST', '/api/v1/crews', { id: OTHER, name: 'Cuadrilla Cerro' }, s.adminToken)).status).toBe(201);
    const created = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: TYPE, location: { lat: -34.885, lon: -56.255 }, address: 'Grecia 3500' }, dispatcher);
    const id = created.body.id;
    expect((await s.api('POST', `/api/v1/orders/${id}/actions`, { action: 'assign', crewId: OTHER }, dispatcher)).status).toBe(200);
    await page.click('a.crew-back');
    await page.locator('[data-testid=order-card]').first().waitFor({ timeout: 15_000 });
    expect(await card(id).count()).toBe(0);
    expect((await s.api('PUT', `/api/v1/crews/${OTHER}/members`, { userIds: [crewUserId] }, s.adminToken)).status).toBe(204);
    await card(id).waitFor({ timeout: 15_000 });
    expect((await s.api('PUT', `/api/v1/crews/${OTHER}/members`, { userIds: [] }, s.adminToken)).status).toBe(204);
    await expect.poll(() => card(id).count(), WAIT).toBe(0);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => page.textContent('[data-testid=connection]'), WAIT).toContain('Online');
    if (await page.locator('a.crew-back').count()) await page.click('a.crew-back');
    await expect.poll(() => page.textContent('h1'), WAIT).toBe("Today's orders");
    await screenshot(page, 'crew-08-english-list');
  });

  it('ran without page errors', () => {
    // expected: fetches failing while the network is cut, and the 409 of the refused replay
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED') && !e.includes('Failed to fetch') && !e.includes('status of 409'))).toEqual([]);
  });

  it('opens again with no server reachable, showing its orders and the action still pending', async () => {
    await page.getByRole('button', { name: 'ES', exact: true }).click();
    const third = await dispatchOrder('Camino Maldonado 6120');
    await card(third.id).waitFor({ timeout: 15_000 });
    // the service worker has taken the page and holds the app shell
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
    await page.waitForFunction(
      async () => {
        const keys = await (await caches.open('vatio-crew-shell-v1')).keys();
        return keys.some((k) => k.url.endsWith('/crew.html')) && keys.some((k) => /\/assets\/crew-[^/]+\.js$/.test(k.url));
      },
      undefined,
      { timeout: 30_000 },
    );
    await openOrder(third.id);
    await context.setOffline(true);
    await page.click('button[data-action=acknowledge]');
    await expect.poll(pendingShown, WAIT).toBe(1);

    // no signal and no server at all: the phone reopens the app from its own cache
    serverStopped = true;
    await s.stop();
    await page.reload();
    await expect.poll(() => detail().getAttribute('data-order-id'), { timeout: 30_000 }).toBe(third.id);
    await expect.poll(detailStatus, WAIT).toBe('acknowledged');
    await expect.poll(pendingShown, WAIT).toBe(1);
    await expect.poll(() => page.textContent('[data-testid=connection]'), WAIT).toContain('Sin señal');
    await screenshot(page, 'crew-09-reopened-offline');
  });
});
