import { TRAVEL_TIME_SOURCES, travelTimeTable, type TravelTimeProvider, type TravelTimeSource, type TravelTimeTable } from '../../../../geo/src/index.ts';
import { insertOrder, offerSlots, workingWindows, type CrewPlan, type Point, type SlotOffer, type TravelSeconds } from '../../../../optimizer/src/insertion/index.ts';
import type { CrewSuggestion, WorkOrder } from '../../contracts/index.ts';
import { badRequest, notFound } from '../../errors.ts';
import type { LiveState } from '../../infra/live-state.ts';
import { etaNowTo, haversine } from './distance.ts';
import type { FieldRepository } from './field.repository.ts';

/**
 * Advice for dispatchers and customer care, read-only: which crew for an order (suggestions,
 * with pre-emption) and which appointment windows to offer. Uses the optimizer's insertion
 * engine over the crews' current plans.
 */
export class DispatchAdviceService {
  constructor(
    private readonly repo: FieldRepository,
    private readonly live: LiveState,
    private readonly travel: TravelTimeProvider,
    /** live positions older than this are not trusted for ETAs (shown as stale) */
    private readonly positionValidSeconds: number,
  ) {}

  /**
   * Capable crews ranked for an order: travel time from the live position (or, when that is
   * older than the validity window, flagged stale; or the home base), both "now, pre-empting the
   * current job" and "after the current job", and the current workload.
   */
  async suggestions(id: string): Promise<CrewSuggestion[]> {
    const order = await this.repo.find(id);
    if (!order) throw notFound(`order ${id}`);
    const [types, crews, active, latest] = await Promise.all([this.repo.orderTypes(), this.repo.crews(), this.repo.activeOrders(), this.live.all()]);
    const typeOf = new Map(types.map((t) => [t.code, t]));
    const type = typeOf.get(order.typeCode);
    const now = Date.now();
    const byVehicle = new Map(latest.map((e) => [e.live.vehicleId, e]));
    const activeByCrew = new Map<string, WorkOrder[]>();
    for (const o of active) if (o.crewId && o.id !== order.id) activeByCrew.set(o.crewId, [...(activeByCrew.get(o.crewId) ?? []), o]);
    const currentOf = (crewId: string) => {
      const list = activeByCrew.get(crewId) ?? [];
      return list.find((o) => o.status === 'on_site') ?? list.find((o) => o.status === 'en_route') ?? list.find((o) => o.status === 'acknowledged' || o.status === 'dispatched') ?? null;
    };
    const currents = crews.map((c) => currentOf(c.id));
    const since = await this.repo.lastTransitionAt(currents.filter((o): o is WorkOrder => !!o).map((o) => o.id));

    const origins = crews.map((c) => {
      const e = c.vehicleId ? byVehicle.get(c.vehicleId) : undefined;
      if (e) {
        const age = (now - e.fixMs) / 1000;
        return { lat: e.live.lat, lon: e.live.lon, from: age <= this.positionValidSeconds ? ('live' as const) : ('stale' as const), age };
      }
      if (c.homeLat !== null && c.homeLon !== null) return { lat: c.homeLat, lon: c.homeLon, from: 'home_base' as const, age: null };
      return null;
    });
    const points = [...origins.filter((o): o is NonNullable<typeof o> => !!o), ...currents.filter((o): o is WorkOrder => !!o)];

    // "After the current job" comes from the online insertion engine: the crew's remaining
    // route in sequence, appointments kept, at the provider's travel times.
    const nowS = now / 1000;
    const plans: CrewPlan[] = [];
    crews.forEach((c, i) => {
      const origin = origins[i];
      if (!origin) return;
      const current = currents[i] ?? null;
      const ct = current ? typeOf.get(current.typeCode) : undefined;
      const duration = (ct?.durationMinutes ?? 30) * 60;
      const started = current ? (since.get(current.id)?.getTime() ?? now) : now;
      const remaining = !current ? 0 : current.status === 'on_site' ? Math.max(300, duration - (now - started) / 1000) : etaNowTo(current, origin) + duration;
      plans.push({
        crewId: c.id,
        position: origin,
        busyUntil: nowS + remaining,
        freeAt: current ?? origin,
        currentOrderId: current?.id ?? null,
        route: (activeByCrew.get(c.id) ?? [])
          .filter((o) => o.id !== current?.id)
          .map((o) => ({
            orderId: o.id,
            at: o,
            serviceSeconds: (typeOf.get(o.typeCode)?.durationMinutes ?? 30) * 60,
            earliestStart: o.windowStart ? Date.parse(o.windowStart) / 1000 : undefined,
            latestStart: o.windowEnd ? Date.parse(o.windowEnd) / 1000 : undefined,
          })),
        shiftEnd: nowS + 24 * 3600, // shifts arrive with the roster (issue 4); until then a day
        skills: c.skills,
        equipment: c.equipment,
        available: c.availability !== 'off',
      });
    });
    // Every crew → the order in one matrix (one table request to a routing engine, which knows
    // one-way streets; one search on the undirected street graph), plus what the insertion asks.
    const lookup = await insertionTravel(this.travel, order, points, plans);
    const timeOf = new Map<object, { seconds: number; source: TravelTimeSource | null }>();
    points.forEach((p, i) => timeOf.set(p, { seconds: lookup.toTarget.seconds[i] ?? Number.NaN, source: TRAVEL_TIME_SOURCES[lookup.toTarget.source[i] ?? 255] ?? null }));
    const inserted = insertOrder({
      order: {
        orderId: order.id,
        at: order,
        serviceSeconds: (type?.durationMinutes ?? 30) * 60,
        priority: order.priority,
        requiredSkills: [],
        requiredEquipment: [],
        earliestStart: order.windowStart ? Date.parse(order.windowStart) / 1000 : undefined,
        latestStart: order.windowEnd ? Date.parse(order.windowEnd) / 1000 : undefined,
      },
      crews: plans,
      now: nowS,
      travel: lookup.travel,
    });
    const afterOf = new Map(inserted.filter((o) => o.kind === 'after' && o.feasible).map((o) => [o.crewId, o]));

    const out: CrewSuggestion[] = crews.map((c, i) => {
      const missing = {
        skills: (type?.requiredSkills ?? []).filter((s) => !c.skills.includes(s)),
        equipment: (type?.requiredEquipment ?? []).filter((s) => !c.equipment.includes(s)),
      };
      const capable = missing.skills.length === 0 && missing.equipment.length === 0;
      const origin = origins[i] ?? null;
      const current = currents[i] ?? null;
      const travel = origin ? timeOf.get(origin) : undefined;
      const etaNow = origin ? Math.round(travel?.seconds ?? Number.NaN) : null;
      const after = afterOf.get(c.id);
      const etaAfter = after && after.feasible ? Math.round(after.arrival - nowS) : current ? null : etaNow;
      const open = (activeByCrew.get(c.id) ?? []).length;
      const penalty =
        (capable ? 0 : 1e7) +
        (origin === null ? 1e6 : origin.from === 'stale' ? 600 : origin.from === 'home_base' ? 900 : 0) +
        (c.availability === 'off' ? 1e6 : c.availability === 'break' ? 900 : 0) +
        open * 600;
      const eta = (order.priority === 'emergency' ? etaNow : etaAfter) ?? 1e6;
      const distanceM = origin ? Math.round(haversine(origin, order)) : null;
      return {
        crewId: c.id,
        crewName: c.name,
        vehicleId: c.vehicleId,
        capable,
        missing,
        // a crew marked available but working on or heading to a job is busy for the dispatcher
        availability: c.availability === 'available' && current ? 'busy' : c.availability,
        from: origin?.from ?? 'none',
        positionAgeSeconds: origin?.age === null || origin === null ? null : Math.round(origin.age),
        etaNowSeconds: etaNow,
        etaAfterCurrentSeconds: etaAfter,
        etaSource: travel?.source ?? null,
        etaFallback: !!travel?.source && !!this.travel.name && travel.source !== this.travel.name,
        distanceM,
        currentOrderId: current?.id ?? null,
        openOrders: open,
        score: Math.round(penalty + eta),
      };
    });
    return out.sort((a, b) => a.score - b.score || a.crewId.localeCompare(b.crewId));
  }

  /**
   * Appointment slots (two-hour windows over the next working days) for a new order of a type at
   * a place, consistent with the crews' current plans (customer care and the customer portal).
   */
  async appointmentSlots(input: { typeCode: string; location: { lat: number; lon: number }; days: number }): Promise<(Omit<SlotOffer, 'start' | 'end'> & { start: string; end: string })[]> {
    const [types, crews, active] = await Promise.all([this.repo.orderTypes(), this.repo.crews(), this.repo.activeOrders()]);
    const type = types.find((t) => t.code === input.typeCode && t.active);
    if (!type) throw badRequest(`unknown or inactive order type ${input.typeCode}`, 'typeCode');
    const now = Date.now() / 1000;
    const typeOf = new Map(types.map((t) => [t.code, t]));
    const capable = crews.filter((c) => c.availability !== 'off' && type.requiredSkills.every((k) => c.skills.includes(k)) && type.requiredEquipment.every((k) => c.equipment.includes(k)));
    const plans: CrewPlan[] = capable.map((c) => {
      const base = c.homeLat !== null && c.homeLon !== null ? { lat: c.homeLat, lon: c.homeLon } : input.location;
      return {
        crewId: c.id,
        position: base,
        busyUntil: now,
        freeAt: base,
        currentOrderId: null,
        route: active
          .filter((o) => o.crewId === c.id)
          .map((o) => ({
            orderId: o.id,
            at: o,
            serviceSeconds: (typeOf.get(o.typeCode)?.durationMinutes ?? 30) * 60,
            earliestStart: o.windowStart ? Date.parse(o.windowStart) / 1000 : undefined,
            latestStart: o.windowEnd ? Date.parse(o.windowEnd) / 1000 : undefined,
          })),
        shiftEnd: now,
        skills: c.skills,
        equipment: c.equipment,
        available: true,
      };
    });
    const lookup = await insertionTravel(this.travel, input.location, [], plans);
    const offers = offerSlots({
      order: { orderId: 'new', at: input.location, serviceSeconds: type.durationMinutes * 60, priority: type.defaultPriority, requiredSkills: [], requiredEquipment: [] },
      crews: plans,
      windows: workingWindows({ now, days: input.days, utcOffsetMinutes: -180 }),
      now,
      travel: lookup.travel,
      resolveBy: now + type.resolutionMinutes * 60,
    });
    return offers.map((o) => ({ ...o, start: new Date(o.start * 1000).toISOString(), end: new Date(o.end * 1000).toISOString() }));
  }
}

const keyOf = (p: Point) => `${p.lat},${p.lon}`;

/**
 * Travel seconds for what the insertion engine asks about. With a routing engine
 * (`matrixCheap`), from it in at most three matrices run together: every place → the target
 * (the first `first.length` rows are returned as `toTarget`, for ETAs), the target → every
 * planned stop, and the planned legs (start → first stop, stop → stop); the legs come from the
 * engine's cache after the first call, as plans change slowly. On the local street graph a leg
 * matrix is one search per row (150 legs ≈ 1.3 s on the dev box), so only `first` → target is
 * searched (one search) and the insertion keeps the straight-line estimate, unbiased by mixing.
 */
async function insertionTravel(provider: TravelTimeProvider, target: Point, first: Point[], plans: readonly CrewPlan[]): Promise<{ travel: TravelSeconds; toTarget: TravelTimeTable }> {
  const t = { lat: target.lat, lon: target.lon };
  if (!provider.matrixCheap) {
    const toTarget = first.length ? await travelTimeTable(provider, first.map((p) => ({ lat: p.lat, lon: p.lon })), [t]) : { seconds: new Float64Array(), source: new Uint8Array() };
    return { travel: (a, b) => etaNowTo(b, a), toTarget };
  }
  const dedupe = (ps: Point[]) => [...new Map(ps.map((p) => [keyOf(p), { lat: p.lat, lon: p.lon }])).values()];
  const stops = dedupe(plans.flatMap((c) => c.route.map((r) => r.at)));
  const firstPts = first.map((p) => ({ lat: p.lat, lon: p.lon }));
  const firstKeys = new Set(firstPts.map(keyOf));
  const toTargetPts = [...firstPts, ...dedupe([...plans.flatMap((c) => [c.position, c.freeAt]), ...stops]).filter((p) => !firstKeys.has(keyOf(p)))];
  const legs = plans.flatMap((c) => c.route.map((r, i) => [i === 0 ? c.freeAt : c.route[i - 1]!.at, r.at] as const));
  const legFrom = dedupe(legs.map(([a]) => a));
  const legTo = dedupe(legs.map(([, b]) => b));
  const empty: TravelTimeTable = { seconds: new Float64Array(), source: new Uint8Array() };
  const [toTarget, fromTarget, legTable] = await Promise.all([
    toTargetPts.length ? travelTimeTable(provider, toTargetPts, [t]) : empty,
    stops.length ? travelTimeTable(provider, [t], stops) : empty,
    legs.length ? travelTimeTable(provider, legFrom, legTo) : empty,
  ]);
  const known = new Map<string, number>();
  const put = (a: Point, b: Point, v: number | undefined) => {
    if (v !== undefined && Number.isFinite(v)) known.set(`${keyOf(a)}>${keyOf(b)}`, v);
  };
  toTargetPts.forEach((p, i) => put(p, t, toTarget.seconds[i]));
  stops.forEach((p, j) => put(t, p, fromTarget.seconds[j]));
  legFrom.forEach((a, i) => legTo.forEach((b, j) => put(a, b, legTable.seconds[i * legTo.length + j])));
  return {
    travel: (a, b) => known.get(`${keyOf(a)}>${keyOf(b)}`) ?? etaNowTo(b, a),
    toTarget: { seconds: toTarget.seconds.slice(0, firstPts.length), source: toTarget.source.slice(0, firstPts.length) },
  };
}
