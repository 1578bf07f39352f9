import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testEnv, type TestEnv, type TestServer } from './helpers/server.ts';

// The console sends its UI language; a 4xx must come back in it (zod's messages, the contracts'
// own and the domains' errors), still naming the field and with the same machine code.
let t: TestEnv;
let s: TestServer;

beforeAll(async () => {
  t = await testEnv();
  s = await startTestServer(t);
});
afterAll(async () => {
  await s?.stop();
  await t?.cleanup();
});

async function badOrder(lang: string | null): Promise<{ status: number; error: { code: string; message: string; field?: string } }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${s.adminToken}` };
  if (lang) headers['accept-language'] = lang;
  const res = await fetch(`${s.vatio.httpUrl}/api/v1/orders`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ typeCode: 'inspection', location: { lat: 123, lon: -56.2 }, address: 'x' }),
  });
  return { status: res.status, error: ((await res.json()) as { error: { code: string; message: string; field?: string } }).error };
}

describe('validation messages follow Accept-Language', () => {
  it('answers in Spanish to es-UY, naming the field', async () => {
    const r = await badOrder('es-UY,es;q=0.9');
    expect([r.status, r.error.field]).toEqual([400, 'location.lat']);
    expect(r.error.message).toMatch(/^location\.lat: Demasiado grande/);
  });

  it('answers in English to en and to no preference', async () => {
    for (const lang of ['en', null]) {
      const r = await badOrder(lang);
      expect([r.status, r.error.field]).toEqual([400, 'location.lat']);
      expect(r.error.message).toMatch(/^location\.lat: Too big/);
    }
  });
});

type ErrorOut = { status: number; error: { code: string; message: string; field?: string } };

async function call(method: string, path: string, lang: string | null, body?: unknown, token: string | null = s.adminToken): Promise<ErrorOut> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (lang) headers['accept-language'] = lang;
  const res = await fetch(`${s.vatio.httpUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, error: ((await res.json()) as { error: ErrorOut['error'] }).error };
}

const order = { typeCode: 'reconnection', location: { lat: -34.9011, lon: -56.1645 }, address: 'Av. 18 de Julio 1360' };

describe("the contracts' own messages follow Accept-Language", () => {
  it('says a bad phone number in Spanish to es-UY and in English to en, same code and field', async () => {
    const es = await call('POST', '/api/v1/orders', 'es-UY,es;q=0.9', { ...order, contactPhone: '12 34' });
    const en = await call('POST', '/api/v1/orders', 'en', { ...order, contactPhone: '12 34' });
    expect(es).toEqual({ status: 400, error: { code: 'bad_request', field: 'contactPhone', message: 'contactPhone: un teléfono tiene de 6 a 15 dígitos' } });
    expect(en).toEqual({ status: 400, error: { code: 'bad_request', field: 'contactPhone', message: 'contactPhone: a phone number has 6 to 15 digits' } });
  });

  it('says a refinement over the whole shift configuration in Spanish, and saves nothing', async () => {
    const before = await s.api('GET', '/api/v1/shift-config', undefined, s.adminToken);
    const type = { code: 'D', name: 'Día', start: '08:00', minutes: 480 };
    const rules = { minMinutesPerWeek: 0, maxMinutesPerWeek: 2400, maxConsecutiveShifts: 6, minConsecutiveShifts: 1, minConsecutiveDaysOff: 1, maxWeekendsPer4Weeks: 4 };
    const es = await call('PUT', '/api/v1/shift-config', 'es-UY', { shiftTypes: [type], rules, cover: [{ shiftCode: 'N', weekdays: [1], required: 1 }] });
    expect(es).toEqual({ status: 400, error: { code: 'bad_request', field: 'cover.0.shiftCode', message: 'cover.0.shiftCode: código de turno desconocido: N' } });
    expect(await s.api('GET', '/api/v1/shift-config', undefined, s.adminToken)).toEqual(before);
  });
});

describe('domain errors follow Accept-Language', () => {
  it('says a missing order in Spanish or English with the same code', async () => {
    expect(await call('GET', '/api/v1/orders/OT-9999999', 'es-UY')).toEqual({ status: 404, error: { code: 'not_found', message: 'no existe la orden OT-9999999' } });
    expect(await call('GET', '/api/v1/orders/OT-9999999', 'en-US')).toEqual({ status: 404, error: { code: 'not_found', message: 'order OT-9999999 not found' } });
  });

  it('says a refused transition in Spanish (409 invalid_transition) and leaves the order as it was', async () => {
    const created = await s.api<{ id: string; status: string; version: number }>('POST', '/api/v1/orders', order, s.adminToken);
    expect(created.status).toBe(201);
    const path = `/api/v1/orders/${created.body.id}/actions`;
    const es = await call('POST', path, 'es', { action: 'complete' });
    const en = await call('POST', path, null, { action: 'complete' });
    expect(es).toEqual({ status: 409, error: { code: 'invalid_transition', message: 'no se puede completar una orden nueva' } });
    expect(en).toEqual({ status: 409, error: { code: 'invalid_transition', message: 'cannot complete an order that is new' } });
    const after = await s.api<{ status: string; version: number }>('GET', `/api/v1/orders/${created.body.id}`, undefined, s.adminToken);
    expect([after.body.status, after.body.version]).toEqual(['new', created.body.version]);
  });

  it('says sign-in required in Spanish without a token', async () => {
    expect(await call('GET', '/api/v1/orders', 'es-UY', undefined, null)).toEqual({ status: 401, error: { code: 'unauthorized', message: 'inicie sesión' } });
  });
});
