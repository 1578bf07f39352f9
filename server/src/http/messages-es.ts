/**
 * Spanish (es-UY) for every English message the API shows a person: the contracts' custom zod
 * messages, the domain errors (4xx bodies) and the roster checker's explanations. Applied at the
 * HTTP boundary only when the request asks for Spanish; codes and `field` never change, so
 * clients that branch on them keep working. Wording follows the console (console/src/lib/i18n,
 * console/src/lib/planner/config-form.ts, violation-text.ts) so a message reads the same whether
 * the console checked it first or the server did.
 *
 * An entry is the English text, with `{name}` for what a template puts in, and its Spanish (a
 * template with the same names, or a function of them). `messages-es.test.ts` walks the
 * contracts and the throw sites and fails on any English message without an entry here.
 */

type Values = Record<string, string>;
type Entry = readonly [english: string | RegExp, spanish: string | ((v: Values) => string)];

/** Order actions as a Spanish infinitive phrase that reads before "una orden". */
const ACTION: Record<string, string> = {
  schedule: 'programar',
  assign: 'asignar',
  unassign: 'desasignar',
  dispatch: 'despachar',
  acknowledge: 'dar por recibida',
  start_travel: 'poner en camino',
  arrive: 'marcar la llegada a',
  undo_arrival: 'deshacer la llegada a',
  complete: 'completar',
  fail: 'dar por fallida',
  cancel: 'cancelar',
};
/** Order statuses as adjectives after "una orden" (the board's column names, lower case). */
const ORDER_STATUS: Record<string, string> = {
  new: 'nueva',
  scheduled: 'programada',
  assigned: 'asignada',
  dispatched: 'despachada',
  acknowledged: 'recibida',
  en_route: 'en camino',
  on_site: 'en sitio',
  completed: 'completada',
  failed: 'fallida',
  cancelled: 'cancelada',
};
/** Roster statuses after "está" (the planner's words). */
const ROSTER_STATUS: Record<string, string> = {
  generating: 'generándose',
  draft: 'en borrador',
  published: 'publicado',
  superseded: 'reemplazado',
  failed: 'fallido',
};

// Messages write `start_travel` as "start travel": accept both; unknown words stay as they are.
const word = (table: Record<string, string>, w: string | undefined): string => table[(w ?? '').replace(/ /g, '_')] ?? w ?? '';

/** "2400" minutes as the planner says it: "40 h", "7 h 30 min". */
function hours(min: string | undefined): string {
  const n = Number(min ?? 0);
  const h = Math.floor(n / 60);
  const m = n % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

const ENTRIES: readonly Entry[] = [
  // --- contracts: custom zod messages -------------------------------------------------------
  ['lower-case letters, digits, dot, dash, underscore', 'solo minúsculas, dígitos, punto, guion y guion bajo'],
  ['letters, digits, dot, dash or underscore; no spaces, "/", "+" or "#"', 'letras, dígitos, punto, guion o guion bajo; sin espacios, «/», «+» ni «#»'],
  ['digits, spaces, dashes and an optional leading +', 'dígitos, espacios y guiones, con un + adelante si hace falta'],
  ['a phone number has 6 to 15 digits', 'un teléfono tiene de 6 a 15 dígitos'],
  ['window end must be after its start', 'el fin de la ventana debe ser posterior a su inicio'],
  ['a time looks like 07:30', 'una hora se escribe así: 07:30'],
  ['a colour looks like #1f77b4', 'un color se escribe así: #1f77b4'],
  ['set when the break may start', 'indique desde qué hora puede empezar el descanso'],
  ['set by when the break must start', 'indique hasta qué hora puede empezar el descanso'],
  ['the break must start inside the shift', 'el descanso debe empezar dentro del turno'],
  ['must not be before the earliest start of the break', 'no puede ser antes de la hora desde la que puede empezar el descanso'],
  ['the break must end inside the shift', 'el descanso debe terminar dentro del turno'],
  ['must be at least minMinutesPerWeek', 'debe ser al menos el mínimo de minutos por semana'],
  ['must be at least minConsecutiveShifts', 'debe ser al menos el mínimo de días seguidos de trabajo'],
  ['shift codes must be unique', 'los códigos de turno no se pueden repetir'],
  ['unknown shift code {code}', 'código de turno desconocido: {code}'],
  ['a shift code is needed for on/off requests', 'elija el turno que pide trabajar o no trabajar'],
  // schemas of the edge inside domains (routes, *.schemas.ts)
  ['a roster id looks like RS-000001', 'un cuadrante se identifica así: RS-000001'],
  ['an order id looks like OT-0000123', 'una orden se identifica así: OT-0000123'],
  ['must be an ISO 8601 time', 'debe ser una fecha y hora ISO 8601 (p. ej. 2025-03-01T08:00:00-03:00)'],

  // --- HTTP ------------------------------------------------------------------------------------
  ['sign-in required', 'inicie sesión'],
  ['not allowed for your role', 'su rol no permite esta acción'],
  ['this action needs one of the roles: {roles}', 'esta acción requiere uno de estos roles: {roles}'],
  ['invalid input', 'datos inválidos'],
  ['bad request', 'pedido inválido'],
  ['no route {method} {path}', 'no existe la ruta {method} {path}'],
  ['internal error', 'error interno'],
  ['internal error (request {id})', 'error interno (pedido {id})'],
  ['body larger than {n} bytes', 'el cuerpo del pedido supera los {n} bytes'],
  ['malformed JSON body', 'el cuerpo del pedido no es JSON válido'],
  ['content type {type} is not accepted', 'no se acepta el tipo de contenido {type}'],

  // --- domains ---------------------------------------------------------------------------------
  // not found (`notFound(what)` says "<what> not found")
  ['order {id} not found', 'no existe la orden {id}'],
  ['crew {id} not found', 'no existe la cuadrilla {id}'],
  ['roster {id} not found', 'no existe el cuadrante {id}'],
  ['proposal {id} not found', 'no existe la propuesta {id}'],
  ['shift request {id} not found', 'no existe el pedido de turno {id}'],
  ['device {id} not found', 'no existe el dispositivo {id}'],
  // auth, fleet
  ['wrong username or password', 'usuario o contraseña incorrectos'],
  ['user {name} already exists', 'ya existe el usuario {name}'],
  ['crew {id} already exists', 'ya existe la cuadrilla {id}'],
  ['vehicle {id} already exists', 'ya existe el vehículo {id}'],
  ['device {id} already exists', 'ya existe el dispositivo {id}'],
  ['vehicle {id} already has a device', 'el vehículo {id} ya tiene un dispositivo'],
  ['crew {id} does not exist', 'no existe la cuadrilla {id}'],
  ['vehicle {id} does not exist', 'no existe el vehículo {id}'],
  // work orders and their completion form
  ['unknown or inactive order type {code}', 'tipo de orden desconocido o inactivo: {code}'],
  ['{label} is required', 'el campo «{label}» es obligatorio'],
  ['{label} must be a number', 'el campo «{label}» debe ser un número'],
  ['{label} must be yes or no', 'el campo «{label}» debe ser sí o no'],
  ['{label} must be text', 'el campo «{label}» debe ser texto'],
  ['{label} must be an image', 'el campo «{label}» debe ser una imagen'],
  ['{label} has the wrong format', 'el campo «{label}» no tiene el formato correcto'],
  ['unknown completion fields: {keys}', 'campos de cierre desconocidos: {keys}'],
  ['completion field keys must be unique', 'las claves de los campos de cierre no se pueden repetir'],
  ['pattern of {key} is not a valid regular expression', 'el patrón de {key} no es una expresión regular válida'],
  ['an order is listed twice', 'una orden aparece dos veces'],
  [
    /^the list must hold exactly the crew's open orders(?:; missing (?<missing>.+?))?(?:; not the crew's open orders: (?<foreign>.+))?$/,
    (v) => `la lista debe tener exactamente las órdenes abiertas de la cuadrilla${v['missing'] ? `; faltan ${v['missing']}` : ''}${v['foreign'] ? `; no son órdenes abiertas de la cuadrilla: ${v['foreign']}` : ''}`,
  ],
  ['a crew cannot {action} an order', (v) => `una cuadrilla no puede ${word(ACTION, v['action'])} una orden`],
  ['cannot {action} an order that is {status}', (v) => `no se puede ${word(ACTION, v['action'])} una orden ${word(ORDER_STATUS, v['status'])}`],
  ['this action id was used for another order', 'este id de acción ya se usó para otra orden'],
  ["this order is not your crew's", 'esta orden no es de su cuadrilla'],
  ['order {id} changed (version {version}); reload it', 'la orden {id} cambió (versión {version}); vuelva a cargarla'],
  ['crewId is required to assign', 'para asignar hay que indicar la cuadrilla (crewId)'],
  ['a reason is required to {action}', (v) => `hay que indicar un motivo para ${word(ACTION, v['action'])} la orden`],
  ['crew {id} is on site at {order}: complete or fail it first', 'la cuadrilla {id} está en sitio en {order}: primero complete esa orden o márquela como fallida'],
  // day plan (optimize today)
  ['until must be between 10 minutes and 24 hours from now', 'until debe estar entre 10 minutos y 24 horas desde ahora'],
  ['other optimizations are running; try again in a few seconds', 'hay otras optimizaciones en curso; intente de nuevo en unos segundos'],
  ['unknown crews: {ids}', 'cuadrillas desconocidas: {ids}'],
  [
    '{orders} orders over {crews} crews are more than one plan handles ({places} places): optimize a group of crews',
    '{orders} órdenes en {crews} cuadrillas son más de lo que admite un plan ({places} lugares): optimice un grupo de cuadrillas',
  ],
  ['this proposal is too old to apply; optimize again', 'esta propuesta es demasiado vieja para aplicarla; optimice de nuevo'],
  // board_changed is written in Spanish with the English detail in brackets: the detail too
  ['el tablero cambió; optimizá de nuevo ({detail})', (v) => `el tablero cambió; optimizá de nuevo (${toSpanish(v['detail'] ?? '') ?? v['detail']})`],
  ['changed since the proposal: {ids}', 'cambiaron desde la propuesta: {ids}'],
  ['order {id} is gone', 'la orden {id} ya no está'],
  // shifts and rosters
  ['unknown crew {id}', 'cuadrilla desconocida: {id}'],
  ['unknown shift {code}', 'turno desconocido: {code}'],
  ['crew {id} is listed twice', 'la cuadrilla {id} aparece dos veces'],
  ['crew {id} is not yours', 'la cuadrilla {id} no es suya'],
  ['crew {crew} is not in roster {id}', 'la cuadrilla {crew} no está en el cuadrante {id}'],
  ['{date} is outside the roster ({first} … {last})', '{date} está fuera del cuadrante ({first} … {last})'],
  ['roster {id} is {status}, not generating', (v) => `el cuadrante ${v['id']} está ${word(ROSTER_STATUS, v['status'])}, no generándose`],
  ['roster {id} is {status}: only drafts can be edited', (v) => `el cuadrante ${v['id']} está ${word(ROSTER_STATUS, v['status'])}: solo se pueden editar borradores`],
  ['roster {id} is {status}: only drafts and failed rosters can be deleted', (v) => `el cuadrante ${v['id']} está ${word(ROSTER_STATUS, v['status'])}: solo se pueden borrar borradores y cuadrantes fallidos`],
  ['roster {id} is {status}: only drafts can be published', (v) => `el cuadrante ${v['id']} está ${word(ROSTER_STATUS, v['status'])}: solo se pueden publicar borradores`],
  ['roster {id} has no roster to publish', 'el cuadrante {id} no tiene turnos para publicar'],
  ['roster {id} changed while publishing; try again', 'el cuadrante {id} cambió mientras se publicaba; intente de nuevo'],
  ['must not be before from', 'no puede ser anterior a from'],
  ['at most {n} days from from', 'como máximo {n} días desde from'],
  // replay, tracks
  ['from and to are required (or an orderId)', 'from y to son obligatorios (o un orderId)'],
  ['from must be before to', 'from debe ser anterior a to'],
  ['at most 24 hours per replay', 'como máximo 24 horas por reproducción'],
  ['at most {n} days per request', 'como máximo {n} días por consulta'],

  // --- the roster checker (optimizer/src/roster/roster.checker.ts), as the console says them --
  ['works {shift} on a fixed day off', 'trabaja {shift} en un día libre fijo'],
  ['shift {shift} is not allowed for {crew}', 'el turno {shift} no está permitido para esta cuadrilla'],
  ['shift {shift} worked more than the maximum of {max} times (from this day on)', 'turno {shift} trabajado más del máximo de {max} veces (desde este día)'],
  ['{shift} may not follow {prev} of the previous day', '{shift} no puede seguir a {prev} del día anterior (descanso)'],
  ['works {min} min, above the maximum of {max}', (v) => `trabaja ${hours(v['min'])}, más que el máximo de ${hours(v['max'])}`],
  ['works {min} min, below the minimum of {max}', (v) => `trabaja ${hours(v['min'])}, menos que el mínimo de ${hours(v['max'])}`],
  ['works {n} consecutive days from this day, above the maximum of {max}', '{n} días seguidos de trabajo desde este día (máximo {max})'],
  ['works only {n} consecutive day(s) from this day, below the minimum of {min}', 'solo {n} día(s) seguidos de trabajo desde este día (mínimo {min})'],
  ['only {n} consecutive day(s) off from this day, below the minimum of {min}', 'solo {n} día(s) libres seguidos desde este día (mínimo {min})'],
  ['weekend {n} worked, above the maximum of {max}', 'fin de semana n.º {n} trabajado (máximo {max})'],
  ['"{code}" is not a shift type; treated as a day off', '«{code}» no es un tipo de turno; cuenta como libre'],
  ['roster has {rows} rows but the instance has {staff} staff; missing rows count as all days off', 'el cuadrante tiene {rows} filas para {staff} cuadrillas; las que faltan cuentan como libres todos los días'],
  ['row has {days} days but the horizon is {horizon}; missing days count as off', 'la fila tiene {days} días y el cuadrante {horizon}; los que faltan cuentan como libres'],
  // penalties (the console builds these from their fields; other clients read the message)
  ['{crew} asked to work {shift}', '{crew} pidió trabajar {shift}'],
  ['{crew} asked not to work {shift}', '{crew} pidió no trabajar {shift}'],
  ['{n} on {shift}, {amount} below the requirement of {required}', '{n} en {shift}: faltan {amount} (se requieren {required})'],
  ['{n} on {shift}, {amount} above the requirement of {required}', '{n} en {shift}: sobran {amount} (se requieren {required})'],
];

interface Compiled {
  re: RegExp;
  /** characters of fixed text: more specific patterns are tried first */
  weight: number;
  es: (v: Values) => string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile([en, es]: Entry): Compiled {
  const fill = typeof es === 'function' ? es : (v: Values) => es.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');
  if (en instanceof RegExp) return { re: en, weight: en.source.length, es: fill };
  const parts = en.split(/\{(\w+)\}/);
  const source = parts.map((p, i) => (i % 2 ? `(?<${p}>.*?)` : escape(p))).join('');
  const weight = parts.filter((_, i) => i % 2 === 0).join('').length;
  return { re: new RegExp(`^${source}$`, 's'), weight, es: fill };
}

const EXACT = new Map<string, string>();
const PATTERNS: Compiled[] = [];
for (const e of ENTRIES) {
  if (typeof e[0] === 'string' && !/\{\w+\}/.test(e[0]) && typeof e[1] === 'string') EXACT.set(e[0], e[1]);
  else PATTERNS.push(compile(e));
}
PATTERNS.sort((a, b) => b.weight - a.weight);

function lookUp(message: string): string | null {
  const exact = EXACT.get(message);
  if (exact !== undefined) return exact;
  for (const p of PATTERNS) {
    const m = p.re.exec(message);
    if (m) return p.es({ ...m.groups });
  }
  return null;
}

/**
 * The Spanish of an English API message, or null when the catalog does not know it (the caller
 * then shows the English rather than nothing). A leading field path (`changes.3.date: …`, as
 * validation errors and some domain errors write it) is kept as it is.
 *
 * @example toSpanish('shiftTypes.1.start: a time looks like 07:30') // 'shiftTypes.1.start: una hora se escribe así: 07:30'
 */
export function toSpanish(message: string): string | null {
  const whole = lookUp(message);
  if (whole !== null) return whole;
  const m = /^([\w.[\]]+): (.+)$/s.exec(message);
  if (!m) return null;
  const rest = lookUp(m[2] ?? '');
  return rest === null ? null : `${m[1]}: ${rest}`;
}

/** Every English message the catalog knows exactly (for tests and documentation). */
export const exactEnglish: ReadonlySet<string> = new Set(EXACT.keys());
