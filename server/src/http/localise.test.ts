import { describe, expect, it } from 'vitest';
import { localiseBody, localiseMessage } from './localise.ts';

describe('localiseBody', () => {
  it('translates an error message for Spanish and keeps code and field', () => {
    const body = { error: { code: 'not_found', message: 'roster RS-000001 not found', field: 'id' } };
    expect(localiseBody(body, 'es')).toEqual({ error: { code: 'not_found', message: 'no existe el cuadrante RS-000001', field: 'id' } });
    expect(localiseBody(body, 'en')).toBe(body);
  });

  it('translates the roster check of a view, leaving rules, kinds and figures alone', () => {
    const view = {
      roster: { id: 'RS-000001', message: null },
      check: {
        feasible: false,
        objective: 101,
        violations: [{ crewId: 'c1', date: '2025-03-03', rule: 'day-off', message: 'works N on a fixed day off' }],
        penalties: [{ kind: 'cover-under', date: '2025-03-03', shiftCode: 'N', amount: 1, cost: 100, message: '1 on N, 1 below the requirement of 2' }],
      },
    };
    const es = localiseBody(view, 'es') as typeof view;
    expect(es.check.violations[0]).toEqual({ crewId: 'c1', date: '2025-03-03', rule: 'day-off', message: 'trabaja N en un día libre fijo' });
    expect(es.check.penalties[0]?.message).toBe('1 en N: faltan 1 (se requieren 2)');
    expect(es.check.objective).toBe(101);
    expect(view.check.violations[0]?.message).toBe('works N on a fixed day off'); // the original is not changed
  });

  it('translates the violations of the 409 roster_violations for Spanish; English clients get the body as it was', () => {
    const body = { error: { code: 'roster_violations', message: 'el cuadrante RS-000002 incumple 1 regla(s); corregir o publicar con acceptViolations: true', violations: [{ rule: 'max-weekends', message: 'weekend 3 worked, above the maximum of 2' }] } };
    const es = localiseBody(body, 'es') as typeof body;
    expect(es.error.violations[0]?.message).toBe('fin de semana n.º 3 trabajado (máximo 2)');
    expect(es.error.message).toBe(body.error.message);
    expect(localiseBody(body, 'en')).toBe(body);
  });

  it('leaves Spanish-only messages Spanish for English clients, as they were', () => {
    expect(localiseMessage('el tablero cambió; optimizá de nuevo (order OT-0000009 is gone)', 'en')).toBe('el tablero cambió; optimizá de nuevo (order OT-0000009 is gone)');
    expect(localiseMessage('el tablero cambió; optimizá de nuevo (order OT-0000009 is gone)', 'es')).toBe('el tablero cambió; optimizá de nuevo (la orden OT-0000009 ya no está)');
  });

  it('leaves other bodies untouched (same object)', () => {
    const body = { orders: [{ id: 'OT-1', notes: 'a time looks like 07:30' }] };
    expect(localiseBody(body, 'es')).toBe(body);
    expect(localiseBody('BEGIN:VCALENDAR', 'es')).toBe('BEGIN:VCALENDAR');
    expect(localiseBody(undefined, 'es')).toBeUndefined();
  });
});
