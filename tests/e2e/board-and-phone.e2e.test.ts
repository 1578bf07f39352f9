import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, type TestEnv, type TestServer } from '../helpers/server.ts';
import { buildConsole, collectErrors, launchChromium, screenshot } from './helpers-browser.ts';
import type {} from '../../console/src/lib/dispatch/debug-hook.ts';

/**
 * Two people at once: a dispatcher with the board open on a desktop, and a crew member on a
 * phone. The crew works the order on the phone; the board follows every step without reload.
 */
const WAIT = { timeout: 20_000, interval: 100 };
let t: TestEnv;
let s: TestServer;
let browser: Browser;
let desk: BrowserContext;
let phone: BrowserContext;
let board: Page;
let app: Page;
let boardErrors: string[] = [];
let appErrors: string[] = [];
let order: WorkOrder;

async function user(username: string, roles: string[]) {
  const r = await s.api<{ id: number }>('POST', '/api/v1/users', { username, password: 'dos-navegadores-123', displayName: username, roles }, s.adminToken);
  expect(r.status).toBe(201);
  return r.body.id;
}

beforeAll(async () => {
  buildConsole();
  t = await testEnv({ SERVE_CONSOLE: 'true' });
  s = await startTestServer(t);
  await user('despacho.dos', ['dispatcher']);
  const member = await user('cuadrilla.dos', ['crew']);
  const unit = await registerUnit(s, { id: 'e2e-two' });
  expect((await s.api('PUT', `/api/v1/crews/${unit.crewId}/members`, { userIds: [member] }, s.adminToken)).status).toBe(204);
  const token = (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'despacho.dos', password: 'dos-navegadores-123' })).body.token;
  const created = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'reconnection', location: { lat: -34.9011, lon: -56.1645 }, address: 'Av. 18 de Julio 1360', accountRef: '7654321' }, token);
  expect(created.status).toBe(201);
  order = created.body;
  for (const body of [{ action: 'assign', crewId: unit.crewId }, { action: 'dispatch' }]) {
    expect((await s.api('POST', `/api/v1/orders/${order.id}/actions`, body, token)).status).toBe(200);
  }

  browser = await launchChromium();
  desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'es-UY', timezoneId: 'America/Montevideo' });
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'es-UY', timezoneId: 'America/Montevideo' });
  board = await desk.newPage();
  app = await phone.newPage();
  boardErrors = collectErrors(board);
  appErrors = collectErrors(app);
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await t?.cleanup();
});

const boardStatus = () => board.evaluate((id) => window.__vatioDispatch?.orders().find((o) => o.id === id)?.status ?? null, order.id);
const rowStatus = () => board.locator(`[data-testid=order-row][data-order-id="${order.id}"] [data-testid=row-status]`).textContent();

describe('board and phone together', () => {
  it('opens the board on the desk and the app on the phone', async () => {
    await board.goto(`${s.vatio.httpUrl}/#/dispatch`);
    await board.fill('input[name=username]', 'despacho.dos');
    await board.fill('input[name=password]', 'dos-navegadores-123');
    await board.click('button[type=submit]');
    await expect.poll(boardStatus, WAIT).toBe('dispatched');
    await expect.poll(rowStatus, WAIT).toBe('Despachada');

    await app.goto(`${s.vatio.httpUrl}/crew.html`);
    await app.fill('input[name=username]', 'cuadrilla.dos');
    await app.fill('input[name=password]', 'dos-navegadores-123');
    await app.click('button[type=submit]');
    await app.locator(`[data-testid=order-card][data-order-id="${order.id}"]`).click();
    await expect.poll(() => app.locator('[data-testid=order-detail]').getAttribute('data-status'), WAIT).toBe('dispatched');
  });

  it('follows every step the crew takes on the phone, live on the board', async () => {
    const steps: [string, WorkOrder['status'], string][] = [
      ['acknowledge', 'acknowledged', 'Recibida'],
      ['start_travel', 'en_route', 'En camino'],
      ['arrive', 'on_site', 'En sitio'],
    ];
    for (const [action, status, label] of steps) {
      await app.click(`button[data-action=${action}]`);
      await expect.poll(boardStatus, WAIT).toBe(status);
      await expect.poll(rowStatus, WAIT).toBe(label);
    }
    await screenshot(board, 'two-01-board-on-site');
    await app.click('button[data-action=complete]');
    await app.waitForSelector('[data-testid=complete-form]');
    await app.fill('input[name=reading]', '48213');
    await app.click('form[data-testid=complete-form] button[type=submit]');
    // the board hears it; the order leaves the open list or shows as completed
    await expect.poll(async () => {
      const st = await boardStatus();
      return st === null || st === 'completed';
    }, WAIT).toBe(true);
    const server = await s.api<WorkOrder>('GET', `/api/v1/orders/${order.id}`, undefined, s.adminToken);
    expect(server.body).toMatchObject({ status: 'completed', completion: { reading: 48213 } });
    await screenshot(board, 'two-02-board-after-complete');
    await screenshot(app, 'two-03-phone-completed');
    expect([...boardErrors, ...appErrors]).toEqual([]);
  });
});
