import type { Context } from 'koa';
import { AppError, badRequest } from '../errors.ts';

/**
 * Reads a request body up to `limit` bytes (413 beyond) and parses JSON, urlencoded or leaves
 * text. Written here rather than pulled in: three content types and a hard size limit are all
 * the API accepts.
 */
export async function readBody(ctx: Context, limit = 64 * 1024): Promise<unknown> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw new AppError(413, 'payload_too_large', `body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new AppError(413, 'payload_too_large', `body larger than ${limit} bytes`);
    chunks.push(b);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = ctx.request.type;
  if (raw.length === 0) return type === 'application/x-www-form-urlencoded' ? {} : undefined;
  if (type === 'application/json' || type === '') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw badRequest('malformed JSON body');
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw));
  if (type.startsWith('text/')) return raw;
  throw new AppError(415, 'unsupported_media_type', `content type ${type} is not accepted`);
}
