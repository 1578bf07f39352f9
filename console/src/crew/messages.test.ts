import { describe, expect, it } from 'vitest';
import { translateCrew } from './messages.ts';

describe('crew app text', () => {
  it('speaks Spanish first and fills the order id into the server-wins notice', () => {
    expect(translateCrew('es-UY', 'notice.cancelled', { id: 'OT-0000007' })).toBe('La orden OT-0000007 fue cancelada por despacho.');
    expect(translateCrew('en', 'notice.cancelled', { id: 'OT-0000007' })).toBe('Order OT-0000007 was cancelled by dispatch.');
  });
});
