import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { Redis } from 'ioredis';
import { loadConfig } from '../../server/src/config.ts';
import { startServer, type Vatio } from '../../server/src/app.ts';

/** The real services named by the environment (CI sets all three); absent = embedded. */
export const REAL = {
  database: process.env['DATABASE_URL'] || undefined,
  redis: process.env['REDIS_URL'] || undefined,
  mqtt: process.env['MQTT_URL'] || undefined,
};

export const ADMIN_PASSWORD = 'test-admin-password';

/** A fresh database on the real server for one test file (dropped by cleanup). */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (!REAL.database) return null;
  const name = `vatio_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: REAL.database });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(REAL.database);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: REAL.database });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestEnv {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * Environment for one server under test: real services when the environment names them
 * (each test gets its own database, Redis key prefix and MQTT session), embedded otherwise.
 */
export async function testEnv(overrides: Record<string, string | undefined> = {}, opts: { embedded?: boolean } = {}): Promise<TestEnv> {
  const id = randomBytes(4).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'vatio-test-'));
  const db = opts.embedded ? null : await createTestDatabase();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    MQTT_PORT: '0',
    VATIO_DATA_DIR: dataDir,
    VATIO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    MQTT_CLIENT_ID: `vatio-test-${id}`,
    REDIS_PREFIX: `vatio-test-${id}:`,
    SERVE_CONSOLE: 'false',
  };
  if (db) env['DATABASE_URL'] = db.url;
  if (!opts.embedded && REAL.redis) env['REDIS_URL'] = REAL.redis;
  if (!opts.embedded && REAL.mqtt) env['MQTT_URL'] = REAL.mqtt;
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return {
    env,
    cleanup: async () => {
      if (env['MQTT_URL']) await forgetMqttSession(env['MQTT_URL'], env['MQTT_CLIENT_ID'] ?? '');
      if (env['REDIS_URL']) await deleteRedisPrefix(env['REDIS_URL'], env['REDIS_PREFIX'] ?? 'x');
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Connecting once with clean: true removes a persistent session the broker would keep forever. */
export async function forgetMqttSession(url: string, clientId: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0 });
  await c.endAsync();
}

async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
}

export interface TestServer {
  vatio: Vatio;
  env: Record<string, string>;
  adminToken: string;
  api<T = unknown>(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startTestServer(t: TestEnv): Promise<TestServer> {
  const vatio = await startServer(loadConfig(t.env));
  const api = async <T,>(method: string, path: string, body?: unknown, token?: string | null) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers['authorization'] = `Bearer ${token}`;
    const res = await fetch(`${vatio.httpUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T };
  };
  const login = await api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  return { vatio, env: t.env, adminToken: login.body.token, api, stop: () => vatio.close() };
}

/** Registers crew → vehicle → device; returns the device secret. */
export async function registerUnit(
  s: TestServer,
  u: { id: string; protocol?: 'vatio' | 'owntracks' | 'osmand'; owntracksUser?: string },
): Promise<{ deviceId: string; vehicleId: string; crewId: string; secret: string }> {
  const crewId = `c-${u.id}`;
  const vehicleId = `v-${u.id}`;
  const a = await s.api('POST', '/api/v1/crews', { id: crewId, name: `Cuadrilla ${u.id}` }, s.adminToken);
  if (a.status !== 201) throw new Error(`crew: ${a.status} ${JSON.stringify(a.body)}`);
  const b = await s.api('POST', '/api/v1/vehicles', { id: vehicleId, label: `Camión ${u.id}`, crewId }, s.adminToken);
  if (b.status !== 201) throw new Error(`vehicle: ${b.status} ${JSON.stringify(b.body)}`);
  const d = await s.api<{ secret: string }>(
    'POST',
    '/api/v1/devices',
    { id: u.id, protocol: u.protocol ?? 'vatio', vehicleId, ...(u.owntracksUser ? { owntracksUser: u.owntracksUser } : {}) },
    s.adminToken,
  );
  if (d.status !== 201) throw new Error(`device: ${d.status} ${JSON.stringify(d.body)}`);
  return { deviceId: u.id, vehicleId, crewId, secret: d.body.secret };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export async function dbCount(url: string | undefined, sql: string, params: unknown[] = []): Promise<number> {
  if (!url) throw new Error('needs DATABASE_URL');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(sql, params);
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

/** A TCP port free on loopback right now (for child processes that need a fixed port). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}
