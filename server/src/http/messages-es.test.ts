import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clockTime, shiftConfig, shiftRequestInput, userInput, workOrderInput } from '../contracts/index.ts';
import { toSpanish } from './messages-es.ts';
import { literals, type Literal } from './source-scan.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(SRC, '..', '..');

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') && keep(d.name))
    .map((d) => join(d.parentPath, d.name));
}

interface Found {
  where: string;
  message: string;
}
const untranslated = (found: Found[]): string[] => found.filter((f) => toSpanish(f.message) === null).map((f) => `${f.where}: ${JSON.stringify(f.message)}`);

function scan(paths: string[], pick: (l: Literal) => string | null): Found[] {
  return paths.flatMap((p) =>
    literals(readFileSync(p, 'utf8')).flatMap((l) => {
      const message = pick(l);
      return message === null ? [] : [{ where: `${relative(ROOT, p)}:${l.line}`, message }];
    }),
  );
}

const HELP = 'add it to server/src/http/messages-es.ts (English → Spanish es-UY)';

describe('every custom message of the contracts has its Spanish', () => {
  // Any literal with a space in a contract is text for people (codes, enums and keys have none):
  // `message:`, `.regex(…, '…')`, `.refine(…, '…')`, `[field, '…']` from a helper, whatever comes next.
  const found = scan(files(join(SRC, 'contracts'), () => true), (l) => (/ /.test(l.sample) ? l.sample : null));

  it('finds the messages it is meant to walk', () => {
    const all = found.map((f) => f.message);
    expect(all).toEqual(expect.arrayContaining(['a time looks like 07:30', 'a phone number has 6 to 15 digits', 'shift codes must be unique', 'unknown shift code X1', 'the break must end inside the shift']));
  });

  it('has no message without a Spanish entry', () => {
    expect(untranslated(found), HELP).toEqual([]);
  });
});

describe('every message of the edge schemas inside domains has its Spanish', () => {
  const paths = files(join(SRC, 'domains'), (n) => n.endsWith('.schemas.ts') || n.endsWith('.routes.ts'));
  const found = scan(paths, (l) => ((l.call && ['regex', 'refine', 'superRefine'].includes(l.call.name) && l.call.arg >= 1) || l.key === 'message' ? l.sample : null));

  it('finds them', () => {
    expect(found.map((f) => f.message)).toEqual(expect.arrayContaining(['a roster id looks like RS-000001', 'an order id looks like OT-0000123']));
  });

  it('has no message without a Spanish entry', () => {
    // the body of the 409 roster_violations is built in the route and is already Spanish
    expect(untranslated(found.filter((f) => !f.message.startsWith('el cuadrante '))), HELP).toEqual([]);
  });
});

describe('every 4xx error thrown by the domains and the HTTP layer has its Spanish', () => {
  const paths = [...files(join(SRC, 'domains'), () => true), ...files(join(SRC, 'http'), () => true)];
  const HELPERS = new Set(['badRequest', 'conflict', 'notFound', 'forbidden', 'unauthorized']);
  const found = scan(paths, (l) => {
    if (!l.call) return null;
    if (HELPERS.has(l.call.name) && l.call.arg === 0) return l.call.name === 'notFound' ? `${l.sample} not found` : l.sample;
    // new AppError(4xx, 'code', 'message'): 5xx messages are never shown (`expose` is false)
    if (l.call.name === 'AppError' && l.call.arg === 2 && /^4\d\d$/.test(l.call.firstArg)) return l.sample;
    return null;
  }).concat(
    // refusals built where the rule lives and thrown as a variable (`next.reason`, 409)
    scan([join(SRC, 'domains', 'field', 'work-order.state.ts')], (l) => (l.key === 'reason' && / /.test(l.sample) ? l.sample : null)),
  );
  // Messages that are not one sentence of ours: a zod issue with its field (translated by zod or
  // by the contract entries above) and `field: ` prefixes of it.
  const notOurs = (m: string): boolean => /^(X\d+)?$/.test(m);

  it('finds the throw sites', () => {
    expect(found.length).toBeGreaterThan(60);
    expect(found.map((f) => f.message)).toEqual(
      expect.arrayContaining(['order X1 not found', 'roster X1 is X2: only drafts can be published', 'wrong username or password', 'cannot X1 an order that is X2']),
    );
  });

  it('has no message without a Spanish entry', () => {
    expect(untranslated(found.filter((f) => !notOurs(f.message))), HELP).toEqual([]);
  });
});

describe('the messages zod really produces are found in the catalog', () => {
  const first = (r: { success: boolean; error?: { issues: { message: string }[] } }): string => r.error?.issues[0]?.message ?? '';
  const type = { code: 'D', name: 'Día', start: '08:00', minutes: 480 };
  const rules = { minMinutesPerWeek: 0, maxMinutesPerWeek: 2400, maxConsecutiveShifts: 6, minConsecutiveShifts: 1, minConsecutiveDaysOff: 1, maxWeekendsPer4Weeks: 4 };

  it.each([
    ['clock time', first(clockTime.safeParse('7:30')), 'una hora se escribe así: 07:30'],
    ['phone', first(workOrderInput.safeParse({ typeCode: 'x', location: { lat: 0, lon: 0 }, address: 'a', contactPhone: '12 34' })), 'un teléfono tiene de 6 a 15 dígitos'],
    ['username', first(userInput.safeParse({ username: 'Ana Pérez', password: '0123456789', displayName: 'A', roles: ['admin'] })), 'solo minúsculas, dígitos, punto, guion y guion bajo'],
    ['unknown code', first(shiftConfig.safeParse({ shiftTypes: [{ ...type, forbiddenNext: ['N'] }], rules, cover: [] })), 'código de turno desconocido: N'],
    ['duplicate codes', first(shiftConfig.safeParse({ shiftTypes: [type, type], rules, cover: [] })), 'los códigos de turno no se pueden repetir'],
    ['break', first(shiftConfig.safeParse({ shiftTypes: [{ ...type, breakMinutes: 30 }], rules, cover: [] })), 'indique desde qué hora puede empezar el descanso'],
    ['request', first(shiftRequestInput.safeParse({ crewId: 'c1', date: '2025-03-01', kind: 'on' })), 'elija el turno que pide trabajar o no trabajar'],
  ])('%s', (_, english, spanish) => {
    expect(toSpanish(english)).toBe(spanish);
  });
});

describe('toSpanish', () => {
  it('keeps a leading field path and translates the rest', () => {
    expect(toSpanish('changes.3.shiftCode: unknown shift N')).toBe('changes.3.shiftCode: turno desconocido: N');
    expect(toSpanish('crewIds.0: unknown crew c9')).toBe('crewIds.0: cuadrilla desconocida: c9');
  });

  it('prefers the more specific of two patterns that both match', () => {
    expect(toSpanish('unknown shift code N')).toBe('código de turno desconocido: N');
    expect(toSpanish('unknown crews: a, b')).toBe('cuadrillas desconocidas: a, b');
  });

  it('says order actions and statuses in the board\'s words', () => {
    expect(toSpanish('cannot start travel an order that is on site')).toBe('no se puede poner en camino una orden en sitio');
    expect(toSpanish('a crew cannot cancel an order')).toBe('una cuadrilla no puede cancelar una orden');
    expect(toSpanish('a reason is required to fail')).toBe('hay que indicar un motivo para dar por fallida la orden');
  });

  it('reads the optional parts of the sequence mismatch', () => {
    const en = "the list must hold exactly the crew's open orders; missing OT-1, OT-2; not the crew's open orders: OT-9";
    expect(toSpanish(en)).toBe('la lista debe tener exactamente las órdenes abiertas de la cuadrilla; faltan OT-1, OT-2; no son órdenes abiertas de la cuadrilla: OT-9');
  });

  it('says the roster checker like the console does (minutes as hours)', () => {
    expect(toSpanish('works 2400 min, above the maximum of 2250')).toBe('trabaja 40 h, más que el máximo de 37 h 30 min');
    expect(toSpanish('shift N is not allowed for c1')).toBe('el turno N no está permitido para esta cuadrilla');
    expect(toSpanish('3 on N, 1 below the requirement of 4')).toBe('3 en N: faltan 1 (se requieren 4)');
  });

  it('translates the English detail of the Spanish board_changed message', () => {
    expect(toSpanish('el tablero cambió; optimizá de nuevo (order OT-0000001 is gone)')).toBe('el tablero cambió; optimizá de nuevo (la orden OT-0000001 ya no está)');
  });

  it('answers null for what it does not know (the caller keeps the English)', () => {
    expect(toSpanish('something new went wrong')).toBeNull();
    expect(toSpanish('location.lat: Demasiado grande: se esperaba que number fuera <=90')).toBeNull();
  });
});

describe('the optimizer roster checker messages reach the planner in Spanish', () => {
  // the optimizer is a pure library that explains in English; the API says it in Spanish
  const checker = join(ROOT, 'optimizer', 'src', 'roster', 'roster.checker.ts');
  const found = scan([checker], (l) => (/ /.test(l.sample) && (l.key === 'message' || l.call?.name === 'v') ? l.sample : null));

  it('finds them', () => {
    expect(found.length).toBeGreaterThanOrEqual(15);
  });

  it('has no message without a Spanish entry', () => {
    expect(untranslated(found), HELP).toEqual([]);
  });
});
