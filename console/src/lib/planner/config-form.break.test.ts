import { describe, expect, it } from 'vitest';
import type { ShiftConfig } from '../contracts.ts';
import { fieldErrors } from './config-form.ts';

const config = (breakFields: Record<string, unknown>): ShiftConfig => ({
  shiftTypes: [{ code: 'M', name: 'Mañana', start: '07:00', minutes: 480, forbiddenNext: [], color: '#1f77b4', ...breakFields }],
  rules: { maxShiftsPerWeek: {}, minMinutesPerWeek: 0, maxMinutesPerWeek: 3000, maxConsecutiveShifts: 6, minConsecutiveShifts: 1, minConsecutiveDaysOff: 1, maxWeekendsPer4Weeks: 4 },
  cover: [],
});

describe('rules editor: shift type break', () => {
  it('accepts no break and a break inside the shift', () => {
    expect(fieldErrors(config({}))).toEqual({});
    expect(fieldErrors(config({ breakMinutes: 30, breakEarliest: '11:00', breakLatest: '13:00' }))).toEqual({});
  });

  it('says in Spanish, at the field, what is wrong with a break', () => {
    expect(fieldErrors(config({ breakMinutes: 30 }))).toEqual({ 'shiftTypes.0.breakEarliest': 'indique desde qué hora puede empezar el descanso' });
    expect(fieldErrors(config({ breakMinutes: 30, breakEarliest: '11:00' }))).toEqual({ 'shiftTypes.0.breakLatest': 'indique hasta qué hora puede empezar el descanso' });
    expect(fieldErrors(config({ breakMinutes: 30, breakEarliest: '05:00', breakLatest: '06:00' }))).toEqual({ 'shiftTypes.0.breakEarliest': 'el descanso debe empezar dentro del turno' });
    expect(fieldErrors(config({ breakMinutes: 30, breakEarliest: '13:00', breakLatest: '12:00' }))).toEqual({ 'shiftTypes.0.breakLatest': 'no puede ser antes de la hora desde la que puede empezar el descanso' });
    expect(fieldErrors(config({ breakMinutes: 60, breakEarliest: '13:00', breakLatest: '14:30' }))).toEqual({ 'shiftTypes.0.breakLatest': 'el descanso debe terminar dentro del turno' });
    expect(fieldErrors(config({ breakMinutes: 60, breakEarliest: '13:00', breakLatest: '14:30' }), 'en')).toEqual({ 'shiftTypes.0.breakLatest': 'the break must end inside the shift' });
    expect(fieldErrors(config({ breakMinutes: 30, breakEarliest: '1300', breakLatest: '14:00' }))['shiftTypes.0.breakEarliest']).toBe('una hora se escribe así: 07:30');
  });
});
