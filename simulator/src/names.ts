import type { Rng } from './rng.ts';

/**
 * Barrios of Montevideo with an approximate centre (±500 m is enough: crews start near it, snapped
 * to the street graph), for crew names and home bases.
 */
export const MONTEVIDEO_BARRIOS: readonly { name: string; lat: number; lon: number }[] = [
  { name: 'Ciudad Vieja', lat: -34.9065, lon: -56.208 },
  { name: 'Centro', lat: -34.9055, lon: -56.19 },
  { name: 'Cordón', lat: -34.901, lon: -56.175 },
  { name: 'Palermo', lat: -34.908, lon: -56.18 },
  { name: 'Parque Rodó', lat: -34.913, lon: -56.167 },
  { name: 'Punta Carretas', lat: -34.923, lon: -56.159 },
  { name: 'Pocitos', lat: -34.912, lon: -56.15 },
  { name: 'Tres Cruces', lat: -34.894, lon: -56.166 },
  { name: 'La Blanqueada', lat: -34.886, lon: -56.156 },
  { name: 'Larrañaga', lat: -34.88, lon: -56.155 },
  { name: 'Buceo', lat: -34.9, lon: -56.133 },
  { name: 'Malvín', lat: -34.89, lon: -56.105 },
  { name: 'Punta Gorda', lat: -34.895, lon: -56.08 },
  { name: 'Carrasco', lat: -34.886, lon: -56.055 },
  { name: 'Unión', lat: -34.87, lon: -56.138 },
  { name: 'Villa Española', lat: -34.86, lon: -56.145 },
  { name: 'Maroñas', lat: -34.858, lon: -56.125 },
  { name: 'Flor de Maroñas', lat: -34.855, lon: -56.11 },
  { name: 'Piedras Blancas', lat: -34.83, lon: -56.14 },
  { name: 'Manga', lat: -34.81, lon: -56.15 },
  { name: 'Casavalle', lat: -34.835, lon: -56.17 },
  { name: 'Brazo Oriental', lat: -34.865, lon: -56.175 },
  { name: 'Jacinto Vera', lat: -34.876, lon: -56.17 },
  { name: 'Goes', lat: -34.88, lon: -56.18 },
  { name: 'Aguada', lat: -34.885, lon: -56.195 },
  { name: 'Atahualpa', lat: -34.86, lon: -56.19 },
  { name: 'Prado', lat: -34.86, lon: -56.205 },
  { name: 'Capurro', lat: -34.87, lon: -56.215 },
  { name: 'Belvedere', lat: -34.86, lon: -56.225 },
  { name: 'Nuevo París', lat: -34.85, lon: -56.235 },
  { name: 'La Teja', lat: -34.86, lon: -56.24 },
  { name: 'Cerro', lat: -34.885, lon: -56.255 },
  { name: 'Casabó', lat: -34.89, lon: -56.275 },
  { name: 'Paso de la Arena', lat: -34.83, lon: -56.27 },
  { name: 'Sayago', lat: -34.833, lon: -56.215 },
  { name: 'Peñarol', lat: -34.825, lon: -56.2 },
  { name: 'Colón', lat: -34.802, lon: -56.22 },
  { name: 'Lezica', lat: -34.795, lon: -56.24 },
];

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
