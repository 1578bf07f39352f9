/**
 * npm run bench:insert — online insertion latency with 1,000 crews and 10,000 open orders
 * (10 per crew) in Montevideo, travel times straight line × 1.3 at 30 km/h (what the live
 * dispatch path uses per request). Prints p50/p99 over many new orders, half of them emergencies.
 *   --crews N (1000)  --orders N (10000)  --runs N (500)
 */
import { insertOrder, type CrewPlan, type NewOrder, type Point } from '../optimizer/src/insertion/index.ts';
import { createRng } from '../optimizer/src/vrptw/index.ts';
import { numberOption } from './lib/args.ts';
import { percentile } from './lib/fleet.ts';

const CREWS = numberOption('crews', 1000);
const ORDERS = numberOption('orders', 10_000);
const RUNS = numberOption('runs', 500);

const rng = createRng(42);
const inMontevideo = (): Point => ({ lat: -34.92 + rng() * 0.12, lon: -56.28 + rng() * 0.2 });
const R = Math.PI / 180;
const travel = (a: Point, b: Point) => {
  const h = Math.sin(((b.lat - a.lat) * R) / 2) ** 2 + Math.cos(a.lat * R) * Math.cos(b.lat * R) * Math.sin(((b.lon - a.lon) * R) / 2) ** 2;
  return (2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h))) * 1.3) / (30 / 3.6);
};
const now = 1_795_900_000;
const perCrew = Math.floor(ORDERS / CREWS);
const crews: CrewPlan[] = Array.from({ length: CREWS }, (_, i) => {
  const position = inMontevideo();
  const busy = rng() < 0.6;
  return {
    crewId: `c${i}`,
    position,
    busyUntil: busy ? now + Math.floor(rng() * 3600) : now,
    freeAt: position,
    currentOrderId: busy ? `cur${i}` : null,
    route: Array.from({ length: perCrew }, (_, k) => ({
      orderId: `o${i}-${k}`,
      at: inMontevideo(),
      serviceSeconds: 900 + Math.floor(rng() * 2700),
      ...(rng() < 0.3 ? { latestStart: now + 3600 * (1 + k) } : {}),
    })),
    shiftEnd: now + 10 * 3600,
    skills: rng() < 0.8 ? ['cut', 'emergency'] : ['cut'],
    equipment: rng() < 0.5 ? ['bucket_truck'] : [],
    available: rng() < 0.95,
  };
});

const times: number[] = [];
let feasible = 0;
for (let r = 0; r < RUNS; r++) {
  const emergency = r % 2 === 0;
  const order: NewOrder = {
    orderId: `new${r}`,
    at: inMontevideo(),
    serviceSeconds: 3600,
    priority: emergency ? 'emergency' : 'normal',
    requiredSkills: emergency ? ['emergency'] : ['cut'],
    requiredEquipment: emergency ? ['bucket_truck'] : [],
  };
  const t0 = performance.now();
  const ranked = insertOrder({ order, crews, now, travel, limit: 20 });
  times.push(performance.now() - t0);
  if (ranked[0]?.feasible) feasible++;
}
times.sort((a, b) => a - b);
const f = (v: number) => Math.round(v * 100) / 100;
console.log(`${RUNS} insertions into ${CREWS} crews / ${CREWS * perCrew} planned orders: p50 ${f(percentile(times, 50))} ms, p99 ${f(percentile(times, 99))} ms, max ${f(times.at(-1) ?? 0)} ms; ${feasible} placed`);
console.log(JSON.stringify({ bench: 'insert', p50_ms: f(percentile(times, 50)), p99_ms: f(percentile(times, 99)), crews: CREWS, orders: CREWS * perCrew }));
