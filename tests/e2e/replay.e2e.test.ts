import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from '../helpers/server.ts';
import { buildConsole, collectErrors, launchChromium, screenshot } from './helpers-browser.ts';
// brings the `window.__vatioReplay` type (the replay's read-only debug hook) into page.evaluate
import type {} from '../../console/src/lib/replay/debug-hook.ts';

/**
 * The incident replay driven as a supervisor would: a crew's vehicle with a recorded drive and an
 * order assigned and dispatched to it; Chromium loads the crew's replay, plays it at 60×, jumps
 * to an event and checks the exports. Screenshots land in test-results/.
 */

const SUPERVISOR = { username: 'supervision.replay', password: 'supervision-replay-password', displayName: 'Supervisión' };
// a drive northwards through Montevideo that ended twenty minutes ago, one fix every 30 s
const base = Date.now() - 30 * 60_000;
const fixes = Array.from({ length: 20 }, (_, i) => ({ t: base + i * 30_000, lat: -34.905 + i * 0.0008, lon: -56.165 + i * 0.0003, speed: 9, heading: 15 }));

let t: TestEnv;
let s: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[] = [];
let unit: Awaited<ReturnType<typeof registerUnit>>;
let orderId: string;

/** every wait in this file: long enough for 2 slow CI cores, never a fixed sleep */
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
const hook = <T,>(fn: () => T) => page.evaluate(fn);

beforeAll(async () => {
  buildConsole();
  t = await testEnv({ SERVE_CONSOLE: 'true' });
  s = await startTestServer(t);
  expect((await s.api('POST', '/api/v1/users', { ...SUPERVISOR, roles: ['supervisor'] }, s.adminToken)).status).toBe(201);
  unit = await registerUnit(s, { id: 'e2e-r1' });
  const dev = await mqtt.connectAsync(s.vatio.mqttUrl, { clientId: `e2e-r1-${Date.now()}`, username: unit.deviceId, password: unit.secret, reconnectPeriod: 0 });
  await dev.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, JSON.stringify(fixes), { qos: 1 });
  await dev.endAsync();
  const o = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'inspection', location: { lat: -34.893, lon: -56.158 }, address: 'Av. Italia 2000' }, s.adminToken);
  expect(o.status).toBe(201);
  orderId = o.body.id;
  expect((await s.api('POST', `/api/v1/orders/${orderId}/actions`, { action: 'assign', crewId: unit.crewId }, s.adminToken)).status).toBeLessThan(300);
  expect((await s.api('POST', `/api/v1/orders/${orderId}/actions`, { action: 'dispatch' }, s.adminToken)).status).toBeLessThan(300);
  await waitFor(
    'the drive stored',
    async () => {
      const q = `from=${new Date(base - 1000).toISOString()}&to=${new Date().toISOString()}&crewId=${unit.crewId}`;
      const r = await s.api<{ tracks: { points: unknown[] }[] }>('GET', `/api/v1/replay?${q}`, undefined, s.adminToken);
      return r.body.tracks[0]?.points.length === fixes.length;
    },
    20_000,
  );

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'es-UY', timezoneId: 'America/Montevideo' });
  page = await context.newPage();
  errors = collectErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await t?.cleanup();
});

describe('console: incident replay', () => {
  it('signs in as a supervisor and loads the crew\'s replay of the last two hours', async () => {
    await page.goto(`${s.vatio.httpUrl}/#/replay`);
    await page.fill('input[name=username]', SUPERVISOR.username);
    await page.fill('input[name=password]', SUPERVISOR.password);
    await page.click('button[type=submit]');
    await poll(() => page.textContent('main h1')).toBe('Reproducción de incidentes');
    await page.waitForSelector('[data-testid=replay-map] canvas.maplibregl-canvas');
    // the form refuses nothing chosen, in Spanish, next to the field
    await page.click('[data-testid=load]');
    await poll(() => page.textContent('[data-testid=replay-form] [role=alert]')).toBe('Elija una cuadrilla');
    await page.fill('input[name=crewId]', unit.crewId);
    await page.click('[data-testid=load]');
    await poll(() => hook(() => window.__vatioReplay?.tracks() ?? [])).toEqual([{ vehicleId: unit.vehicleId, points: fixes.length }]);
    await poll(() => page.locator('[data-testid=track]').textContent()).toContain(`Camión e2e-r1`);
    const events = page.locator('[data-testid=event]');
    await poll(() => events.count()).toBe(2);
    expect(await events.nth(0).textContent()).toContain(`${orderId} Asignada`);
    expect(await events.nth(1).textContent()).toContain(`${orderId} Despachada`);
    // assigned and dispatched within a second: one tick on a two-hour timeline
    expect(await page.locator('[data-testid=event-tick]').count()).toBe(1);
    expect(await page.locator('[data-testid=event-tick]').getAttribute('data-count')).toBe('2');
    const range = await hook(() => window.__vatioReplay?.range() ?? null);
    expect(range!.to - range!.from).toBe(2 * 3_600_000);
    // the whole drive is framed: first and last fix on screen
    expect(await hook(() => window.__vatioReplay?.time())).toBe(range!.from);
    await screenshot(page, 'replay-01-loaded');
  });

  it('plays at 60× from the start of the drive: the clock advances and the vehicle moves along the track', async () => {
    // drag the scrubber just past the first fix (it moves in whole seconds from the range start)
    await page.locator('[data-testid=scrubber]').evaluate((el, at) => {
      const input = el as HTMLInputElement;
      input.value = String(at);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, base + 5000);
    await poll(() => hook(() => window.__vatioReplay?.vehicles().length)).toBe(1);
    const start = await hook(() => window.__vatioReplay!.vehicles()[0]!);
    expect(start.lat).toBeGreaterThanOrEqual(fixes[0]!.lat);
    expect(start.lat).toBeLessThan(fixes[1]!.lat);
    const startPx = await waitFor('vehicle on screen', () => page.evaluate((id) => window.__vatioReplay?.screenPosition(id) ?? null, unit.vehicleId));
    const clockBefore = await page.textContent('[data-testid=replay-clock] strong');

    await page.click('[data-speed="60"]');
    await page.click('[data-testid=play]');
    await poll(() => hook(() => window.__vatioReplay?.playing())).toBe(true);
    expect(await hook(() => window.__vatioReplay?.speed())).toBe(60);
    // a minute of replay = a second of wall time; ask for two replay minutes, however slow the machine
    await poll(() => hook(() => window.__vatioReplay!.time())).toBeGreaterThan(base + 120_000);
    await poll(() => page.textContent('[data-testid=replay-clock] strong')).not.toBe(clockBefore);
    await poll(async () => {
      const p = await page.evaluate((id) => window.__vatioReplay?.screenPosition(id) ?? null, unit.vehicleId);
      return p ? Math.hypot(p.x - startPx.x, p.y - startPx.y) : 0;
    }).toBeGreaterThan(15);
    const moved = await hook(() => window.__vatioReplay!.vehicles()[0]!);
    expect(moved.lat).toBeGreaterThan(start.lat); // northwards, as driven
    await screenshot(page, 'replay-02-playing');
    await page.click('[data-testid=play]');
    await poll(() => hook(() => window.__vatioReplay?.playing())).toBe(false);
  });

  it('jumps to an event clicked in the list, and follows the vehicle', async () => {
    const target = await hook(() => window.__vatioReplay!.events()[1]!);
    expect(target.action).toBe('dispatch');
    await page.click(`[data-testid=event][data-event-id="${target.id}"]`);
    await poll(() => hook(() => window.__vatioReplay?.time())).toBe(target.time);
    await poll(() => page.locator('[data-testid=events] li.current [data-testid=event]').getAttribute('data-event-id')).toBe(target.id);
    // a tick on the timeline jumps too
    const first = await hook(() => window.__vatioReplay!.events()[0]!);
    await page.click(`[data-testid=event-tick][data-event-id="${first.id}"]`);
    await poll(() => hook(() => window.__vatioReplay?.time())).toBe(first.time);
    // follow: the map centres on the vehicle
    await page.selectOption('[data-testid=follow]', unit.vehicleId);
    const box = (await page.locator('[data-testid=replay-map]').boundingBox())!;
    await poll(async () => {
      const p = await page.evaluate((id) => window.__vatioReplay?.screenPosition(id) ?? null, unit.vehicleId);
      return p ? Math.round(Math.hypot(p.x - (box.x + box.width / 2), p.y - (box.y + box.height / 2))) : 999;
    }).toBeLessThan(3);
    await screenshot(page, 'replay-03-event');
  });

  it('offers GPX, CSV and GeoJSON exports of the same replay that the session can download', async () => {
    for (const name of ['gpx', 'csv', 'geojson']) {
      const link = page.locator(`[data-testid=export-${name}]`);
      const href = await link.getAttribute('href');
      expect(href).toContain(`crewId=${unit.crewId}`);
      const status = await page.evaluate(async (url) => (await fetch(url, { credentials: 'same-origin' })).status, href!);
      expect(status, name).toBe(200);
    }
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), (await page.locator('[data-testid=export-csv]').getAttribute('href'))!);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(3);
  });

  it('replays one order by its number, and the area in view', async () => {
    await page.check('input[name=kind][value=order]');
    expect(await page.locator('input[name=from]').count()).toBe(0); // the order's own span is used
    await page.fill('input[name=orderId]', orderId.toLowerCase());
    await page.click('[data-testid=load]');
    await poll(() => hook(() => window.__vatioReplay?.events().map((e) => e.action))).toEqual(['create', 'assign', 'dispatch']);
    await poll(() => page.locator('[data-testid=event]').count()).toBe(3);
    expect(await page.locator('[data-testid=export-gpx]').getAttribute('href')).toBe(`/api/v1/replay/tracks.gpx?orderId=${orderId}`);
    // the area: what the map shows now (centred on the followed vehicle)
    await page.check('input[name=kind][value=area]');
    await page.click('[data-testid=use-view]');
    await poll(() => page.textContent('[data-testid=bbox]')).toMatch(/^Zona: -56\.\d+, -34\.\d+, -56\.\d+, -34\.\d+$/);
    await page.click('[data-testid=load]');
    await poll(() => page.locator('[data-testid=export-gpx]').getAttribute('href')).toContain('bbox=');
    await poll(() => hook(() => window.__vatioReplay?.tracks().map((x) => x.vehicleId))).toEqual([unit.vehicleId]);
    // the crew's events happened in view; the order's creation too if its place is on screen
    await poll(() => page.locator('[data-testid=event]').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'replay-05-area');
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await poll(() => page.textContent('main h1')).toBe('Incident replay');
    await poll(() => page.locator('[data-testid=events]').textContent()).toContain('Dispatched');
    await screenshot(page, 'replay-04-english');
    expect(errors).toEqual([]);
  });
});
