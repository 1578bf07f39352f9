/**
 * npm run bench:day-plan — "Optimize today" at utility scale: 50 crews and 400 open orders in
 * Montevideo (defaults), travel times on the OSM street graph. The "before" plan is what a
 * dispatcher does by hand: each assigned order on the nearest crew (straight line), in the
 * order it came in; a third of the orders still unassigned. Prints the matrix and solve time
 * and the before/after figures of the proposal (the same code the server runs, minus the HTTP
 * and the worker thread), checked by the independent plan checker.
 *   --crews N (50)  --orders N (400)  --seconds N (5)  --seed N (1)
 *   --break-minutes N (0): every crew takes a break of N minutes starting between 12:00 and 14:00
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStreetGraph, NetworkTravelTimeProvider } from '../geo/src/index.ts';
import { checkPlan, createRng, solveVrptw } from '../optimizer/src/vrptw/index.ts';
import type { OrderType, WorkOrder } from '../server/src/contracts/index.ts';
import { buildProblem, comparePlans, crewStarts, scopeDayPlan, type DayPlanCrewInput } from '../server/src/domains/field/day-plan.problem.ts';
import { haversine } from '../server/src/domains/field/distance.ts';
import { numberOption } from './lib/args.ts';

const CREWS = numberOption('crews', 50);
const ORDERS = numberOption('orders', 400);
const SECONDS = numberOption('seconds', 5);
const SEED = numberOption('seed', 1);
const BREAK_MINUTES = numberOption('break-minutes', 0, { min: 0 });

const rng = createRng(SEED);
// the urban part of Montevideo covered by the street graph
const somewhere = () => ({ lat: -34.91 + (rng() - 0.5) * 0.09, lon: -56.17 + (rng() - 0.5) * 0.2 });
const now = Math.floor(Date.parse('2026-11-30T11:00:00Z') / 1000); // Monday 08:00 in Montevideo
const iso = (s: number) => new Date(s * 1000).toISOString();

const types: OrderType[] = [
  { code: 'cut', name: 'Corte', defaultPriority: 'normal', responseMinutes: 1440, resolutionMinutes: 4320, requiredSkills: ['cut'], requiredEquipment: [], durationMinutes: 30, completionFields: [], active: true },
  { code: 'meter_change', name: 'Cambio de medidor', defaultPriority: 'normal', responseMinutes: 2880, resolutionMinutes: 10080, requiredSkills: ['metering'], requiredEquipment: ['ladder'], durationMinutes: 60, completionFields: [], active: true },
  { code: 'reconnection', name: 'Reconexión', defaultPriority: 'high', responseMinutes: 240, resolutionMinutes: 1440, requiredSkills: ['cut'], requiredEquipment: [], durationMinutes: 30, completionFields: [], active: true },
  { code: 'emergency', name: 'Emergencia', defaultPriority: 'emergency', responseMinutes: 30, resolutionMinutes: 240, requiredSkills: ['emergency'], requiredEquipment: ['bucket_truck'], durationMinutes: 60, completionFields: [], active: true },
];
const typeOf = new Map(types.map((t) => [t.code, t]));

const crews: DayPlanCrewInput[] = Array.from({ length: CREWS }, (_, i) => {
  const at = somewhere();
  const emergency = rng() < 0.3;
  return {
    id: `c${i}`,
    name: `Cuadrilla ${i}`,
    skills: ['cut', ...(rng() < 0.6 ? ['metering'] : []), ...(emergency ? ['emergency'] : [])],
    equipment: [...(rng() < 0.7 ? ['ladder'] : []), ...(emergency ? ['bucket_truck'] : [])],
    availability: 'available',
    start: at,
    startFrom: 'live',
    home: at,
    shift: { start: now, end: now + 9 * 3600 },
    // lunch between 12:00 and 14:00 (the day starts at 08:00)
    breakWindow: BREAK_MINUTES > 0 ? { earliest: now + 4 * 3600, latest: now + 6 * 3600, minutes: BREAK_MINUTES } : null,
  };
});

const orders: WorkOrder[] = [];
const seqOf = new Map<string, number>();
for (let k = 0; k < ORDERS; k++) {
  const at = somewhere();
  const x = rng();
  const typeCode = x < 0.02 ? 'emergency' : x < 0.2 ? 'reconnection' : x < 0.5 ? 'meter_change' : 'cut';
  const type = typeOf.get(typeCode)!;
  const appointment = typeCode === 'meter_change' && rng() < 0.5;
  const slot = now + 3600 * Math.floor(rng() * 7);
  // by hand: the nearest crew that can do it, in arrival order, for two thirds of the work
  let crewId: string | null = null;
  if (typeCode !== 'emergency' && rng() < 0.67) {
    let best = Infinity;
    for (const c of crews) {
      if (!type.requiredSkills.every((s) => c.skills.includes(s)) || !type.requiredEquipment.every((e) => c.equipment.includes(e))) continue;
      const d = haversine(c.start!, at);
      if (d < best) {
        best = d;
        crewId = c.id;
      }
    }
  }
  const sequence = crewId ? (seqOf.get(crewId) ?? 0) + 1 : null;
  if (crewId) seqOf.set(crewId, sequence!);
  orders.push({
    id: `OT-${String(k + 1).padStart(7, '0')}`,
    typeCode,
    typeName: type.name,
    status: crewId ? 'assigned' : appointment ? 'scheduled' : 'new',
    priority: type.defaultPriority,
    lat: at.lat,
    lon: at.lon,
    address: '',
    accountRef: null,
    windowStart: appointment ? iso(slot) : null,
    windowEnd: appointment ? iso(slot + 7200) : null,
    source: 'manual',
    notes: '',
    crewId,
    sequence,
    respondBy: iso(now + type.responseMinutes * 60),
    resolveBy: iso(now + type.resolutionMinutes * 60),
    completion: null,
    failureReason: null,
    version: 1,
    createdAt: iso(now - 3600),
    updatedAt: iso(now - 3600),
  });
}

const graph = loadStreetGraph(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'geo', 'data', 'montevideo-drive-graph.osm.json'), 'utf8')));
const provider = new NetworkTravelTimeProvider({ graph, peakHours: null });
const scope = scopeDayPlan({ now, crews, orders, types, since: new Map(), horizonEnd: now + 9 * 3600 });
let t0 = performance.now();
const seconds = await provider.matrix(scope.points, scope.points);
const matrixSeconds = (performance.now() - t0) / 1000;
const tt = { n: scope.points.length, seconds };
const starts = crewStarts(scope, tt, types);
const problem = buildProblem(scope, tt, starts);
t0 = performance.now();
const plan = solveVrptw(problem, { seed: SEED, timeLimitSeconds: SECONDS, objective: 'distance' });
const solveSeconds = (performance.now() - t0) / 1000;
const check = checkPlan(problem, plan);
const cmp = comparePlans(scope, tt, starts, plan);
const h = (s: number) => Math.round((s / 3600) * 100) / 100;
const improvement = Math.round((1 - cmp.after.travelSeconds / cmp.before.travelSeconds) * 1000) / 10;
const reasons: Record<string, number> = {};
for (const u of cmp.unassigned) reasons[u.reason] = (reasons[u.reason] ?? 0) + 1;

console.log(`day plan: ${CREWS} crews, ${ORDERS} orders (${scope.points.length} places), ${SECONDS} s budget, seed ${SEED}${BREAK_MINUTES > 0 ? `, ${BREAK_MINUTES}-min break 12:00–14:00` : ''}`);
console.log(`  travel matrix (street graph) ${matrixSeconds.toFixed(2)} s; solve ${solveSeconds.toFixed(2)} s, ${plan.iterations} iterations; checker: ${check.feasible ? 'feasible' : check.errors.slice(0, 3).join('; ')}`);
console.log(`  travel      ${h(cmp.before.travelSeconds)} h → ${h(cmp.after.travelSeconds)} h (${improvement > 0 ? '−' : '+'}${Math.abs(improvement)} %)`);
console.log(`  lateness    ${Math.round(cmp.before.lateSeconds / 60)} min → ${Math.round(cmp.after.lateSeconds / 60)} min`);
console.log(`  assigned    ${cmp.before.assigned} → ${cmp.after.assigned}; unassigned ${cmp.before.unassigned} → ${cmp.after.unassigned} ${JSON.stringify(reasons)}`);
if (BREAK_MINUTES > 0) console.log(`  breaks placed ${cmp.crews.filter((c) => c.break).length} (crews with work ${plan.routes.length})`);
console.log(`  emergencies served ${orders.filter((o) => o.priority === 'emergency' && !cmp.unassigned.some((u) => u.orderId === o.id)).length} of ${orders.filter((o) => o.priority === 'emergency').length}; orders changing crew or place ${cmp.changedOrders}`);
console.log(
  JSON.stringify({
    bench: 'day_plan',
    crews: CREWS,
    orders: ORDERS,
    break_minutes: BREAK_MINUTES,
    iterations: plan.iterations,
    matrix_seconds: Math.round(matrixSeconds * 100) / 100,
    solve_seconds: Math.round(solveSeconds * 100) / 100,
    feasible: check.feasible,
    travel_before_h: h(cmp.before.travelSeconds),
    travel_after_h: h(cmp.after.travelSeconds),
    travel_improvement_pct: improvement,
    late_before_min: Math.round(cmp.before.lateSeconds / 60),
    late_after_min: Math.round(cmp.after.lateSeconds / 60),
    assigned_before: cmp.before.assigned,
    assigned_after: cmp.after.assigned,
    unassigned_after: cmp.after.unassigned,
  }),
);
