import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, type TestEnv, type TestServer } from '../helpers/server.ts';
import { buildConsole, collectErrors, launchChromium, screenshot } from './helpers-browser.ts';
import type {} from '../../console/src/lib/dispatch/debug-hook.ts';

/**
 * Open orders on the wall map: pins by priority, an emergency raised by another console appears
 * at once (pin, halo, label, banner), the pins can be hidden and shown, and a role that may not
 * read orders gets a map without them and without errors.
 */
const WAIT = { timeout: 20_000, interval: 100 };
const PASSWORD = 'pared-password-1';
let t: TestEnv;
let s: TestServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];
let token: string;
const created: WorkOrder[] = [];

const pins = () => page.evaluate(() => window.__vatioDispatch?.pins() ?? null);

async function create(body: Record<string, unknown>): Promise<WorkOrder> {
  const r = await s.api<WorkOrder>('POST', '/api/v1/orders', body, token);
  expect(r.status).toBe(201);
  created.push(r.body);
  return r.body;
}

/** The centre pixel of a small PNG, decoded by the browser (no image library needed). */
async function pixelOf(png: Buffer): Promise<[number, number, number]> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(Math.floor(img.width / 2), Math.floor(img.height / 2), 1, 1).data;
    return [d[0]!, d[1]!, d[2]!] as [number, number, number];
  }, png.toString('base64'));
}

beforeAll(async () => {
  buildConsole();
  t = await testEnv({ SERVE_CONSOLE: 'true' });
  s = await startTestServer(t);
  for (const [username, roles] of [['pared.control', ['supervisor']], ['despacho.pared', ['dispatcher']], ['agente.pared', ['agent']]] as const) {
    expect((await s.api('POST', '/api/v1/users', { username, password: PASSWORD, displayName: username, roles }, s.adminToken)).status).toBe(201);
  }
  token = (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'despacho.pared', password: PASSWORD })).body.token;
  await registerUnit(s, { id: 'e2e-wall' });
  // a spread of priorities around the centre of Montevideo
  await create({ typeCode: 'inspection', location: { lat: -34.9035, lon: -56.1915 }, address: 'Rambla Sur 1000', priority: 'low' });
  await create({ typeCode: 'installation', location: { lat: -34.9005, lon: -56.1805 }, address: 'Río Negro 1300' });
  await create({ typeCode: 'reconnection', location: { lat: -34.8945, lon: -56.1655 }, address: 'Av. Rivera 2100' });

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'es-UY', timezoneId: 'America/Montevideo' });
  page = await context.newPage();
  errors = collectErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await t?.cleanup();
});

describe('wall map with orders', () => {
  it('boots straight into wall mode and shows the open orders as pins with a legend', async () => {
    await page.goto(`${s.vatio.httpUrl}/?wall=1#/map`);
    await page.fill('input[name=username]', 'pared.control');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=map] canvas.maplibregl-canvas');
    await expect.poll(async () => [...((await pins()) ?? [])].sort(), WAIT).toEqual(created.map((o) => o.id).sort());
    await expect.poll(() => page.locator('[data-testid=orders-open]').textContent(), WAIT).toBe('3 abiertas');
    expect(await page.locator('[data-testid=orders-toggle-box] li[data-priority=high] b').textContent()).toBe('1');
  });

  it('shows an emergency created on another console at once, prominent', async () => {
    const leak = await create({ typeCode: 'leak', location: { lat: -34.8985, lon: -56.1725 }, address: 'Bv. Artigas 1000', notes: 'Conductor caído' });
    await expect.poll(async () => (await pins())?.includes(leak.id) ?? false, WAIT).toBe(true);
    // emergencies draw last (on top of every other pin)
    expect((await pins())?.at(-1)).toBe(leak.id);
    await expect.poll(() => page.locator('[data-testid=orders-toggle-box] li[data-priority=emergency] b').textContent(), WAIT).toBe('1');
    await page.locator(`[data-testid=emergency-banner] [data-order-id="${leak.id}"]`).waitFor();
    const at = await page.evaluate((id) => window.__vatioDispatch?.pinPosition(id) ?? null, leak.id);
    expect(at).not.toBeNull();
    // the pin is really drawn there: the pixel at its centre is emergency red
    const shot = await page.screenshot({ clip: { x: at!.x - 1, y: at!.y - 1, width: 3, height: 3 } });
    const [r, g, b] = await pixelOf(shot);
    expect(r).toBeGreaterThan(170);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
    await screenshot(page, 'wall-01-orders-emergency');
  });

  it('drops the pin of an order that closes, without reload', async () => {
    const [low] = created;
    expect((await s.api('POST', `/api/v1/orders/${low!.id}/actions`, { action: 'cancel', reason: 'Cliente ausente' }, token)).status).toBe(200);
    await expect.poll(async () => (await pins())?.includes(low!.id) ?? true, WAIT).toBe(false);
    await expect.poll(() => page.locator('[data-testid=orders-open]').textContent(), WAIT).toBe('3 abiertas');
  });

  it('hides and shows the pins with the toggle, and remembers it', async () => {
    await page.locator('[data-testid=orders-toggle]').click();
    await expect.poll(pins, WAIT).toEqual([]);
    expect(await page.locator('[data-testid=orders-toggle]').getAttribute('aria-pressed')).toBe('false');
    await screenshot(page, 'wall-02-orders-hidden');
    await page.reload();
    await page.waitForSelector('[data-testid=map] canvas.maplibregl-canvas');
    await page.locator('[data-testid=orders-toggle]').waitFor();
    expect(await page.locator('[data-testid=orders-toggle]').getAttribute('aria-pressed')).toBe('false');
    await expect.poll(pins, WAIT).toEqual([]);
    await page.locator('[data-testid=orders-toggle]').click();
    await expect.poll(async () => (await pins())?.length ?? 0, WAIT).toBe(3);
  });

  it('does not even ask for orders for a role that may not read them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'es-UY' });
    const other = await context.newPage();
    const asked: string[] = [];
    other.on('request', (r) => {
      if (r.url().includes('/api/v1/orders')) asked.push(r.url());
    });
    await other.goto(`${s.vatio.httpUrl}/#/map`);
    await other.fill('input[name=username]', 'agente.pared');
    await other.fill('input[name=password]', PASSWORD);
    await other.click('button[type=submit]');
    await other.waitForSelector('[data-testid=map] canvas.maplibregl-canvas');
    await other.waitForSelector('[data-testid=status-bar]');
    expect(await other.locator('[data-testid=orders-toggle]').count()).toBe(0);
    expect(await other.evaluate(() => window.__vatioDispatch === undefined)).toBe(true);
    expect(asked).toEqual([]);
    await context.close();
  });

  it('ran without uncaught errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
