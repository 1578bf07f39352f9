import { describe, expect, it } from 'vitest';
import { insertOrder, type CrewPlan, type NewOrder, type Point } from './insertion.ts';

// Points on a line: 1 unit of longitude = 100 s of travel (travel = |Δlon| × 100), so every
// expected number below can be checked by hand.
const P = (x: number): Point => ({ lat: 0, lon: x });
const travel = (a: Point, b: Point) => Math.abs(a.lon - b.lon) * 100;
const NOW = 1_000_000;

const crew = (id: string, over: Partial<CrewPlan> = {}): CrewPlan => ({
  crewId: id,
  position: P(0),
  busyUntil: NOW,
  freeAt: P(0),
  currentOrderId: null,
  route: [],
  shiftEnd: NOW + 8 * 3600,
  skills: ['cut', 'emergency'],
  equipment: [],
  available: true,
  ...over,
});
const order = (over: Partial<NewOrder> = {}): NewOrder => ({
  orderId: 'new',
  at: P(5),
  serviceSeconds: 600,
  priority: 'normal',
  requiredSkills: ['cut'],
  requiredEquipment: [],
  ...over,
});

describe('online insertion', () => {
  it('puts the order where it adds least travel, as brute force over every position says', () => {
    const c = crew('a', { route: [{ orderId: 'r1', at: P(2), serviceSeconds: 300 }, { orderId: 'r2', at: P(8), serviceSeconds: 300 }, { orderId: 'r3', at: P(10), serviceSeconds: 300 }] });
    const [best] = insertOrder({ order: order(), crews: [c], now: NOW, travel });
    // brute force: added travel of inserting at 5 between consecutive points (0)-2-8-10
    const pts = [0, 2, 8, 10];
    const added = [0, 1, 2, 3].map((p) => (p < 3 ? Math.abs((pts[p] ?? 0) - 5) + Math.abs(5 - (pts[p + 1] ?? 0)) - Math.abs((pts[p + 1] ?? 0) - (pts[p] ?? 0)) : Math.abs(10 - 5)) * 100);
    const bestP = added.indexOf(Math.min(...added));
    expect(best).toMatchObject({ crewId: 'a', kind: 'after', feasible: true, position: bestP, addedTravel: added[bestP] });
    // between r1 (at 2) and r2 (at 8) adds nothing; arrival: 200 to r1 + 300 work + 300 on = 800 s
    expect(bestP).toBe(1);
    expect(best?.feasible && best.arrival).toBe(NOW + 800);
  });

  it('offers pre-emption for a crew in a job, and ranks an emergency by arrival', () => {
    const busy = crew('busy', { position: P(4), freeAt: P(4), busyUntil: NOW + 3000, currentOrderId: 'job' });
    const far = crew('far', { position: P(20), freeAt: P(20) });
    const opts = insertOrder({ order: order({ priority: 'emergency' }), crews: [busy, far], now: NOW, travel });
    expect(opts[0]).toMatchObject({ crewId: 'busy', kind: 'preempt', feasible: true, arrival: NOW + 100 });
    const after = opts.find((o) => o.crewId === 'busy' && o.kind === 'after');
    expect(after?.feasible && after.arrival).toBe(NOW + 3000 + 100);
    const farOpt = opts.find((o) => o.crewId === 'far');
    expect(farOpt?.feasible && farOpt.arrival).toBe(NOW + 1500);
  });

  it('reports the stops an insertion would make late', () => {
    const c = crew('a', { route: [{ orderId: 'appt', at: P(1), serviceSeconds: 300, latestStart: NOW + 150 }] });
    const preemptless = insertOrder({ order: order({ at: P(0.5) }), crews: [c], now: NOW, travel });
    const first = preemptless[0];
    // before the appointment it makes it late (50 + 600 + 50 > 150); after it, nothing breaks
    expect(first).toMatchObject({ feasible: true, position: 1, breaks: [] });
  });

  it('says why a crew cannot take it', () => {
    const opts = insertOrder({
      order: order({ requiredSkills: ['emergency'], requiredEquipment: ['bucket_truck'], latestStart: NOW + 50 }),
      crews: [crew('noskill', { skills: [] }), crew('notruck'), crew('off', { available: false, equipment: ['bucket_truck'] }), crew('late', { equipment: ['bucket_truck'] }), crew('ends', { equipment: ['bucket_truck'], shiftEnd: NOW + 100 })],
      now: NOW,
      travel,
    });
    const reason = (id: string) => {
      const o = opts.find((x) => x.crewId === id);
      return o && !o.feasible ? o.reason : 'feasible';
    };
    expect([reason('noskill'), reason('notruck'), reason('off'), reason('late')]).toEqual(['missing_skill', 'missing_equipment', 'unavailable', 'window']);
    const ok = insertOrder({ order: order({ requiredSkills: [] }), crews: [crew('ends', { shiftEnd: NOW + 100 })], now: NOW, travel });
    expect(ok[0]).toMatchObject({ feasible: false, reason: 'shift_end' });
  });

  it('is deterministic', () => {
    const crews = Array.from({ length: 30 }, (_, i) => crew(`c${i}`, { position: P(i % 7), freeAt: P(i % 7), route: [{ orderId: `s${i}`, at: P((i * 3) % 11), serviceSeconds: 600 }] }));
    const a = insertOrder({ order: order(), crews, now: NOW, travel });
    const b = insertOrder({ order: order(), crews: [...crews].reverse(), now: NOW, travel });
    expect(b).toEqual(a);
  });
});
