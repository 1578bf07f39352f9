/**
 * Pure planning of the demo workload (what `npm start` shows a dispatcher): which skills each
 * simulated crew gets, and which work orders to create. No I/O here: the caller fetches order
 * types, crews and existing orders from the API and passes `now` and a street snapper, so the
 * same seed and inputs always give the same plan.
 */
import { destinationPoint, type LatLon } from '../../geo/src/index.ts';
import { MONTEVIDEO_BARRIOS } from './names.ts';
import { createRng, pickWeighted, type Rng } from './rng.ts';

/** The slice of an order type (GET /api/v1/order-types) the plan needs. */
export interface PlanOrderType {
  code: string;
  name: string;
  defaultPriority: 'emergency' | 'high' | 'normal' | 'low';
  requiredSkills: readonly string[];
  requiredEquipment: readonly string[];
  durationMinutes: number;
  active: boolean;
}

export interface PlanCrew {
  id: string;
  skills: readonly string[];
  equipment: readonly string[];
  /** the crew drives Montevideo's streets (the demo orders are there) */
  inMontevideo: boolean;
  /** its home barrio or town centre, when known */
  home: LatLon | null;
}

export interface CrewCapabilities {
  crewId: string;
  skills: string[];
  equipment: string[];
  homeBase: LatLon | null;
}

/** Montevideo's department, generously: every demo order must fall inside it. */
export const MONTEVIDEO_BOUNDS = { south: -34.94, north: -34.7, west: -56.45, east: -55.99 } as const;

export const insideMontevideo = (p: LatLon): boolean =>
  p.lat >= MONTEVIDEO_BOUNDS.south && p.lat <= MONTEVIDEO_BOUNDS.north && p.lon >= MONTEVIDEO_BOUNDS.west && p.lon <= MONTEVIDEO_BOUNDS.east;

/** Type codes whose requirements make up each capability profile (requirements read at run time). */
const BASE_TYPES = ['inspection', 'cut'];
const METERING_TYPES = ['meter_change'];
const INSTALLATION_TYPES = ['installation'];
const EMERGENCY_TYPES = ['emergency', 'leak'];

/**
 * Capabilities for the crews that have none (crews someone already equipped are left alone):
 * every crew inspects and cuts; about 3 in 4 also change meters (metering + ladder); about 1 in
 * 3 install supplies; every fifth Montevideo crew (at least one) handles emergencies with a
 * bucket truck. What each profile means in skills and equipment comes from the order types.
 *
 * @example planCrewCapabilities({ seed: 1, crews, types }) // [{ crewId: 'demo-c0001', skills: ['inspection', 'cut', 'metering'], … }]
 */
export function planCrewCapabilities(opts: { seed: number; crews: readonly PlanCrew[]; types: readonly PlanOrderType[] }): CrewCapabilities[] {
  const byCode = new Map(opts.types.map((t) => [t.code, t]));
  const needs = (codes: readonly string[]) => {
    const skills = new Set<string>();
    const equipment = new Set<string>();
    for (const c of codes) {
      const t = byCode.get(c);
      if (!t) continue;
      t.requiredSkills.forEach((s) => skills.add(s));
      t.requiredEquipment.forEach((e) => equipment.add(e));
    }
    return { skills, equipment };
  };
  const sorted = [...opts.crews].sort((a, b) => a.id.localeCompare(b.id));
  const montevideo = sorted.filter((c) => c.inMontevideo).map((c) => c.id);
  const out: CrewCapabilities[] = [];
  for (const crew of sorted) {
    if (crew.skills.length > 0 || crew.equipment.length > 0) continue;
    const rng = createRng(`${opts.seed}:capabilities:${crew.id}`);
    const codes = [...BASE_TYPES];
    if (rng.chance(0.75)) codes.push(...METERING_TYPES);
    if (rng.chance(0.35)) codes.push(...INSTALLATION_TYPES);
    const mvdRank = montevideo.indexOf(crew.id);
    if (mvdRank >= 0 && mvdRank % 5 === (montevideo.length > 1 ? 1 : 0)) codes.push(...EMERGENCY_TYPES);
    const { skills, equipment } = needs(codes);
    out.push({ crewId: crew.id, skills: [...skills], equipment: [...equipment], homeBase: crew.home });
  }
  return out;
}

/** Whether a crew with these skills and equipment can take an order of `type`. */
export function canDo(crew: { skills: readonly string[]; equipment: readonly string[] }, type: PlanOrderType): boolean {
  return type.requiredSkills.every((s) => crew.skills.includes(s)) && type.requiredEquipment.every((e) => crew.equipment.includes(e));
}

/** How often each type comes up among routine orders; unknown (custom) types get a small share. */
const TYPE_WEIGHT: Record<string, number> = {
  inspection: 6,
  cut: 7,
  reconnection: 4,
  meter_change: 5,
  installation: 3,
  removal: 2,
  other: 1,
  // emergencies come from their own draw, never from the routine mix
  emergency: 0,
  leak: 0,
};

const EMERGENCY_CODES = new Set(['emergency', 'leak']);

export type OrderSource = 'manual' | 'request' | 'dunning' | 'outage' | 'emergency_call';

const SOURCE_OF: Record<string, OrderSource> = {
  cut: 'dunning',
  reconnection: 'request',
  installation: 'request',
  inspection: 'request',
  meter_change: 'manual',
  removal: 'manual',
  emergency: 'emergency_call',
  leak: 'emergency_call',
};

const NOTES: Record<string, readonly string[]> = {
  inspection: [
    'Cliente reporta consumo muy alto en la última factura.',
    'Verificar conexión: posible enganche en el pilar.',
    'Parpadeo de luces en horas de la noche, revisar acometida.',
    'Inspección previa a aumento de potencia.',
  ],
  cut: [
    'Deuda vencida de 3 facturas; aviso de corte entregado.',
    'Convenio de pago incumplido. Medidor en fachada.',
    'Corte por deuda; perro suelto en el jardín, tocar timbre.',
  ],
  reconnection: [
    'Pago registrado hoy en Abitab; reconectar.',
    'Cliente abonó la deuda en oficina comercial; reconexión urgente.',
    'Reconexión tras convenio firmado.',
  ],
  meter_change: [
    'Medidor electromecánico a sustituir por inteligente.',
    'Medidor con display apagado; cambiar.',
    'Plan de recambio de medidores del barrio.',
  ],
  installation: [
    'Nueva conexión monofásica 6,6 kW; pilar pronto.',
    'Suministro nuevo en vivienda de obra terminada.',
    'Alta de servicio trifásico para comercio.',
  ],
  removal: ['Baja del servicio a pedido del titular.', 'Vivienda a demoler; retirar medidor.'],
  emergency: [
    'Vecinos reportan chispazos en el poste de la esquina.',
    'Transformador con humo, zona sin luz.',
    'Cable cortado sobre la vereda tras el temporal.',
  ],
  leak: ['Conductor caído sobre la calzada; vallar la zona.', 'Poste inclinado con cable a baja altura.'],
  other: ['Consulta técnica en sitio.', 'Revisar alumbrado de la fachada a pedido del cliente.'],
};

const FIRST_NAMES = ['María', 'José', 'Ana', 'Juan', 'Lucía', 'Carlos', 'Valentina', 'Martín', 'Sofía', 'Diego', 'Florencia', 'Gonzalo', 'Camila', 'Nicolás', 'Rosario', 'Federico', 'Paula', 'Santiago', 'Graciela', 'Washington'];
const LAST_NAMES = ['Rodríguez', 'González', 'Fernández', 'Pérez', 'Martínez', 'García', 'Silva', 'López', 'Sosa', 'Pereira', 'Núñez', 'Cabrera', 'Olivera', 'Suárez', 'Méndez', 'Acosta', 'Castro', 'Da Silva', 'Techera', 'Viera'];

/** A Uruguayan phone: a mobile "09X XXX XXX" (most) or a Montevideo landline "2XXX XXXX". */
export function uruguayanPhone(rng: Rng): string {
  const d = (n: number) => Array.from({ length: n }, () => String(rng.int(10))).join('');
  if (rng.chance(0.8)) return `09${1 + rng.int(9)} ${d(3)} ${d(3)}`;
  return `2${d(3)} ${d(4)}`;
}

/** Montevideo has kept UTC−3 all year since 2015 (no daylight saving). */
const MVD_OFFSET_MS = -3 * 3600_000;

/** A two-hour appointment window today or tomorrow (local working hours), starting after `now`. */
function appointmentWindow(rng: Rng, now: number): { start: string; end: string } | null {
  const local = new Date(now + MVD_OFFSET_MS);
  const dayStartUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - MVD_OFFSET_MS;
  const slots: number[] = [];
  for (const day of [0, 1]) {
    for (const hour of [8, 10, 12, 14, 16]) {
      const start = dayStartUtc + day * 86_400_000 + hour * 3600_000;
      if (start >= now + 30 * 60_000) slots.push(start);
    }
  }
  if (slots.length === 0) return null;
  const start = rng.pick(slots);
  const iso = (ms: number) => `${new Date(ms + MVD_OFFSET_MS).toISOString().slice(0, 19)}-03:00`;
  return { start: iso(start), end: iso(start + 2 * 3600_000) };
}

/** One order the workload means to create (the body of POST /api/v1/orders) and what to do with it. */
export interface PlannedOrder {
  /** the i-th order of its batch or of the running trickle */
  key: string;
  body: {
    typeCode: string;
    location: LatLon;
    address: string;
    accountRef: string;
    contactName: string | null;
    contactPhone: string | null;
    window: { start: string; end: string } | null;
    source: OrderSource;
    notes: string;
  };
  barrio: string;
  /** after creation: leave it to a dispatcher, assign it to a capable nearby crew, or assign and dispatch */
  then: 'leave' | 'assign' | 'dispatch';
}

export interface OrderPlanContext {
  seed: number;
  /** order types as the server has them */
  types: readonly PlanOrderType[];
  /** crews with their capabilities (after {@link planCrewCapabilities}): only types some Montevideo crew can do are planned */
  crews: readonly { skills: readonly string[]; equipment: readonly string[]; inMontevideo: boolean }[];
  now: number;
  /** moves a point onto the street graph (identity without one) */
  snap?: (p: LatLon) => LatLon;
}

/** Types worth creating: active and doable by at least one Montevideo crew. */
export function doableTypes(ctx: Pick<OrderPlanContext, 'types' | 'crews'>): PlanOrderType[] {
  const mvd = ctx.crews.filter((c) => c.inMontevideo);
  return ctx.types.filter((t) => t.active && mvd.some((c) => canDo(c, t)));
}

const JITTER_M = 600;

function planOne(rng: Rng, ctx: OrderPlanContext, key: string, type: PlanOrderType, then: PlannedOrder['then']): PlannedOrder {
  const barrio = rng.pick(MONTEVIDEO_BARRIOS);
  // uniform over the disc (√ of a uniform for the radius)
  const raw = destinationPoint(barrio, rng.range(0, 360), JITTER_M * Math.sqrt(rng.next()));
  const snapped = ctx.snap ? ctx.snap(raw) : raw;
  const location = { lat: Math.round(snapped.lat * 1e6) / 1e6, lon: Math.round(snapped.lon * 1e6) / 1e6 };
  const hasContact = EMERGENCY_CODES.has(type.code) ? rng.chance(0.6) : rng.chance(0.85);
  const contactName = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
  const contactPhone = uruguayanPhone(rng);
  const wantsWindow = !EMERGENCY_CODES.has(type.code) && type.code !== 'cut' && rng.chance(0.35);
  const window = wantsWindow ? appointmentWindow(rng, ctx.now) : null;
  const notes = rng.pick(NOTES[type.code] ?? NOTES['other'] ?? ['']);
  const source: OrderSource = SOURCE_OF[type.code] ?? (rng.chance(0.5) ? 'manual' : 'request');
  return {
    key,
    barrio: barrio.name,
    then,
    body: {
      typeCode: type.code,
      location,
      // the street graph has no names: the barrio is what we truly know about the place
      address: `${barrio.name}, Montevideo`,
      accountRef: String(1_000_000 + rng.int(9_000_000)),
      contactName: hasContact ? contactName : null,
      contactPhone: hasContact ? contactPhone : null,
      window,
      source,
      notes,
    },
  };
}

function routineType(rng: Rng, doable: readonly PlanOrderType[]): PlanOrderType | null {
  const routine = doable.filter((t) => !EMERGENCY_CODES.has(t.code) && t.defaultPriority !== 'emergency' && (TYPE_WEIGHT[t.code] ?? 0.5) > 0);
  return routine.length > 0 ? pickWeighted(rng, routine, (t) => TYPE_WEIGHT[t.code] ?? 0.5) : null;
}

function emergencyType(rng: Rng, doable: readonly PlanOrderType[]): PlanOrderType | null {
  const urgent = doable.filter((t) => EMERGENCY_CODES.has(t.code));
  if (urgent.length === 0) return null;
  // a true emergency more often than a leak
  return pickWeighted(rng, urgent, (t) => (t.code === 'emergency' ? 2 : 1));
}

/**
 * The first batch: nothing when any order is open (a restart, or a dispatcher already at work,
 * must never double it), otherwise `count` orders around Montevideo's barrios: a routine mix of
 * the types some crew can do, one emergency left for the dispatcher (the wall map's alert), and
 * about `assignShare` of the rest assigned (half of those also dispatched).
 *
 * @example planInitialBatch({ seed: 1, count: 30, openOrders: 0, types, crews, now: Date.now() }).length // 30
 */
export function planInitialBatch(ctx: OrderPlanContext & { count: number; openOrders: number; assignShare?: number }): PlannedOrder[] {
  if (ctx.count <= 0 || ctx.openOrders > 0) return [];
  const doable = doableTypes(ctx);
  const rng = createRng(`${ctx.seed}:initial-batch`);
  const share = ctx.assignShare ?? 1 / 3;
  const out: PlannedOrder[] = [];
  const emergencyAt = ctx.count > 1 ? 1 + rng.int(ctx.count - 1) : 0;
  // exactly round(share × routine orders) assigned, every other one of them also dispatched
  const routine = Array.from({ length: ctx.count }, (_, i) => i).filter((i) => i !== emergencyAt);
  for (let i = routine.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [routine[i], routine[j]] = [routine[j] as number, routine[i] as number];
  }
  const chosen = routine.slice(0, Math.round(routine.length * share));
  const thenOf = new Map(chosen.map((i, k) => [i, k % 2 === 0 ? ('dispatch' as const) : ('assign' as const)]));
  for (let i = 0; i < ctx.count; i++) {
    const orng = createRng(`${ctx.seed}:initial-batch:${i}`);
    const urgent = i === emergencyAt ? emergencyType(orng, doable) : null;
    const type = urgent ?? routineType(orng, doable);
    if (!type) continue;
    const then: PlannedOrder['then'] = urgent ? 'leave' : (thenOf.get(i) ?? 'leave');
    out.push(planOne(orng, ctx, `initial-${i}`, type, then));
  }
  return out;
}

/**
 * The n-th order of the running trickle: mostly routine, now and then (`emergencyShare`) an
 * emergency or a leak. Routine ones are assigned `assignShare` of the time; emergencies are left
 * for a person first (the workload steps in only if nobody does, see the runner).
 */
export function planTrickleOrder(ctx: OrderPlanContext & { n: number; emergencyShare?: number; assignShare?: number }): PlannedOrder | null {
  const doable = doableTypes(ctx);
  const rng = createRng(`${ctx.seed}:trickle:${ctx.n}`);
  const urgent = rng.chance(ctx.emergencyShare ?? 0.12) ? emergencyType(rng, doable) : null;
  const type = urgent ?? routineType(rng, doable);
  if (!type) return null;
  const then: PlannedOrder['then'] = urgent ? 'leave' : rng.chance(ctx.assignShare ?? 1 / 3) ? 'dispatch' : 'leave';
  return planOne(rng, ctx, `trickle-${ctx.n}`, type, then);
}

/**
 * Seconds until the next trickle order: exponential around 3600 / perHour (a Poisson stream, as
 * calls come in), kept between a fifth and three times the mean so the board never stalls.
 */
export function nextTrickleDelaySeconds(seed: number, n: number, perHour: number): number {
  const mean = 3600 / perHour;
  const u = createRng(`${seed}:trickle-gap:${n}`).next();
  return Math.min(3 * mean, Math.max(0.2 * mean, -Math.log(1 - u) * mean));
}

/** Actors that act for the system, not for a person. */
const SYSTEM_ACTORS = new Set(['geofence']);

/**
 * Whether the workload may still act on an order: it created it and, apart from the system
 * (the geofence), nobody else has touched it. A person's change makes the order theirs for good.
 *
 * @example isOurs([{ actor: 'simulador', action: 'create' }, { actor: 'ana', action: 'assign' }], 'simulador') // false
 */
export function isOurs(events: readonly { actor: string; action: string }[], me: string): boolean {
  const created = events.find((e) => e.action === 'create');
  if (!created || created.actor !== me) return false;
  return events.every((e) => e.actor === me || SYSTEM_ACTORS.has(e.actor));
}

// ── Part 2: simulated crews work their orders ────────────────────────────────────────────────

/** A completion field of an order type (see the order-type contract). */
export interface PlanCompletionField {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'boolean' | 'photo' | 'signature';
  required: boolean;
  pattern?: string | undefined;
}

/** A 1×1 PNG: the smallest image the server accepts as a photo or a signature. */
export const TINY_PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const digits = (rng: Rng, n: number) => Array.from({ length: n }, (_, i) => String(i === 0 ? 1 + rng.int(9) : rng.int(10))).join('');

const FINDINGS = ['Conexión en buen estado.', 'Se ajustaron bornes flojos en la acometida.', 'Medidor funcionando correctamente.', 'Se constató enganche; se retiró y se labró acta.'];
const CAUSES = ['Rama sobre la línea tras el viento.', 'Fusible quemado en el transformador.', 'Conductor cortado por choque de vehículo.', 'Aislador roto en el poste.'];

/** Candidate texts for a field, the likeliest first (tried against its pattern, if it has one). */
function textCandidates(rng: Rng, key: string): string[] {
  const generic = [digits(rng, 8), digits(rng, 6), `A${digits(rng, 7)}`, `ABC-${digits(rng, 6)}`, 'ABC123', 'Sin observaciones', 'OK'];
  if (/serial|serie/.test(key)) return [`${digits(rng, 8)}`, `MED-${digits(rng, 6)}`, ...generic];
  if (/seal|precinto/.test(key)) return [`P${digits(rng, 6)}`, digits(rng, 6), ...generic];
  if (/cause|causa/.test(key)) return [rng.pick(CAUSES), ...generic];
  if (/finding|observ|note/.test(key)) return [rng.pick(FINDINGS), ...generic];
  return generic;
}

/**
 * Plausible values for an order type's completion fields: readings in kWh, serials and seals
 * matching the field's pattern when it has one, a tiny PNG for photos and signatures. Returns
 * `{ missing }` naming a required text field whose pattern none of the candidates matches (the
 * crew then fails the order with that reason instead of sending something the server refuses).
 *
 * @example completionValues(createRng(1), [{ key: 'reading', label: 'Lectura', kind: 'number', required: true }]) // { values: { reading: 18342 } }
 */
export function completionValues(rng: Rng, fields: readonly PlanCompletionField[]): { values: Record<string, string | number | boolean> } | { missing: string } {
  const values: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    if (!f.required && rng.chance(0.3)) continue;
    if (f.kind === 'number') values[f.key] = /reading|lectura/.test(f.key) ? 1000 + rng.int(60_000) : 1 + rng.int(100);
    else if (f.kind === 'boolean') values[f.key] = rng.chance(0.8);
    else if (f.kind === 'photo' || f.kind === 'signature') values[f.key] = TINY_PNG_DATA_URL;
    else {
      let re: RegExp | null = null;
      try {
        re = f.pattern ? new RegExp(f.pattern) : null;
      } catch {
        re = null;
      }
      const value = textCandidates(rng, f.key).find((c) => !re || re.test(c));
      if (value !== undefined) values[f.key] = value;
      else if (f.required) return { missing: f.label };
    }
  }
  return { values };
}

export const FAILURE_REASONS = [
  'Cliente ausente; se dejó aviso de visita.',
  'Sin acceso al medidor (reja cerrada).',
  'Perro suelto en el predio; no se pudo ingresar.',
  'Dirección no encontrada; se pidió confirmar al cliente.',
] as const;

/** Crew actions (the state machine's): a person doing one of them has taken the order over. */
const CREW_ACTIONS = new Set(['acknowledge', 'start_travel', 'arrive', 'undo_arrival', 'complete', 'fail']);

/**
 * Whether a simulated crew may work an order dispatched to it: a dispatcher's decisions (create,
 * assign, dispatch, resequence…) are what the crew follows, whoever made them; but once a person
 * has done a crew action on it (from the crew app), it is theirs.
 *
 * @example crewMayWork([{ actor: 'ana', action: 'dispatch' }], 'simulador') // true
 * @example crewMayWork([{ actor: 'juan', action: 'acknowledge' }], 'simulador') // false
 */
export function crewMayWork(events: readonly { actor: string; action: string }[], me: string): boolean {
  return events.every((e) => !CREW_ACTIONS.has(e.action) || e.actor === me || SYSTEM_ACTORS.has(e.actor));
}
