/**
 * A small iCalendar (RFC 5545) writer for published shifts: one VCALENDAR of VEVENTs with
 * instants in UTC (`DTSTART:20261201T100000Z`, §3.3.5 form #2), so no VTIMEZONE is needed and
 * every calendar application places the shift at the same instant.
 */

export interface IcsEvent {
  /** globally unique and stable: the same shift keeps its UID when a roster is re-published */
  readonly uid: string;
  readonly start: number;
  readonly end: number;
  readonly summary: string;
  readonly description?: string;
  readonly categories?: readonly string[];
  /** when the shift was last published (LAST-MODIFIED) */
  readonly lastModified?: number;
}

export interface IcsCalendar {
  readonly name: string;
  readonly events: readonly IcsEvent[];
  /** DTSTAMP of every event: when this file was made */
  readonly now: number;
  readonly timeZone?: string;
}

/** `20261201T100000Z` (§3.3.5, UTC). */
export function icsUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT value escaping (§3.3.11): backslash, semicolon, comma and newlines. */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * Folds a content line at 75 octets (§3.1): CRLF followed by one space, never inside a UTF-8
 * sequence (a folded "Mañana" stays valid UTF-8 on both lines).
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let cur = '';
  let curBytes = 0;
  let limit = 75;
  for (const ch of line) {
    const b = encoder.encode(ch).length;
    if (curBytes + b > limit) {
      out.push(cur);
      cur = '';
      curBytes = 0;
      limit = 74; // continuation lines start with the folding space
    }
    cur += ch;
    curBytes += b;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/**
 * Writes the calendar as a string with CRLF line ends.
 *
 * @example
 * ```ts
 * writeIcs({ name: 'Turnos', now: Date.now(), events: [{ uid: 'x@vatio', start, end, summary: 'Turno Noche' }] });
 * // "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…"
 * ```
 */
export function writeIcs(cal: IcsCalendar): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vatio//Turnos de cuadrillas//ES',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(cal.name)}`,
  ];
  if (cal.timeZone) lines.push(`X-WR-TIMEZONE:${icsText(cal.timeZone)}`);
  const stamp = icsUtc(cal.now);
  for (const e of cal.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icsText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsUtc(e.start)}`,
      `DTEND:${icsUtc(e.end)}`,
      `SUMMARY:${icsText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${icsText(e.description)}`);
    if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(icsText).join(',')}`);
    if (e.lastModified !== undefined) lines.push(`LAST-MODIFIED:${icsUtc(e.lastModified)}`);
    lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** Reads an iCalendar text back into its VEVENTs' properties (unfolds, unescapes TEXT). For tests and imports. */
export function parseIcsEvents(text: string): Record<string, string>[] {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const events: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  for (const line of unfolded.split('\r\n')) {
    if (line === 'BEGIN:VEVENT') cur = {};
    else if (line === 'END:VEVENT') {
      if (cur) events.push(cur);
      cur = null;
    } else if (cur) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      const name = (line.slice(0, i).split(';')[0] ?? '').toUpperCase();
      cur[name] = line.slice(i + 1).replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
    }
  }
  return events;
}
