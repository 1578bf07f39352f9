import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testEnv, type TestEnv, type TestServer } from './helpers/server.ts';

// The console sends its UI language; a 400 must come back in it, still naming the field.
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
