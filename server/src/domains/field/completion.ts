import type { CompletionField } from '../../contracts/index.ts';
import { badRequest } from '../../errors.ts';

/** Checks the captured values against the type's completion fields; returns only known keys. */
export function validateCompletion(fields: CompletionField[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === '' || v === null) {
      if (f.required) throw badRequest(`${f.label} is required`, `completion.${f.key}`);
      continue;
    }
    if (f.kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) throw badRequest(`${f.label} must be a number`, `completion.${f.key}`);
    if (f.kind === 'boolean' && typeof v !== 'boolean') throw badRequest(`${f.label} must be yes or no`, `completion.${f.key}`);
    if ((f.kind === 'text' || f.kind === 'photo' || f.kind === 'signature') && typeof v !== 'string') throw badRequest(`${f.label} must be text`, `completion.${f.key}`);
    if ((f.kind === 'photo' || f.kind === 'signature') && !/^data:image\/(png|jpeg|webp);base64,/.test(String(v))) {
      throw badRequest(`${f.label} must be an image`, `completion.${f.key}`);
    }
    if (f.kind === 'text' && f.pattern && !new RegExp(f.pattern).test(String(v))) throw badRequest(`${f.label} has the wrong format`, `completion.${f.key}`);
    out[f.key] = v;
  }
  const unknown = Object.keys(values).filter((k) => !fields.some((f) => f.key === k));
  if (unknown.length) throw badRequest(`unknown completion fields: ${unknown.join(', ')}`, 'completion');
  return out;
}
