import { describe, expect, it } from 'vitest';
import type { CompletionField } from '../lib/contracts.ts';
import { fieldOfServerError, parseNumber, validateCompletion } from './completion.ts';

const fields: CompletionField[] = [
  { key: 'serial', label: 'Serie', kind: 'text', required: true, pattern: '^[A-Z]{2}\\d{4}$' },
  { key: 'reading', label: 'Lectura', kind: 'number', required: true },
  { key: 'ok', label: 'Conforme', kind: 'boolean', required: true },
  { key: 'photo', label: 'Foto', kind: 'photo', required: false },
  { key: 'signature', label: 'Firma', kind: 'signature', required: true },
  { key: 'notes', label: 'Notas', kind: 'text', required: false },
];
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('completion validation', () => {
  it('accepts a complete form and converts numbers typed with a decimal comma', () => {
    const r = validateCompletion(fields, { serial: 'AB1234', reading: '48213,5', ok: true, signature: PNG, notes: '  ' });
    expect(r).toEqual({ ok: true, values: { serial: 'AB1234', reading: 48213.5, ok: true, signature: PNG } });
  });
  it('reports every missing required field at once', () => {
    const r = validateCompletion(fields, {});
    expect(r).toEqual({ ok: false, errors: { serial: 'required', reading: 'required', ok: 'required', signature: 'required' } });
  });
  it('refuses text that does not match the pattern, numbers that are not numbers and non-images', () => {
    const r = validateCompletion(fields, { serial: 'ab12', reading: '12a', ok: false, photo: 'http://x/y.jpg', signature: PNG });
    expect(r).toEqual({ ok: false, errors: { serial: 'format', reading: 'number', photo: 'image' } });
  });
  it('keeps false as an answer to a required yes/no question', () => {
    const r = validateCompletion([{ key: 'ok', label: 'Conforme', kind: 'boolean', required: true }], { ok: false });
    expect(r).toEqual({ ok: true, values: { ok: false } });
  });
  it('parses numbers as people type them', () => {
    expect(parseNumber(' 48 213 ')).toBe(48213);
    expect(parseNumber('-1,25')).toBe(-1.25);
    expect(parseNumber('1e5')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });
  it('maps the server field name to the form field', () => {
    expect(fieldOfServerError('completion.reading')).toBe('reading');
    expect(fieldOfServerError('reason')).toBeNull();
    expect(fieldOfServerError(undefined)).toBeNull();
  });
});
