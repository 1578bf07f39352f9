import { describe, expect, it } from 'vitest';
import { foldLine, icsText, icsUtc, parseIcsEvents, writeIcs } from './ics.ts';

const start = Date.parse('2026-12-08T02:00:00Z');

describe('iCalendar writer (RFC 5545)', () => {
  it('writes CRLF lines, UTC instants and escaped text, and reads back', () => {
    const text = writeIcs({
      name: 'Turnos — Cuadrilla Norte',
      now: Date.parse('2026-12-01T12:00:00Z'),
      timeZone: 'America/Montevideo',
      events: [
        { uid: '2026-12-07.C1@turnos.vatio', start, end: start + 8 * 3600_000, summary: 'Turno Noche (N); zona 1, Centro', description: 'línea 1\nlínea 2 \\ fin' },
        { uid: '2026-12-08.C1@turnos.vatio', start: start + 86_400_000, end: start + 86_400_000 + 3600_000, summary: 'Turno Mañana' },
      ],
    });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare LF or CR
    expect(text).toContain('DTSTART:20261208T020000Z\r\n');
    expect(text).toContain('DTEND:20261208T100000Z\r\n');
    expect(text).toContain('DTSTAMP:20261201T120000Z\r\n');
    expect(text).toContain('SUMMARY:Turno Noche (N)\\; zona 1\\, Centro\r\n');
    const events = parseIcsEvents(text);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ UID: '2026-12-07.C1@turnos.vatio', SUMMARY: 'Turno Noche (N); zona 1, Centro', DESCRIPTION: 'línea 1\nlínea 2 \\ fin' });
    expect(events.map((e) => e['DTSTART'])).toEqual(['20261208T020000Z', '20261209T020000Z']);
  });

  it('folds lines longer than 75 octets without splitting a UTF-8 character', () => {
    const long = `SUMMARY:${'Mañana '.repeat(30)}`;
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    for (const l of lines.slice(1)) expect(l.startsWith(' ')).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(long);
    expect(folded).not.toContain('\uFFFD');
  });

  it('formats UTC instants and escapes TEXT values', () => {
    expect(icsUtc(Date.parse('2027-01-01T00:00:00.123Z'))).toBe('20270101T000000Z');
    expect(icsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
});
