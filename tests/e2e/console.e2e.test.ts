import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from '../helpers/server.ts';
import { buildConsole, collectErrors, launchChromium, screenshot } from './helpers-browser.ts';

/**
 * The dispatcher's live map, driven as a person would: the real server (embedded services, or
 * the real ones when DATABASE_URL/REDIS_URL/MQTT_URL are set), units publishing over MQTT,
 * Chromium signing in and looking at the map. Screenshots land in test-results/.
 */

const DISPATCHER = { username: 'despacho.e2e', password: 'despacho-e2e-password', displayName: 'Despacho E2E' };
const MOVING = [
  { id: 'e2e-norte', crew: 'Cuadrilla Norte', lon: -56.19, lat: -34.875 },
  { id: 'e2e-centro', crew: 'Cuadrilla Centro', lon: -56.165, lat: -34.905 },
  { id: 'e2e-este', crew: 'Cuadrilla Este', lon: -56.12, lat: -34.885 },
];
/** reports once, then goes quiet: must turn amber then grey on the client's clock alone */
const SILENT = { id: 'e2e-silencio', crew: 'Cuadrilla Silenciosa', lon: -56.15, lat: -34.86 };
const ONLINE_S = 4;
const OFFLINE_S = 9;

let t: TestEnv;
let s: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[] = [];
const units: { id: string; client: MqttClient; lon: number; lat: number; heading: number }[] = [];
let driving: ReturnType<typeof setInterval> | undefined;

function vehicleId(id: string): string {
  return `v-${id}`;
}

async function register(u: { id: string; crew: string }, n: number): Promise<MqttClient> {
  const crew = await s.api('POST', '/api/v1/crews', { id: `c-${u.id}`, name: u.crew }, s.adminToken);
  expect(crew.status).toBe(201);
  const veh = await s.api('POST', '/api/v1/vehicles', { id: vehicleId(u.id), label: `Camioneta ${200 + n}`, plate: `STE ${4200 + n}`, crewId: `c-${u.id}` }, s.adminToken);
  expect(veh.status).toBe(201);
  const dev = await s.api<{ secret: string }>('POST', '/api/v1/devices', { id: u.id, protocol: 'vatio', vehicleId: vehicleId(u.id) }, s.adminToken);
  expect(dev.status).toBe(201);
  return mqtt.connectAsync(s.vatio.mqttUrl, { clientId: `${u.id}-${Date.now()}`, username: u.id, password: dev.body.secret, reconnectPeriod: 0 });
}

function publish(u: { id: string; client: MqttClient; lon: number; lat: number; heading: number }, speed: number): void {
  const fix = { t: new Date().toISOString(), lat: u.lat, lon: u.lon, speed, heading: u.heading, acc: 5, batt: 81 };
  u.client.publish(`vatio/v1/devices/${u.id}/fix`, JSON.stringify(fix), { qos: 1 });
}

beforeAll(async () => {
  buildConsole();
  t = await testEnv({ SERVE_CONSOLE: 'true', LIVE_ONLINE_SECONDS: String(ONLINE_S), LIVE_OFFLINE_SECONDS: String(OFFLINE_S) });
  s = await startTestServer(t);
  const user = await s.api('POST', '/api/v1/users', { ...DISPATCHER, roles: ['dispatcher'] }, s.adminToken);
  expect(user.status).toBe(201);

  for (const [i, u] of MOVING.entries()) {
    units.push({ id: u.id, client: await register(u, i), lon: u.lon, lat: u.lat, heading: 60 + i * 20 });
  }
  const silent = { id: SILENT.id, client: await register(SILENT, 9), lon: SILENT.lon, lat: SILENT.lat, heading: 0 };
  publish(silent, 0);
  // ~40 km/h east-north-east, one fix a second each, as a vehicle unit would
  driving = setInterval(() => {
    for (const u of units) {
      u.lon += 0.00012 * Math.sin((u.heading * Math.PI) / 180);
      u.lat += 0.0001 * Math.cos((u.heading * Math.PI) / 180);
      publish(u, 11.1);
    }
  }, 1000);
  for (const u of units) publish(u, 11.1);

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'es-UY', timezoneId: 'UTC' });
  page = await context.newPage();
  errors = collectErrors(page);
});

afterAll(async () => {
  clearInterval(driving);
  await browser?.close();
  for (const u of units) await u.client.endAsync(true).catch(() => undefined);
  await s?.stop();
  await t?.cleanup();
});

async function onlineCount(): Promise<number> {
  return page.evaluate(() => window.__vatio?.counts().online ?? -1);
}

describe('console: dispatcher wall map', () => {
  it('refuses a wrong password with a clear message in Spanish', async () => {
    await page.goto(s.vatio.httpUrl);
    await page.fill('input[name=username]', DISPATCHER.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toBe('Usuario o contraseña incorrectos');
    await screenshot(page, '01-signin-error');
  });

  it('signs in and shows every reporting vehicle as online in the header', async () => {
    await page.fill('input[name=password]', DISPATCHER.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=status-bar]');
    await expect.poll(onlineCount, { timeout: 20_000 }).toBe(MOVING.length);
    await expect.poll(() => page.textContent('[data-testid=count-online]')).toContain(`${MOVING.length} en línea`);
    await expect.poll(() => page.textContent('[data-testid=connection]')).toContain('En vivo');
    await expect.poll(() => page.textContent('[data-testid=clock]')).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    await expect.poll(() => page.textContent('.maplibregl-ctrl-attrib')).toContain('OpenStreetMap contributors');
    await expect.poll(() => page.textContent('.maplibregl-ctrl-attrib')).toContain('Natural Earth');
  });

  it('moves vehicles as fixes arrive over the socket and draws their trail', async () => {
    const id = vehicleId(MOVING[0]!.id);
    const where = () => page.evaluate((v) => window.__vatio?.vehicles().find((x) => x.id === v) ?? null, id);
    const before = await where();
    expect(before).not.toBeNull();
    await expect.poll(async () => (await where())?.lon ?? 0, { timeout: 10_000 }).toBeGreaterThan(before!.lon);
    await expect.poll(async () => (await where())?.trailPoints ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await screenshot(page, '02-live-map');
  });

  it('shows a vehicle that stopped reporting as offline, and counts it', async () => {
    const status = () => page.evaluate((v) => window.__vatio?.vehicles().find((x) => x.id === v)?.status ?? null, vehicleId(SILENT.id));
    await expect.poll(status, { timeout: 20_000 }).toBe('offline');
    await expect.poll(() => page.textContent('[data-testid=count-offline]')).toContain('1 fuera de línea');
    expect(await onlineCount()).toBe(MOVING.length);
  });

  it('opens the side panel when a vehicle is clicked', async () => {
    const id = vehicleId(MOVING[1]!.id);
    const point = await waitFor('vehicle on screen', () => page.evaluate((v) => window.__vatio?.screenPosition(v) ?? null, id));
    await page.mouse.click(point.x, point.y);
    const panel = page.locator('[data-testid=vehicle-panel]');
    await panel.waitFor({ timeout: 5000 });
    await expect.poll(() => panel.textContent()).toContain(MOVING[1]!.crew);
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Camioneta 201');
    expect(text).toContain(MOVING[1]!.id); // device
    expect(text).toContain('40 km/h'); // 11.1 m/s
    expect(text).toContain('81'); // battery
    expect(text).toMatch(/hace \d+ s|ahora/);
    expect(await page.evaluate(() => window.__vatio?.selectedId())).toBe(id);
    await screenshot(page, '03-side-panel');
  });

  it('switches to English and keeps the choice and the session across a reload', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => page.textContent('[data-testid=count-online]')).toContain(`${MOVING.length} online`);
    await page.reload();
    await page.waitForSelector('[data-testid=status-bar]'); // cookie session: no sign-in page
    await expect.poll(() => page.textContent('nav')).toContain('Live map');
    await expect.poll(onlineCount, { timeout: 20_000 }).toBe(MOVING.length);
    // after a reload there is no token in memory: the socket authenticates with the cookie
    await expect.poll(() => page.textContent('[data-testid=connection]'), { timeout: 10_000 }).toContain('Live');
    await screenshot(page, '04-english');
    await page.getByRole('button', { name: 'ES', exact: true }).click();
    await expect.poll(() => page.textContent('nav')).toContain('Mapa en vivo');
  });

  it('shows the other screens as placeholders in the navigation shell', async () => {
    await page.click('nav a:has-text("Despacho")');
    await expect.poll(() => page.textContent('main h1')).toBe('Despacho');
    await page.click('nav a:has-text("Mapa en vivo")');
    await page.waitForSelector('[data-testid=status-bar]');
  });

  it('has a wall mode with only counts and clock, from the button and from ?wall=1', async () => {
    await page.click('[data-testid=wall-toggle]');
    await expect.poll(() => page.locator('header.top').count()).toBe(0);
    await expect.poll(onlineCount, { timeout: 20_000 }).toBe(MOVING.length);
    await page.waitForTimeout(1500); // let the dark basemap and labels settle
    await screenshot(page, '05-wall');
    await page.goto(`${s.vatio.httpUrl}/?wall=1#/map`);
    await page.waitForSelector('[data-testid=status-bar]');
    await expect.poll(onlineCount, { timeout: 20_000 }).toBe(MOVING.length);
    expect(await page.locator('header.top').count()).toBe(0);
    expect(await page.textContent('[data-testid=count-online]')).toContain('en línea');
    await page.waitForTimeout(1500);
    await screenshot(page, '06-wall-url');
    await page.click('[data-testid=wall-toggle]');
    await page.waitForSelector('header.top');
  });

  it('signs out back to the sign-in page', async () => {
    await page.getByRole('button', { name: 'Salir', exact: true }).click();
    await page.waitForSelector('input[name=username]');
    await page.reload();
    await page.waitForSelector('input[name=username]'); // the cookie is gone too
  });

  it('ran without uncaught errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
