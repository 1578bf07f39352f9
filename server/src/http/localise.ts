import { toSpanish } from './messages-es.ts';
import type { ApiLocale } from './request-locale.ts';

/**
 * Puts the people-facing texts of a response in the request's language, at the HTTP boundary:
 * error messages, and the roster checker's violations and penalties (the optimizer explains in
 * English by design). Codes, `field`, `rule`, `kind` and every figure stay as they are.
 *
 * Messages are written in English and get their Spanish from `messages-es.ts`; English clients
 * get them as written. A few are written in Spanish where they are made (the roster runner's
 * notes, `board_changed`, `roster_violations`): they stay Spanish for everyone, as before (tests
 * and clients read them so).
 */
export function localiseMessage(message: string, locale: ApiLocale): string {
  return locale === 'es' ? (toSpanish(message) ?? message) : message;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

// Copies only what changes: an untouched body stays the same object (the middleware then leaves
// Koa's body alone).
function withMessage<T>(v: T, locale: ApiLocale): T {
  if (!isObject(v) || typeof v['message'] !== 'string') return v;
  const message = localiseMessage(v['message'], locale);
  return message === v['message'] ? v : { ...v, message };
}
function eachMessage(v: unknown, locale: ApiLocale): unknown {
  if (!Array.isArray(v)) return v;
  const out = v.map((x) => withMessage(x, locale));
  return out.some((x, i) => x !== v[i]) ? out : v;
}

/**
 * A response body with its messages in `locale`. Looks only at the shapes that carry texts for
 * people: `{ error: { message, violations? } }` and a roster view's `check`. Anything else (and
 * every English answer) is returned as it is, the same object. Roster summaries' `message` is
 * written in Spanish by the runner and needs nothing.
 */
export function localiseBody(body: unknown, locale: ApiLocale): unknown {
  if (locale !== 'es' || !isObject(body)) return body;
  let out: Json = body;
  const set = (key: string, value: unknown): void => {
    if (value !== out[key]) out = { ...out, [key]: value };
  };
  const error = out['error'];
  if (isObject(error)) {
    const e = withMessage(error, locale);
    const violations = eachMessage(e['violations'], locale);
    set('error', violations === e['violations'] ? e : { ...e, violations });
  }
  const check = out['check'];
  if (isObject(check)) {
    const violations = eachMessage(check['violations'], locale);
    const penalties = eachMessage(check['penalties'], locale);
    if (violations !== check['violations'] || penalties !== check['penalties']) set('check', { ...check, violations, penalties });
  }
  return out;
}
