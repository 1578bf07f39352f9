import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { Middleware } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.pbf': 'application/x-protobuf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves the built console; unknown non-API paths fall back to index.html (client routing). */
export function serveConsole(dir: string): Middleware {
  const root = resolve(dir);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path.startsWith('/api/') || ctx.path === '/ws' || ctx.path.startsWith('/ingest/')) return next();
    if (!existsSync(root)) return next();
    let file = normalize(join(root, decodeURIComponent(ctx.path)));
    if (!file.startsWith(root)) return next();
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    if (!existsSync(file)) return next();
    ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
    // Vite puts a content hash in asset names: cache them for good; never cache index.html.
    ctx.set('cache-control', file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.length = statSync(file).size;
    ctx.body = createReadStream(file);
  };
}
