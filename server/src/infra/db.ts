import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';

export type Pool = pg.Pool;

/**
 * Runs `fn` in one transaction on one connection: all of it commits, or none. Inside `fn`, query
 * only through the client it is given — the embedded database multiplexes every connection onto
 * one session and would wait for this transaction forever.
 */
export async function inTransaction<T>(pool: Pool, fn: (q: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const out = await fn(client);
    await client.query('commit');
    return out;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export interface Database {
  pool: pg.Pool;
  /** 'postgres' for a real server, 'pglite' for the embedded default */
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

// timestamptz comes back as a JS Date by default; keep it (pg's default) but parse int8 counts as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Opens the database. With a URL: a pool on real PostgreSQL/PostGIS. Without: PGlite with the
 * PostGIS extension in `dataDir`, served over the Postgres wire protocol by pglite-socket on a
 * loopback port, so every line of SQL code is the same `pg` code in both modes.
 */
export async function openDatabase(opts: { url?: string | undefined; dataDir: string; log: Logger }): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    pool.on('error', (err) => opts.log.warn({ err: err.message, code: (err as { code?: string }).code }, 'idle database connection lost (the pool reconnects)'));
    await pool.query('select 1');
    return { pool, kind: 'postgres', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const dir = resolve(opts.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 20 });
  await server.start();
  const address = (server as unknown as { server?: { address(): { port: number } | string | null } }).server?.address();
  if (!address || typeof address === 'string') throw new Error('pglite-socket did not report a port');
  opts.log.info({ dir, ms: Date.now() - started, port: address.port }, 'embedded database (PGlite + PostGIS) ready');
  // PGlite runs queries one at a time; a few pooled connections keep callers from queueing in pg.
  const pool = new pg.Pool({ host: '127.0.0.1', port: address.port, user: 'postgres', database: 'postgres', max: 4 });
  pool.on('error', (err) => opts.log.warn({ err: err.message, code: (err as { code?: string }).code }, 'idle database connection lost (the pool reconnects)'));
  return {
    pool,
    kind: 'pglite',
    close: async () => {
      await pool.end();
      await server.stop();
      await db.close();
    },
  };
}
