import { z } from 'zod';
import { shiftConfig, type ShiftConfig, type ShiftTypeConfig } from '../contracts.ts';

const spanish = z.locales.es().localeError;

// the contracts' own messages are written in English; the rules editor speaks Spanish first
const customEs: [RegExp, string][] = [
  [/^a time looks like 07:30$/, 'una hora se escribe así: 07:30'],
  [/^a colour looks like #1f77b4$/, 'un color se escribe así: #1f77b4'],
  [/^must be at least minMinutesPerWeek$/, 'debe ser al menos el mínimo de minutos por semana'],
  [/^must be at least minConsecutiveShifts$/, 'debe ser al menos el mínimo de días seguidos de trabajo'],
  [/^shift codes must be unique$/, 'los códigos de turno no se pueden repetir'],
  [/^unknown shift code (.*)$/, 'código de turno desconocido: $1'],
  [/^a shift code is needed for on\/off requests$/, 'elija el turno que pide trabajar o no trabajar'],
  [/^unknown crew (.*)$/, 'cuadrilla desconocida: $1'],
  [/^unknown shift (.*)$/, 'turno desconocido: $1'],
  [/^set when the break may start$/, 'indique desde qué hora puede empezar el descanso'],
  [/^set by when the break must start$/, 'indique hasta qué hora puede empezar el descanso'],
  [/^the break must start inside the shift$/, 'el descanso debe empezar dentro del turno'],
  [/^must not be before the earliest start of the break$/, 'no puede ser antes de la hora desde la que puede empezar el descanso'],
  [/^the break must end inside the shift$/, 'el descanso debe terminar dentro del turno'],
  [/^letters, digits, dot, dash or underscore.*$/, 'letras, dígitos, punto, guion o guion bajo; sin espacios, «/», «+» ni «#»'],
];

/** A validation message in the reader's language (zod's own ones are already translated). */
export function localiseMessage(message: string, lang: 'es' | 'en'): string {
  if (lang === 'en') return message;
  for (const [re, es] of customEs) if (re.test(message)) return message.replace(re, es);
  return message;
}

/**
 * The rules editor checks the configuration with the same zod schema as the server, so most
 * mistakes are shown at the field before saving; the server's 400 (`field` like
 * `shiftTypes.1.start`) lands on the same key.
 */
export function fieldErrors(config: unknown, lang: 'es' | 'en' = 'es'): Record<string, string> {
  const r = shiftConfig.safeParse(config, lang === 'es' ? { error: spanish } : {});
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= localiseMessage(issue.message, lang);
  }
  return out;
}

/** A server `field` may come as `shiftTypes[1].start` or `shiftTypes.1.start`. */
export function normaliseField(field: string | null | undefined): string {
  return (field ?? '').replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** Errors for one field key and everything under it ("shiftTypes.0" matches "shiftTypes.0.code"). */
export function errorAt(errors: Record<string, string>, key: string): string | null {
  return errors[key] ?? null;
}

/** Errors not shown at any of the given field keys (shown at the top of the form instead). */
export function unplaced(errors: Record<string, string>, shown: ReadonlySet<string>): string[] {
  return Object.entries(errors)
    .filter(([k]) => !shown.has(k))
    .map(([k, m]) => (k ? `${k}: ${m}` : m));
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function newShiftType(existing: readonly ShiftTypeConfig[]): ShiftTypeConfig {
  let n = existing.length + 1;
  while (existing.some((s) => s.code === `T${n}`)) n++;
  return { code: `T${n}`, name: `Turno ${n}`, start: '08:00', minutes: 480, forbiddenNext: [], color: PALETTE[existing.length % PALETTE.length] ?? '#4a90d9' };
}

/** Renaming a shift code follows it into forbiddenNext, limits and cover. */
export function renameShiftCode(config: ShiftConfig, from: string, to: string): ShiftConfig {
  if (from === to) return config;
  const maxShiftsPerWeek: Record<string, number> = {};
  for (const [k, v] of Object.entries(config.rules.maxShiftsPerWeek)) maxShiftsPerWeek[k === from ? to : k] = v;
  return {
    shiftTypes: config.shiftTypes.map((s) => ({ ...s, code: s.code === from ? to : s.code, forbiddenNext: s.forbiddenNext.map((c) => (c === from ? to : c)) })),
    rules: { ...config.rules, maxShiftsPerWeek },
    cover: config.cover.map((c) => (c.shiftCode === from ? { ...c, shiftCode: to } : c)),
  };
}

/** Removing a shift type removes every reference to it (the server would refuse them). */
export function removeShiftType(config: ShiftConfig, code: string): ShiftConfig {
  const maxShiftsPerWeek = Object.fromEntries(Object.entries(config.rules.maxShiftsPerWeek).filter(([k]) => k !== code));
  return {
    shiftTypes: config.shiftTypes.filter((s) => s.code !== code).map((s) => ({ ...s, forbiddenNext: s.forbiddenNext.filter((c) => c !== code) })),
    rules: { ...config.rules, maxShiftsPerWeek },
    cover: config.cover.filter((c) => c.shiftCode !== code),
  };
}

/** "08:00" + minutes → minutes as "8 h" / "7 h 30 min" for the length column. */
export function lengthLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
