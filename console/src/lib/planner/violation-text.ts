import type { Penalty, Violation } from './gantt.ts';

/**
 * The optimizer's checker explains each rule in English with its figures; the console is
 * Spanish first, so known sentences are re-said in the reader's language with the same figures.
 * Anything not recognised is shown as the server wrote it (never hidden).
 */
type Lang = 'es' | 'en';

const violationPatterns: { re: RegExp; es: (m: RegExpExecArray) => string }[] = [
  { re: /^works (\S+) on a fixed day off$/, es: (m) => `trabaja ${m[1]} en un día libre fijo` },
  { re: /^shift (\S+) is not allowed for \S+$/, es: (m) => `el turno ${m[1]} no está permitido para esta cuadrilla` },
  { re: /^shift (\S+) worked more than the maximum of (\d+) times \(from this day on\)$/, es: (m) => `turno ${m[1]} trabajado más del máximo de ${m[2]} veces (desde este día)` },
  { re: /^(\S+) may not follow (\S+) of the previous day$/, es: (m) => `${m[1]} no puede seguir a ${m[2]} del día anterior (descanso)` },
  { re: /^works (\d+) min, above the maximum of (\d+)$/, es: (m) => `trabaja ${hours(m[1])}, más que el máximo de ${hours(m[2])}` },
  { re: /^works (\d+) min, below the minimum of (\d+)$/, es: (m) => `trabaja ${hours(m[1])}, menos que el mínimo de ${hours(m[2])}` },
  { re: /^works (\d+) consecutive days from this day, above the maximum of (\d+)$/, es: (m) => `${m[1]} días seguidos de trabajo desde este día (máximo ${m[2]})` },
  { re: /^works only (\d+) consecutive day\(s\) from this day, below the minimum of (\d+)$/, es: (m) => `solo ${m[1]} día(s) seguidos de trabajo desde este día (mínimo ${m[2]})` },
  { re: /^only (\d+) consecutive day\(s\) off from this day, below the minimum of (\d+)$/, es: (m) => `solo ${m[1]} día(s) libres seguidos desde este día (mínimo ${m[2]})` },
  { re: /^weekend (\d+) worked, above the maximum of (\d+)$/, es: (m) => `fin de semana n.º ${m[1]} trabajado (máximo ${m[2]})` },
  { re: /^"(.*)" is not a shift type; treated as a day off$/, es: (m) => `«${m[1]}» no es un tipo de turno; cuenta como libre` },
];

function hours(min: string | undefined): string {
  const n = Number(min ?? 0);
  const h = Math.floor(n / 60);
  const m = n % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function violationText(v: Pick<Violation, 'message'>, lang: Lang): string {
  if (lang === 'en') return v.message;
  for (const p of violationPatterns) {
    const m = p.re.exec(v.message);
    if (m) return p.es(m);
  }
  return v.message;
}

/** Penalties carry their figures as fields, so their text is built rather than parsed. */
export function penaltyText(p: Penalty, lang: Lang, assigned?: number): string {
  const n = assigned ?? null;
  if (lang === 'en') return p.message;
  switch (p.kind) {
    case 'cover-under':
      return n === null ? `faltan ${p.amount} en ${p.shiftCode}` : `${n} en ${p.shiftCode}: faltan ${p.amount} (se requieren ${n + p.amount})`;
    case 'cover-over':
      return n === null ? `sobran ${p.amount} en ${p.shiftCode}` : `${n} en ${p.shiftCode}: sobran ${p.amount} (se requieren ${n - p.amount})`;
    case 'shift-on-request':
      return `pidió trabajar ${p.shiftCode} y no lo tiene`;
    case 'shift-off-request':
      return `pidió no trabajar ${p.shiftCode} y lo tiene`;
  }
}
