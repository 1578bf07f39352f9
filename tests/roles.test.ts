import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../server/src/contracts/index.ts';
import { routeTable } from '../server/src/http/route.ts';
import { startTestServer, testEnv, type TestEnv, type TestServer } from './helpers/server.ts';

// Deny by default, checked on every route the server registered: a role that a route does not
// declare gets 403, a declared role never does, nobody without a session gets past a private route.
let t: TestEnv;
let s: TestServer;
const tokens = new Map<Role, string>();

beforeAll(async () => {
  t = await testEnv();
  s = await startTestServer(t);
  for (const role of roles) {
    if (role === 'admin') {
      tokens.set(role, s.adminToken);
      continue;
    }
    const username = `role-${role.replace('_', '-')}`;
    await s.api('POST', '/api/v1/users', { username, password: 'password-123456', displayName: role, roles: [role] }, s.adminToken);
    tokens.set(role, (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: 'password-123456' })).body.token);
  }
});
afterAll(async () => {
  await s?.stop();
  await t?.cleanup();
});

const fill = (path: string) => path.replace(':id', path.includes('/orders/') ? 'OT-0000001' : 'x1').replace(':code', 'x1');

describe('every route declares its roles', () => {
  it('has a table of routes', () => {
    expect(routeTable.length).toBeGreaterThan(25);
  });

  it('answers 403 to every undeclared role, never to a declared one, and 401 without a session', async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const r of routeTable) {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const path = fill(r.path);
      const body = r.method === 'get' ? undefined : {};
      if (r.access === 'public') continue;
      const anon = await s.api(r.method.toUpperCase(), path, body);
      if (anon.status !== 401) problems.push(`${key} without session → ${anon.status}`);
      for (const role of roles) {
        const allowed = role === 'admin' || r.access.includes(role);
        // logout would end the session the next requests use
        const res = await s.api(r.method.toUpperCase(), path, body, tokens.get(role));
        if (allowed && (res.status === 403 || res.status === 401)) problems.push(`${key} as ${role} → ${res.status} (declared)`);
        if (!allowed && res.status !== 403) problems.push(`${key} as ${role} → ${res.status} (not declared)`);
      }
    }
    expect(problems).toEqual([]);
  });
});
