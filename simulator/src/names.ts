import type { Rng } from './rng.ts';

/** Barrios of Montevideo, for crew names. */
export const MONTEVIDEO_BARRIOS = [
  'Cerro', 'Pocitos', 'Malvín', 'Carrasco', 'Colón', 'Piedras Blancas', 'La Teja', 'Prado', 'Unión',
  'Buceo', 'Cordón', 'Centro', 'Ciudad Vieja', 'Sayago', 'Peñarol', 'Maroñas', 'Punta Carretas',
  'Parque Rodó', 'Casavalle', 'Manga', 'Belvedere', 'Paso de la Arena', 'Casabó', 'Nuevo París',
  'Tres Cruces', 'Aguada', 'Goes', 'La Blanqueada', 'Jacinto Vera', 'Brazo Oriental', 'Punta Gorda',
  'Flor de Maroñas', 'Villa Española', 'Lezica', 'Atahualpa', 'Capurro', 'Palermo', 'Larrañaga',
] as const;

/**
 * First letter of Uruguayan (Mercosur, since 2015) plates by department; Montevideo is S.
 * Source: SUCIVE's national plate scheme.
 */
const PLATE_LETTER: Record<string, string> = {
  Canelones: 'A', Maldonado: 'B', Rocha: 'C', 'Treinta y Tres': 'D', 'Cerro Largo': 'E', Rivera: 'F',
  Artigas: 'G', Salto: 'H', Paysandú: 'I', 'Río Negro': 'J', Soriano: 'K', Colonia: 'L', 'San José': 'M',
  Flores: 'N', Florida: 'O', Lavalleja: 'P', Durazno: 'Q', Tacuarembó: 'R', Montevideo: 'S',
};

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A plate like "STC 1234" for a vehicle registered in `department`. */
export function plateFor(rng: Rng, department: string): string {
  const first = PLATE_LETTER[department] ?? 'S';
  const digits = String(1000 + rng.int(9000));
  return `${first}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])} ${digits}`;
}

/** "Cuadrilla 12 – Cerro" */
export function crewName(n: number, place: string): string {
  return `Cuadrilla ${n} – ${place}`;
}

const VEHICLE_MODELS = ['Fiat Fiorino', 'Renault Kangoo', 'Peugeot Partner', 'Hyundai H-1', 'Toyota Hilux', 'Ford Ranger', 'Iveco Daily'];

/** "Renault Kangoo 12" */
export function vehicleLabel(rng: Rng, n: number): string {
  return `${rng.pick(VEHICLE_MODELS)} ${n}`;
}
