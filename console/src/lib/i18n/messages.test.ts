import { describe, expect, it } from 'vitest';
import { messages, translate } from './messages.ts';

describe('messages', () => {
  it('has every Spanish key in English too, none empty', () => {
    const es = Object.keys(messages['es-UY']).sort();
    expect(Object.keys(messages.en).sort()).toEqual(es);
    for (const text of Object.values(messages.en)) expect(text.length).toBeGreaterThan(0);
  });
  it('fills placeholders', () => {
    expect(translate('es-UY', 'age.minutes', { n: 2 })).toBe('hace 2 min');
    expect(translate('es-UY', 'signin.error.credentials')).toBe('Usuario o contraseña incorrectos');
  });
});
