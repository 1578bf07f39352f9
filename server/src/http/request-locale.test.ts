import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localeOf, withLocale, zodParams } from './request-locale.ts';

describe('request locale', () => {
  it('takes Spanish from any es* first preference, English otherwise', () => {
    expect(localeOf('es-UY,es;q=0.9,en;q=0.8')).toBe('es');
    expect(localeOf('ES')).toBe('es');
    expect(localeOf('en-US,es;q=0.5')).toBe('en');
    expect(localeOf(undefined)).toBe('en');
    expect(localeOf('')).toBe('en');
  });

  it('gives zod Spanish messages only inside a Spanish request', () => {
    const schema = z.object({ n: z.number().max(3) });
    const es = withLocale('es', () => schema.safeParse({ n: 9 }, zodParams()));
    const en = withLocale('en', () => schema.safeParse({ n: 9 }, zodParams()));
    expect(es.error?.issues[0]?.message).toMatch(/Demasiado grande/);
    expect(en.error?.issues[0]?.message).toMatch(/Too big/);
  });
});
