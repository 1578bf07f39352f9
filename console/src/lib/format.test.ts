import { describe, expect, it } from 'vitest';
import { formatAccuracy, formatAge, formatBattery, formatClock, formatCoordinates, formatHeading, formatSpeed } from './format.ts';

describe('formatSpeed', () => {
  it('turns metres per second into whole km/h', () => {
    expect(formatSpeed(10, 'es-UY')).toBe('36 km/h');
    expect(formatSpeed(13.9, 'en')).toBe('50 km/h');
  });
  it('shows a dash when the unit sent no speed', () => {
    expect(formatSpeed(null, 'es-UY')).toBe('—');
  });
});

describe('formatAge', () => {
  it('says seconds, minutes, hours and days in Spanish', () => {
    expect(formatAge(12, 'es-UY')).toBe('hace 12 s');
    expect(formatAge(125, 'es-UY')).toBe('hace 2 min');
    expect(formatAge(3 * 3600 + 5, 'es-UY')).toBe('hace 3 h');
    expect(formatAge(2 * 86_400, 'es-UY')).toBe('hace 2 d');
  });
  it('says "2 min ago" in English', () => {
    expect(formatAge(120, 'en')).toBe('2 min ago');
    expect(formatAge(59.9, 'en')).toBe('59 s ago');
  });
  it('calls a fix under a second old "now", including a device clock slightly ahead', () => {
    expect(formatAge(0.4, 'es-UY')).toBe('ahora');
    expect(formatAge(-3, 'en')).toBe('now');
  });
});

describe('formatHeading', () => {
  it('adds the compass point in the reader\'s language', () => {
    expect(formatHeading(225, 'es-UY')).toBe('225° SO');
    expect(formatHeading(225, 'en')).toBe('225° SW');
    expect(formatHeading(359.6, 'en')).toBe('0° N');
    expect(formatHeading(null, 'en')).toBe('—');
  });
});

describe('other fields', () => {
  it('formats battery, accuracy and coordinates', () => {
    expect(formatBattery(87, 'en')).toBe('87%');
    expect(formatAccuracy(4.6, 'en')).toBe('± 5 m');
    expect(formatCoordinates(-34.9011, -56.16453)).toBe('-34.90110, -56.16453');
  });
  it('shows the clock in Montevideo time whatever the browser zone', () => {
    // 15:04:05 UTC is 12:04:05 in Montevideo (UTC−3, no DST since 2015)
    expect(formatClock(new Date('2026-01-15T15:04:05Z'), 'es-UY')).toBe('12:04:05');
  });
});
