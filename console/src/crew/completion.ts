import type { CompletionField } from '../lib/contracts.ts';

/** What the form holds: text inputs as typed, booleans as ticked, photos/signatures as data URLs. */
export type RawCompletion = Record<string, string | boolean | undefined>;
export type CompletionValue = string | number | boolean;
export type CompletionProblem = 'required' | 'number' | 'format' | 'image' | 'yesno';

export type CompletionResult =
  | { ok: true; values: Record<string, CompletionValue> }
  | { ok: false; errors: Record<string, CompletionProblem> };

const IMAGE = /^data:image\/(png|jpeg|webp);base64,/;

/** "48213,5" and " 48 213 " are how people type numbers in Uruguay; the server wants 48213.5. */
export function parseNumber(text: string): number | null {
  const t = text.replace(/\s+/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * The same rules as the server's `validateCompletion` (field.service.ts), checked before the
 * crew leaves the site: required, number, yes/no, image data URL, text pattern. Unlike the
 * server it reports every field at once, so the crew fixes them in one go.
 */
export function validateCompletion(fields: readonly CompletionField[], raw: RawCompletion): CompletionResult {
  const values: Record<string, CompletionValue> = {};
  const errors: Record<string, CompletionProblem> = {};
  for (const f of fields) {
    const v = raw[f.key];
    if (f.kind === 'boolean') {
      if (typeof v === 'boolean') values[f.key] = v;
      else if (v === undefined || v === '') {
        if (f.required) errors[f.key] = 'required';
      } else errors[f.key] = 'yesno';
      continue;
    }
    const text = typeof v === 'string' ? (f.kind === 'text' || f.kind === 'number' ? v.trim() : v) : '';
    if (text === '') {
      if (f.required) errors[f.key] = 'required';
      continue;
    }
    if (f.kind === 'number') {
      const n = parseNumber(text);
      if (n === null) errors[f.key] = 'number';
      else values[f.key] = n;
    } else if (f.kind === 'photo' || f.kind === 'signature') {
      if (!IMAGE.test(text)) errors[f.key] = 'image';
      else values[f.key] = text;
    } else {
      if (f.pattern && !safeTest(f.pattern, text)) errors[f.key] = 'format';
      else values[f.key] = text;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    // the server checks patterns when a type is saved; if one slips through, let the server judge
    return true;
  }
}

/** The server names a bad completion field as `completion.<key>`; the form shows it there. */
export function fieldOfServerError(field: string | undefined): string | null {
  if (!field) return null;
  return field.startsWith('completion.') ? field.slice('completion.'.length) : null;
}
