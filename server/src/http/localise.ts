import { MESSAGES as ROSTER_RUN_MESSAGES } from '../domains/shifts/roster.runner.ts';
import { toSpanish } from './messages-es.ts';
import type { ApiLocale } from './request-locale.ts';

/**
 * Puts the people-facing texts of a response in the request's language, at the HTTP boundary:
 * error messages, and the roster checker's violations and penalties (the optimizer explains in
 * English by design). Codes, `field`, `rule`, `kind` and every figure stay as they are.
 *
 * Most messages are written in English and get their Spanish from `messages-es.ts`; a few are
 * written in Spanish where they are made (the roster runner's notes, `board_changed`,
 * `roster_violations`) and get their English here, so an English client reads English too.
 */
export function localiseMessage(message: string, locale: ApiLocale): string {
  return (locale === 'es' ? toSpanish(message) : toEnglish(message)) ?? message;
}

const RUN_MESSAGES_EN: Record<string, string> = {
  [ROSTER_RUN_MESSAGES.cancelled]: 'Generation cancelled: the best roster found until then is kept.',
  [ROSTER_RUN_MESSAGES.cancelledBeforeStart]: 'Generation cancelled before it started; generate again.',
  [ROSTER_RUN_MESSAGES.restartKept]: 'Generation interrupted by a restart: the best roster found until then is kept.',
  [ROSTER_RUN_MESSAGES.restartFailed]: 'interrupted by a restart; generate again',
  [ROSTER_RUN_MESSAGES.failed]: 'Generation failed; generate again.',
};

const SPANISH_ONLY: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^el tablero cambió; optimizá de nuevo \((.*)\)$/s, (m) => `the board changed; optimize again (${m[1]})`],
  [
    /^el cuadrante (\S+) incumple (\d+) regla\(s\); corregir o publicar con acceptViolations: true$/,
    (m) => `roster ${m[1]} breaks ${m[2]} rule(s); fix them or publish with acceptViolations: true`,
  ],
];

/** The English of the few messages written in Spanish, or null (already English). */
export function toEnglish(message: string): string | null {
  const run = RUN_MESSAGES_EN[message];
  if (run !== undefined) return run;
  for (const [re, en] of SPANISH_ONLY) {
    const m = re.exec(message);
    if (m) return en(m);
  }
  return null;
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
 * people: `{ error: { message, violations? } }`, a roster view's `check`, roster summaries
 * (`roster`, `rosters[]`, or the summary itself). Anything else is returned as it is.
 */
export function localiseBody(body: unknown, locale: ApiLocale): unknown {
  if (!isObject(body)) return body;
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
  if (isObject(out['roster'])) set('roster', withMessage(out['roster'], locale));
  if (Array.isArray(out['rosters'])) set('rosters', eachMessage(out['rosters'], locale));
  // a roster summary on its own (generate, cancel); its `message` may be null
  if (typeof out['id'] === 'string' && out['id'].startsWith('RS-')) out = withMessage(out, locale);
  return out;
}
