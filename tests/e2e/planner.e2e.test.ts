import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrewShift, RosterView, ShiftConfig } from '../../server/src/contracts/index.ts';
import { startTestServer, testEnv, type TestEnv, type TestServer } from '../helpers/server.ts';
import { buildConsole, collectErrors, launchChromium, screenshot } from './helpers-browser.ts';

/**
 * The shift planner (#/planner) driven as a planner would on a big monitor: generate a roster for
 * a week with a short time limit and watch it run, read the Gantt, break a rest rule by hand and
 * see the check flag it, publish past the violation on purpose, edit the rules; then a crew
 * member opens "Mis turnos" on a phone, also without signal. Screenshots:
 * test-results/console-planner-*.png.
 */

const PASSWORD = 'planner-e2e-password';
const CREWS = ['Centro', 'Cordón', 'Pocitos', 'Malvín', 'Cerro', 'Prado', 'Unión', 'Carrasco'].map((name, i) => ({ id: `c-t${i + 1}`, name: `Cuadrilla ${name}` }));
const MY_CREW = CREWS[0]!.id;
/** generous: CI runs this on two slow cores; polls return as soon as the state is reached */
const WAIT = { timeout: 20_000, interval: 100 };

let t: TestEnv;
let s: TestServer;
let planner: string;
let withBreaks: ShiftConfig | undefined;
let browser: Browser;
let desk: BrowserContext;
let page: Page;
let errors: string[] = [];
let serverStopped = false;
let rosterId = '';
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montevideo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
/** two days from today: Cuadrilla Centro is on leave */
const LEAVE_DAY = new Date(Date.parse(`${today}T12:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);

async function user(username: string, displayName: string, roles: string[]): Promise<{ id: number; token: string }> {
  const r = await s.api<{ id: number }>('POST', '/api/v1/users', { username, password: PASSWORD, displayName, roles }, s.adminToken);
  expect(r.status).toBe(201);
  const l = await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: PASSWORD });
  expect(l.status).toBe(200);
  return { id: r.body.id, token: l.body.token };
}

async function rosterView(): Promise<RosterView> {
  const r = await s.api<RosterView>('GET', `/api/v1/rosters/${rosterId}`, undefined, planner);
  expect(r.status).toBe(200);
  return r.body;
}

const cell = (crewId: string, date: string) => page.locator(`[data-testid=cell][data-crew-id="${crewId}"][data-date="${date}"]`);
const focused = () => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return el?.dataset['testid'] === 'cell' ? `${el.dataset['crewId']}|${el.dataset['date']}` : null;
});

beforeAll(async () => {
  buildConsole();
  // The search-only engine always uses its time limit, so progress is seen moving and a cancel
  // lands while it runs; the exact engine proves small rosters optimal in about a second
  // (it is checked in the worker by tests/shifts.test.ts).
  t = await testEnv({ SERVE_CONSOLE: 'true', ROSTER_ENGINE: 'heuristic' });
  s = await startTestServer(t);
  for (const c of CREWS) expect((await s.api('POST', '/api/v1/crews', c, s.adminToken)).status).toBe(201);
  planner = (await user('planificador.e2e', 'Ana Planificadora', ['planner'])).token;
  // every shift type has a lunch: 30 min starting 3 to 5 hours into the shift (the rosters
  // generated below keep these rules, and their published shifts show the break on the phone)
  const config = (await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, planner)).body;
  const clock = (hhmm: string, plus: number): string => {
    const [h, m] = hhmm.split(':').map(Number);
    const min = ((h ?? 0) * 60 + (m ?? 0) + plus) % (24 * 60);
    return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
  };
  withBreaks = { ...config, shiftTypes: config.shiftTypes.map((st) => ({ ...st, breakMinutes: 30, breakEarliest: clock(st.start, 180), breakLatest: clock(st.start, 300) })) };
  expect((await s.api('PUT', '/api/v1/shift-config', withBreaks, planner)).status).toBe(200);
  const crewUser = await user('cuadrilla.turnos', 'Juan Pérez', ['crew']);
  expect((await s.api('PUT', `/api/v1/crews/${MY_CREW}/members`, { userIds: [crewUser.id] }, s.adminToken)).status).toBe(204);

  browser = await launchChromium();
  desk = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'es-UY', timezoneId: 'America/Montevideo', acceptDownloads: true });
  page = await desk.newPage();
  errors = collectErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (!serverStopped) await s?.stop();
  await t?.cleanup();
});

describe('planner: a roster from generation to the crew phone', () => {
  it("records a crew's leave before planning; the server's refusal is shown at its field", async () => {
    await page.goto(`${s.vatio.httpUrl}/#/planner/pedidos`);
    await page.fill('input[name=username]', 'planificador.e2e');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=planner] h1'), WAIT).toBe('Planificación de turnos');
    await page.waitForSelector('[data-testid=request-form]');
    // a wish to work without saying which shift: the server refuses it, at the shift field
    await page.selectOption('[data-testid=request-form] select[name=crewId]', MY_CREW);
    await page.fill('[data-testid=request-form] input[name=date]', LEAVE_DAY);
    await page.selectOption('[data-testid=request-form] select[name=kind]', 'on');
    await page.click('[data-testid=add-request]');
    await expect.poll(() => page.textContent('[data-testid=field-error][data-field=shiftCode]'), WAIT).toBe('elija el turno que pide trabajar o no trabajar');
    expect(await page.getAttribute('select[name=shiftCode]', 'aria-invalid')).toBe('true');
    // leave (binding): the crew does not work that day
    await page.selectOption('[data-testid=request-form] select[name=kind]', 'day_off');
    await page.fill('[data-testid=request-form] input[name=note]', 'Licencia médica');
    await page.click('[data-testid=add-request]');
    await expect.poll(() => page.locator(`[data-testid=request][data-crew-id="${MY_CREW}"][data-date="${LEAVE_DAY}"]`).count(), WAIT).toBe(1);
    expect(await page.textContent('[data-testid=request-list]')).toContain('Licencia médica');
    const saved = await s.api<{ requests: { crewId: string; date: string; kind: string }[] }>('GET', `/api/v1/shift-requests?crewId=${MY_CREW}`, undefined, planner);
    expect(saved.body.requests.map((r) => [r.crewId, r.date, r.kind])).toEqual([[MY_CREW, LEAVE_DAY, 'day_off']]);
    await screenshot(page, 'planner-00-requests');
    await page.click('[data-testid=tab-roster]');
  });

  it('generates a week for the crews with a 3 s limit, shows the run live, then the Gantt', async () => {
    // every crew is chosen by default; the count says so
    await expect.poll(() => page.textContent('[data-testid=crew-count]'), WAIT).toBe('8 de 8 elegidas');
    await page.fill('input[name=start]', today);
    await page.fill('input[name=timeLimit]', '3');
    await page.click('[data-testid=generate]');

    // the run is shown while it lasts: bar, elapsed of the limit, Cancel
    await page.waitForSelector('[data-testid=progress]', WAIT);
    expect(await page.textContent('[data-testid=progress-time]')).toMatch(/^0:0\d de 0:03$/);
    expect(await page.isVisible('[data-testid=cancel-generation]')).toBe(true);
    expect(await page.getAttribute('[data-testid=roster-item] [data-testid=roster-status]', 'data-status')).toBe('generating');
    // it moves while it runs (polled about twice a second): several states are seen before the end
    const seen = new Set<string>();
    let shot = false;
    await expect.poll(async () => {
      const text = await page.locator('[data-testid=progress]').textContent({ timeout: 200 }).catch(() => null);
      if (text) seen.add(text);
      if (text && !shot && !text.includes('aún ninguno')) {
        shot = true;
        await screenshot(page, 'planner-01-generating');
      }
      return page.isVisible('[data-testid=progress]');
    }, WAIT).toBe(false);
    expect(seen.size).toBeGreaterThanOrEqual(2);

    // then the draft: 8 rows × 7 days, the progress gone, listed as borrador
    await expect.poll(() => page.locator('[data-testid=gantt-row]').count(), WAIT).toBe(8);
    rosterId = (await page.getAttribute('[data-testid=roster-item][aria-current=true]', 'data-roster-id')) ?? '';
    expect(rosterId).toMatch(/^RS-\d+$/);
    await expect.poll(() => page.textContent('[data-testid=roster-item][aria-current=true] [data-testid=roster-status]'), WAIT).toBe('borrador');
    expect(await page.locator('[data-testid=cell]').count()).toBe(56);

    // the Gantt draws what the server holds, crew by crew and day by day
    const v = await rosterView();
    expect(v.roster.status).toBe('draft');
    expect(v.dates[0]).toBe(today);
    for (const c of CREWS) {
      const codes = await page.locator(`[data-testid=gantt-row][data-crew-id="${c.id}"] [data-testid=cell]`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['code']));
      expect(codes).toEqual(v.assignments[c.id]);
    }
    expect(await page.textContent(`[data-testid=gantt-row][data-crew-id="${MY_CREW}"] th`)).toContain('Cuadrilla Centro');
    // the leave is honoured and shown on its cell
    expect(v.assignments[MY_CREW]![2]).toBe('');
    expect(await cell(MY_CREW, LEAVE_DAY).evaluate((el) => el.classList.contains('leave'))).toBe(true);
    expect(await cell(MY_CREW, LEAVE_DAY).getAttribute('title')).toContain('Licencia: Licencia médica');
    // a shift block carries its code and hours; today is marked; a cover row per shift type
    const firstShift = page.locator('[data-testid=cell]:not([data-code=""]) .block').first();
    expect(await firstShift.textContent()).toMatch(/^(M07–15|T15–23|N23–07 \+1)$/);
    expect(await page.textContent('thead th.today')).toContain('hoy');
    expect(await page.locator('[data-testid=cover-row]').count()).toBe(3);
    expect(await page.textContent('[data-testid=objective]')).toBe(new Intl.NumberFormat('es-UY').format(v.check!.objective));
    expect(Number(await page.getAttribute('[data-testid=cell]', 'data-violations'))).toBeGreaterThanOrEqual(0);
  });

  let broken = { crewId: '', date: '' };
  it('edits a cell by hand: a night before a morning breaks the rest rule, and the check says so at once', async () => {
    const v = await rosterView();
    const before = v.check!.violations.length;
    // a crew that works a morning or afternoon on day d+1 and no night on day d
    let target: { crewId: string; d: number } | null = null;
    for (const c of CREWS) {
      const row = v.assignments[c.id] ?? [];
      for (let d = 0; d + 1 < row.length && !target; d++) if (row[d] !== 'N' && (row[d + 1] === 'M' || row[d + 1] === 'T')) target = { crewId: c.id, d };
      if (target) break;
    }
    expect(target).not.toBeNull();
    const day = v.dates[target!.d]!;
    const next = v.dates[target!.d + 1]!;
    broken = { crewId: target!.crewId, date: next };

    await cell(target!.crewId, day).click();
    await page.waitForSelector('[data-testid=cell-editor]');
    expect(await page.locator('[data-testid=pick-shift]').allTextContents()).toEqual([
      expect.stringContaining('Mañana'),
      expect.stringContaining('Tarde'),
      expect.stringContaining('Noche'),
      expect.stringContaining('Libre'),
    ]);
    await page.click('[data-testid=pick-shift][data-code=N]');
    await expect.poll(() => cell(target!.crewId, day).getAttribute('data-code'), WAIT).toBe('N');
    // saved on the server and re-checked: the day after is now outlined with the rule broken
    await expect.poll(async () => (await rosterView()).assignments[target!.crewId]?.[target!.d], WAIT).toBe('N');
    await expect.poll(async () => Number(await cell(target!.crewId, next).getAttribute('data-violations')), WAIT).toBeGreaterThan(0);
    expect(await cell(target!.crewId, next).getAttribute('title')).toContain('no puede seguir a N del día anterior');
    const item = page.locator(`[data-testid=violation][data-rule=forbidden-succession][data-crew-id="${target!.crewId}"][data-date="${next}"]`);
    await expect.poll(() => item.count(), WAIT).toBe(1);
    expect(await item.textContent()).toContain('Descanso insuficiente entre turnos');
    const after = (await rosterView()).check!.violations.length;
    expect(after).toBeGreaterThan(before);
    expect(await page.textContent('[data-testid=feasibility]')).toBe(`${after} violación(es) de reglas`);

    // keyboard: the edited cell keeps the focus; arrows move along the row
    await expect.poll(focused, WAIT).toBe(`${target!.crewId}|${day}`);
    await page.keyboard.press('ArrowRight');
    await expect.poll(focused, WAIT).toBe(`${target!.crewId}|${next}`);
    expect(await page.textContent('[data-testid=cell-info]')).toContain('no puede seguir a N');
    // a violation in the side list takes the focus to its cell
    await page.locator('[data-testid=cell]').first().focus();
    await item.click();
    await expect.poll(focused, WAIT).toBe(`${target!.crewId}|${next}`);
    await page.mouse.move(5, 1075);
    await screenshot(page, 'planner-02-gantt-1920');

    // the same screen on a laptop: side panels stay, the grid scrolls inside its box
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'planner-03-gantt-1366');
    const box = await page.locator('[data-testid=gantt]').boundingBox();
    const side = await page.locator('[data-testid=roster-side]').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(side!.x);
    expect(side!.x + side!.width).toBeLessThanOrEqual(1366);
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('publishes only after the planner accepts the violation explicitly', async () => {
    await page.click('[data-testid=publish]');
    await page.waitForSelector('[data-testid=publish-dialog][open]');
    expect(await page.textContent('[data-testid=publish-dialog] [role=alert]')).toContain('violación(es) de reglas del convenio');
    expect(await page.isDisabled('[data-testid=confirm-publish]')).toBe(true);
    await page.check('[data-testid=accept-violations]');
    expect(await page.textContent('[data-testid=confirm-publish]')).toBe('Publicar igual');
    await screenshot(page, 'planner-04-publish');
    await page.click('[data-testid=confirm-publish]');
    await expect.poll(async () => (await rosterView()).roster.status, WAIT).toBe('published');
    await expect.poll(() => page.textContent('.head [data-testid=roster-status]'), WAIT).toBe('publicado');
    expect(await page.isVisible('[data-testid=publish]')).toBe(false);
    // a published roster is read only in the grid
    await cell(broken.crewId, broken.date).click();
    expect(await page.locator('[data-testid=cell-editor]').count()).toBe(0);

    // the per-crew calendar file downloads with the planner's session
    await page.selectOption('[data-testid=ics-crew]', MY_CREW);
    const href = await page.getAttribute('[data-testid=ics-link]', 'href');
    const ics = await page.evaluate(async (u) => {
      const r = await fetch(u!);
      return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
    }, href);
    expect(ics.status).toBe(200);
    expect(ics.type).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
  });

  it('cancels a long four-week generation and keeps the best roster found so far', async () => {
    await page.selectOption('select[name=weeks]', '4');
    await page.fill('input[name=timeLimit]', '120');
    await page.click('[data-testid=generate]');
    await page.waitForSelector('[data-testid=progress]', WAIT);
    // a first solution exists: cancel now
    await expect.poll(() => page.textContent('[data-testid=progress-best]'), { timeout: 60_000, interval: 200 }).not.toBe('aún ninguno');
    await page.click('[data-testid=cancel-generation]');
    await expect.poll(() => page.isVisible('[data-testid=progress]'), WAIT).toBe(false);
    const id = (await page.getAttribute('[data-testid=roster-item][aria-current=true]', 'data-roster-id'))!;
    expect(id).not.toBe(rosterId);
    const v = (await s.api<RosterView>('GET', `/api/v1/rosters/${id}`, undefined, planner)).body;
    expect(v.roster.status).toBe('draft');
    expect(v.roster.message).toContain('cancelada');
    expect(v.dates).toHaveLength(28);
    expect(await page.locator('[data-testid=cell]').count()).toBe(8 * 28);
    expect(await page.textContent('[data-testid=roster-side]')).toContain('cancelada');
    // four weeks do not fit across: the grid scrolls sideways inside its box, the crews stay in view
    const scroll = await page.locator('[data-testid=gantt] .scroller').evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
    expect(scroll.sw).toBeGreaterThan(scroll.cw);
    await page.locator('[data-testid=gantt] .scroller').evaluate((el) => el.scrollBy(600, 0));
    const crewCell = await page.locator('[data-testid=gantt-row] th').first().boundingBox();
    const grid = await page.locator('[data-testid=gantt]').boundingBox();
    expect(crewCell!.x).toBeGreaterThanOrEqual(grid!.x);
    await screenshot(page, 'planner-05-four-weeks');
    // the published week is still the one crews see
    expect((await rosterView()).roster.status).toBe('published');
  });

  it('edits the shift rules: a bad time is shown at its field, a good change is saved', async () => {
    await page.click('[data-testid=tab-rules]');
    await page.waitForSelector('[data-testid=shift-type-row]');
    expect(await page.locator('[data-testid=shift-type-row]').count()).toBe(3);
    const start = page.locator('[data-testid=st-start]').first();
    await start.fill('7:00');
    const err = page.locator('[data-testid=field-error][data-field="shiftTypes.0.start"]');
    await expect.poll(() => err.textContent(), WAIT).toBe('una hora se escribe así: 07:30');
    await page.click('[data-testid=save-rules]');
    await expect.poll(() => page.textContent('[data-testid=rules] [role=alert]'), WAIT).toContain('Hay datos a corregir');
    await screenshot(page, 'planner-06-rules-error');
    expect((await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, planner)).body.shiftTypes[0]!.start).toBe('07:00');

    await start.fill('06:00');
    await expect.poll(() => err.count(), WAIT).toBe(0);
    await page.locator('[data-testid=cover-required]').first().fill('3');
    await page.click('[data-testid=save-rules]');
    await page.waitForSelector('[data-testid=rules-saved]', WAIT);
    const saved = (await s.api<ShiftConfig>('GET', '/api/v1/shift-config', undefined, planner)).body;
    expect(saved.shiftTypes[0]!.start).toBe('06:00');
    expect(saved.cover[0]!.required).toBe(3);
    await screenshot(page, 'planner-07-rules');
    // the whole screen in English, then back to Spanish
    await page.click('.locale button:has-text("EN")');
    await page.click('[data-testid=tab-roster]');
    await expect.poll(() => page.textContent('[data-testid=planner] h1'), WAIT).toBe('Shift planning');
    await expect.poll(() => page.locator('[data-testid=gantt-row]').count(), WAIT).toBe(8);
    expect(await page.textContent('[data-testid=roster-side]')).toMatch(/Objective|Cover/);
    await screenshot(page, 'planner-07b-english');
    await page.click('.locale button:has-text("ES")');
    await expect.poll(() => page.textContent('[data-testid=planner] h1'), WAIT).toBe('Planificación de turnos');
    // the one error the browser logged is the refusal asked for on purpose in the first test
    expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  it('lets a dispatcher read the rosters but not change them', async () => {
    await user('despacho.turnos', 'Despacho', ['dispatcher']);
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'es-UY', timezoneId: 'America/Montevideo' });
    const d = await ctx.newPage();
    const dErrors = collectErrors(d);
    await d.goto(`${s.vatio.httpUrl}/#/planner`);
    await d.fill('input[name=username]', 'despacho.turnos');
    await d.fill('input[name=password]', PASSWORD);
    await d.click('button[type=submit]');
    await expect.poll(() => d.locator('[data-testid=roster-item]').count(), WAIT).toBe(2);
    // the newest draft opens first; nothing in it can be changed either
    await expect.poll(() => d.locator('[data-testid=gantt-row]').count(), WAIT).toBe(8);
    expect(await d.locator('[data-testid=publish], [data-testid=delete-roster]').count()).toBe(0);
    await d.click(`[data-testid=roster-item][data-roster-id="${rosterId}"]`);
    await expect.poll(() => d.textContent('.head [data-testid=roster-status]'), WAIT).toBe('publicado');
    expect(await d.textContent('[data-testid=planner]')).toContain('Solo lectura');
    expect(await d.locator('[data-testid=generate-form]').count()).toBe(0);
    expect(await d.locator('[data-testid=publish], [data-testid=delete-roster]').count()).toBe(0);
    await d.locator('[data-testid=cell]').first().click();
    expect(await d.locator('[data-testid=cell-editor]').count()).toBe(0);
    expect(dErrors).toEqual([]);
    await ctx.close();
  });

  it("shows the crew its next 14 days of published shifts on the phone, today's first, with each shift's break, also without signal", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'es-UY', timezoneId: 'America/Montevideo' });
    const p = await phone.newPage();
    const phoneErrors = collectErrors(p);
    await p.goto(`${s.vatio.httpUrl}/crew.html`);
    await p.fill('input[name=username]', 'cuadrilla.turnos');
    await p.fill('input[name=password]', PASSWORD);
    await p.click('button[type=submit]');
    // today's shift sits above the orders; a tap opens the fortnight
    const mineToday = (await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?from=${today}&to=${today}&crewId=${MY_CREW}`, undefined, planner)).body.shifts;
    await expect.poll(() => p.textContent('[data-testid=today-shift]'), WAIT).toContain(mineToday[0] ? mineToday[0].shiftCode : 'Libre');
    expect(await p.isVisible('[data-testid=nav-shifts]')).toBe(true);
    await p.screenshot({ path: 'test-results/console-planner-08a-crew-orders.png' });
    await p.click('[data-testid=today-shift]');
    await p.waitForSelector('[data-testid=my-shifts]');
    expect(await p.isVisible('[data-testid=nav-orders]')).toBe(true);
    await expect.poll(() => p.locator('[data-testid=shift-day]').count(), WAIT).toBe(14);

    const mine = (await s.api<{ shifts: CrewShift[] }>('GET', `/api/v1/shifts?from=${today}&to=${today}&crewId=${MY_CREW}`, undefined, planner)).body.shifts;
    const week = (await rosterView()).assignments[MY_CREW]!;
    const worked = week.filter(Boolean).length;
    await expect.poll(() => p.locator('[data-testid=shift]').count(), WAIT).toBe(worked);
    const first = p.locator('[data-testid=shift-day]').first();
    expect(await first.getAttribute('data-today')).toBe('true');
    expect(await first.textContent()).toContain('HOY');
    if (mine[0]) {
      expect(await first.locator('[data-testid=shift]').getAttribute('data-code')).toBe(mine[0].shiftCode);
      expect(await first.textContent()).toMatch(/\d\d:\d\d – \d\d:\d\d/);
    } else {
      expect(await first.textContent()).toContain('Libre');
    }
    // the days in the app follow the published roster, day by day
    const codes = await p.locator('[data-testid=shift-day]').evaluateAll((els) => els.slice(0, 7).map((e) => e.querySelector('[data-testid=shift]')?.getAttribute('data-code') ?? ''));
    expect(codes).toEqual(week);
    // each worked day says when its lunch may start, on the local clock
    await expect.poll(() => p.locator('[data-testid=shift-break]').count(), WAIT).toBe(worked);
    const firstWorked = week.find(Boolean);
    const type = withBreaks?.shiftTypes.find((t) => t.code === firstWorked);
    if (type) expect(await p.locator('[data-testid=shift-break]').first().textContent()).toBe(`Descanso 30 min, entre ${type.breakEarliest} y ${type.breakLatest}`);
    await p.screenshot({ path: 'test-results/console-planner-08-crew-shifts.png', fullPage: false });
    await p.screenshot({ path: 'test-results/console-planner-09-crew-shifts-full.png', fullPage: true });

    // no signal, no server: the phone reopens "Mis turnos" from what it saved
    await p.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
    await p.waitForFunction(
      async () => {
        const keys = await (await caches.open('vatio-crew-shell-v1')).keys();
        return keys.some((k) => k.url.endsWith('/crew.html')) && keys.some((k) => /\/assets\/crew-[^/]+\.js$/.test(k.url));
      },
      undefined,
      { timeout: 30_000 },
    );
    await phone.setOffline(true);
    serverStopped = true;
    await s.stop();
    await p.reload();
    await p.waitForSelector('[data-testid=my-shifts]', { timeout: 30_000 });
    await expect.poll(() => p.locator('[data-testid=shift]').count(), WAIT).toBe(worked);
    expect(await p.textContent('[data-testid=shifts-cached]')).toContain('Sin conexión');
    await p.screenshot({ path: 'test-results/console-planner-10-crew-shifts-offline.png' });
    // offline fetches fail by design; anything else is a bug
    expect(phoneErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|WebSocket/.test(e))).toEqual([]);
    await phone.close();
  });
});
