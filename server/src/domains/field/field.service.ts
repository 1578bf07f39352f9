import type { TravelTimeProvider } from '../../../../geo/src/index.ts';
import { insertOrder, offerSlots, workingWindows, type CrewPlan, type SlotOffer } from '../../../../optimizer/src/insertion/index.ts';
import type { CompletionField, CrewPatch, CrewSuggestion, OrderActionInput, OrderEvent, OrderListQuery, OrderType, OrderTypeInput, WorkOrder, WorkOrderInput } from '../../contracts/index.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors.ts';
import type { LiveState } from '../../infra/live-state.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/auth.service.ts';
import type { FieldRepository } from './field.repository.ts';
import { CREW_ACTIONS, FINAL_STATUSES, nextStatus, type OrderAction, type OrderStatus } from './work-order.state.ts';

/** Tells a crew's vehicle terminal about its orders (MQTT `vatio/v1/crews/{crewId}/orders`). */
export type CrewNotifier = (crewId: string, message: { type: 'order.updated'; order: WorkOrder }) => Promise<void>;

const DISPATCH_ROLES = ['admin', 'dispatcher'] as const;
const READ_ALL_ROLES = ['admin', 'dispatcher', 'supervisor', 'planner'] as const;

/**
 * Work orders: the catalogue of order types (configuration), creation, the lifecycle through
 * the state machine with an event row for every change, and who may do what: a dispatcher acts
 * on every order, a crew only on its own and only with crew actions (enforced here, not only
 * in the UI).
 */
export class FieldService {
  private notifyCrew: CrewNotifier = async () => undefined;

  constructor(
    private readonly repo: FieldRepository,
    private readonly audit: AuditService,
    private readonly live: LiveState,
    private readonly travel: TravelTimeProvider,
    /** live positions older than this are not trusted for ETAs (shown as stale) */
    private readonly positionValidSeconds: number,
    private readonly arrivalRadiusM = 75,
  ) {}

  setCrewNotifier(n: CrewNotifier): void {
    this.notifyCrew = n;
  }

  orderTypes(): Promise<OrderType[]> {
    return this.repo.orderTypes();
  }

  async saveOrderType(actor: Actor, code: string, input: OrderTypeInput): Promise<OrderType> {
    const keys = input.completionFields.map((f) => f.key);
    if (new Set(keys).size !== keys.length) throw badRequest('completion field keys must be unique', 'completionFields');
    for (const f of input.completionFields) {
      if (f.pattern !== undefined) {
        try {
          new RegExp(f.pattern);
        } catch {
          throw badRequest(`pattern of ${f.key} is not a valid regular expression`, 'completionFields');
        }
      }
    }
    const { before } = await this.repo.upsertOrderType(code, input);
    const after = { code, ...input };
    await this.audit.record(actor, { action: before ? 'order_type.update' : 'order_type.create', entity: 'order_type', entityId: code, before, after });
    return after;
  }

  async create(actor: Actor, input: WorkOrderInput): Promise<WorkOrder> {
    const type = (await this.repo.orderTypes()).find((t) => t.code === input.typeCode && t.active);
    if (!type) throw badRequest(`unknown or inactive order type ${input.typeCode}`, 'typeCode');
    const now = Date.now();
    const status: OrderStatus = input.window ? 'scheduled' : 'new';
    const { order, event } = await this.repo.tx(async (q) => {
      const id = await this.repo.insertOrder(q, {
        typeCode: type.code,
        status,
        priority: input.priority ?? type.defaultPriority,
        lat: input.location.lat,
        lon: input.location.lon,
        address: input.address,
        accountRef: input.accountRef ?? null,
        windowStart: input.window?.start ?? null,
        windowEnd: input.window?.end ?? null,
        source: input.source,
        notes: input.notes,
        respondBy: new Date(now + type.responseMinutes * 60_000),
        resolveBy: new Date(now + type.resolutionMinutes * 60_000),
      });
      const event = await this.repo.insertEvent(q, {
        orderId: id,
        actor: actor.username,
        actorUserId: actor.userId,
        action: 'create',
        fromStatus: null,
        toStatus: status,
        crewId: null,
        crewLat: null,
        crewLon: null,
        data: { source: input.source },
        clientActionId: null,
      });
      const order = await this.repo.order(q, id);
      if (!order) throw new AppError(500, 'internal', 'order vanished');
      return { order, event };
    });
    await this.announce(order, event);
    return order;
  }

  async get(actor: Actor, id: string): Promise<WorkOrder> {
    const o = await this.repo.find(id);
    if (!o) throw notFound(`order ${id}`);
    await this.assertCanSee(actor, o);
    return o;
  }

  async events(actor: Actor, id: string): Promise<OrderEvent[]> {
    await this.get(actor, id);
    return this.repo.events(id);
  }

  list(q: OrderListQuery): Promise<{ orders: WorkOrder[]; total: number }> {
    const statuses = q.status ? q.status.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    return this.repo.list({ ...q, ...(statuses ? { statuses } : {}) });
  }

  /** The crew's open orders in sequence (what its app shows). */
  async myOrders(actor: Actor): Promise<{ crewIds: string[]; crews: { id: string; name: string }[]; orders: WorkOrder[] }> {
    if (actor.userId === null) return { crewIds: [], crews: [], orders: [] };
    const crewIds = await this.repo.crewsOfUser(actor.userId);
    const orders = (await Promise.all(crewIds.map((c) => this.repo.crewOrders(c)))).flat();
    const crews = (await this.repo.crews()).filter((c) => crewIds.includes(c.id)).map((c) => ({ id: c.id, name: c.name }));
    return { crewIds, crews, orders };
  }

  async setCrewMembers(actor: Actor, crewId: string, userIds: number[]): Promise<void> {
    await this.repo.setCrewMembers(crewId, userIds);
    await this.audit.record(actor, { action: 'crew.members', entity: 'crew', entityId: crewId, after: { userIds } });
  }

  async patchCrew(actor: Actor, crewId: string, patch: CrewPatch): Promise<void> {
    const before = (await this.repo.crews()).find((c) => c.id === crewId);
    if (!before) throw notFound(`crew ${crewId}`);
    await this.repo.patchCrew(crewId, patch);
    await this.audit.record(actor, { action: 'crew.update', entity: 'crew', entityId: crewId, before, after: patch });
  }

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
    const dest = [{ lat: order.lat, lon: order.lon }];
    // One search from the order to every crew rather than one per crew: the street graph has
    // no one-way data, so travel times are symmetric (revisit when a provider knows one-ways).
    const times = points.length ? await this.travel.matrix(dest, points.map((p) => ({ lat: p.lat, lon: p.lon }))) : new Float64Array();
    const timeOf = new Map<object, number>();
    points.forEach((p, i) => timeOf.set(p, times[i] ?? Number.NaN));

    // "After the current job" comes from the online insertion engine: the crew's remaining
    // route in sequence, appointments kept, at straight-line × detour times.
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
      travel: (a, b) => etaNowTo(b, a),
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
      const etaNow = origin ? Math.round(timeOf.get(origin) ?? Number.NaN) : null;
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
        distanceM,
        currentOrderId: current?.id ?? null,
        openOrders: open,
        score: Math.round(penalty + eta),
      };
    });
    return out.sort((a, b) => a.score - b.score || a.crewId.localeCompare(b.crewId));
  }

  eventsInRange(f: Parameters<FieldRepository['eventsInRange']>[0]) {
    return this.repo.eventsInRange(f);
  }

  eventSpan(orderId: string) {
    return this.repo.eventSpan(orderId);
  }

  /** An event that changes no state (e.g. `left_site`): written, shown live, status untouched. */
  async flag(actor: Actor, id: string, action: string, data: Record<string, unknown>): Promise<OrderEvent> {
    const { order, event } = await this.repo.tx(async (q) => {
      const order = await this.repo.order(q, id, true);
      if (!order) throw notFound(`order ${id}`);
      const pos = await this.crewPosition(order.crewId, q);
      const event = await this.repo.insertEvent(q, {
        orderId: id,
        actor: actor.username,
        actorUserId: actor.userId,
        action,
        fromStatus: order.status,
        toStatus: order.status,
        crewId: order.crewId,
        crewLat: pos?.lat ?? null,
        crewLon: pos?.lon ?? null,
        data,
        clientActionId: null,
      });
      return { order, event };
    });
    await this.announce(order, event);
    return event;
  }

  /** The dispatcher reorders a crew's list: all its open orders, each once, in the new order. */
  async resequence(actor: Actor, crewId: string, orderIds: string[]): Promise<WorkOrder[]> {
    const changed = await this.repo.tx(async (q) => {
      const open = await this.repo.openOrderIdsOfCrew(q, crewId);
      const given = new Set(orderIds);
      if (given.size !== orderIds.length) throw badRequest('an order is listed twice', 'orderIds');
      const missing = open.filter((id) => !given.has(id));
      const foreign = orderIds.filter((id) => !open.includes(id));
      if (missing.length || foreign.length) {
        throw new AppError(409, 'sequence_mismatch', `the list must hold exactly the crew's open orders${missing.length ? `; missing ${missing.join(', ')}` : ''}${foreign.length ? `; not the crew's open orders: ${foreign.join(', ')}` : ''}`, { field: 'orderIds' });
      }
      await this.repo.resequence(q, crewId, orderIds);
      const out: { order: WorkOrder; event: OrderEvent }[] = [];
      for (const id of orderIds) {
        const order = await this.repo.order(q, id);
        if (!order) continue;
        const event = await this.repo.insertEvent(q, {
          orderId: id,
          actor: actor.username,
          actorUserId: actor.userId,
          action: 'resequence',
          fromStatus: order.status,
          toStatus: order.status,
          crewId,
          crewLat: null,
          crewLon: null,
          data: { sequence: order.sequence },
          clientActionId: null,
        });
        out.push({ order, event });
      }
      return out;
    });
    await this.audit.record(actor, { action: 'crew.resequence', entity: 'crew', entityId: crewId, after: { orderIds } });
    for (const c of changed) await this.announce(c.order, c.event);
    return changed.map((c) => c.order);
  }

  activeOrders(): Promise<WorkOrder[]> {
    return this.repo.activeOrders();
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
    const offers = offerSlots({
      order: { orderId: 'new', at: input.location, serviceSeconds: type.durationMinutes * 60, priority: type.defaultPriority, requiredSkills: [], requiredEquipment: [] },
      crews: plans,
      windows: workingWindows({ now, days: input.days, utcOffsetMinutes: -180 }),
      now,
      travel: (a, b) => etaNowTo(b, a),
      resolveBy: now + type.resolutionMinutes * 60,
    });
    return offers.map((o) => ({ ...o, start: new Date(o.start * 1000).toISOString(), end: new Date(o.end * 1000).toISOString() }));
  }

  crewsOfUser(userId: number): Promise<string[]> {
    return this.repo.crewsOfUser(userId);
  }

  /** One lifecycle action, atomically: the order changes and its event is written, or nothing. */
  async act(actor: Actor, id: string, input: OrderActionInput): Promise<{ order: WorkOrder; event: OrderEvent; replayed: boolean }> {
    const action = input.action as OrderAction;
    const isDispatcher = actor.roles.some((r) => (DISPATCH_ROLES as readonly string[]).includes(r));
    const actorCrews = !isDispatcher && actor.userId !== null ? await this.repo.crewsOfUser(actor.userId) : [];
    if (!isDispatcher && !actor.roles.includes('crew')) throw forbidden();
    if (!isDispatcher && !CREW_ACTIONS.has(action)) throw forbidden(`a crew cannot ${action.replace('_', ' ')} an order`);

    const result = await this.repo.tx(async (q) => {
      if (input.clientActionId) {
        const done = await this.repo.eventByClientActionId(q, input.clientActionId);
        if (done) {
          const order = await this.repo.order(q, done.orderId);
          if (!order || done.orderId !== id) throw conflict('this action id was used for another order');
          return { order, event: done, replayed: true };
        }
      }
      const order = await this.repo.order(q, id, true);
      if (!order) throw notFound(`order ${id}`);
      if (!isDispatcher && (!order.crewId || !actorCrews.includes(order.crewId))) throw forbidden('this order is not your crew\'s');
      // For a crew's (often offline, replayed) action the state machine and ownership decide: an
      // unrelated dispatcher edit (a resequence) must not throw away a completed visit.
      if (isDispatcher && input.expectedVersion !== undefined && input.expectedVersion !== order.version) {
        throw new AppError(409, 'version_conflict', `order ${id} changed (version ${order.version}); reload it`);
      }
      const next = nextStatus(order.status, action, { hasWindow: order.windowStart !== null });
      if (!next.ok) throw new AppError(409, FINAL_STATUSES.has(order.status) ? 'order_closed' : 'invalid_transition', next.reason);

      let crewId = order.crewId;
      let sequence = order.sequence;
      let completion: Record<string, unknown> | undefined;
      let failureReason: string | null = null;
      let preempted: { order: WorkOrder; event: OrderEvent } | null = null;
      if (action === 'assign') {
        if (!input.crewId) throw badRequest('crewId is required to assign', 'crewId');
        if (!(await this.repo.crewExists(q, input.crewId))) throw badRequest(`crew ${input.crewId} does not exist`, 'crewId');
        if (input.preempt) preempted = await this.preemptCurrent(q, actor, input.crewId, id);
        if (input.crewId !== crewId) sequence = input.preempt ? 0 : await this.repo.nextSequence(q, input.crewId);
        crewId = input.crewId;
      } else if (action === 'unassign') {
        crewId = null;
        sequence = null;
      } else if (action === 'fail' || action === 'cancel') {
        if (!input.reason) throw badRequest(`a reason is required to ${action}`, 'reason');
        failureReason = input.reason;
      } else if (action === 'complete') {
        const type = (await this.repo.orderTypes(q)).find((t) => t.code === order.typeCode);
        completion = validateCompletion(type?.completionFields ?? [], input.completion ?? {});
      }
      const pos = await this.crewPosition(order.crewId ?? crewId, q);
      await this.repo.updateOrder(q, id, {
        status: next.to,
        crewId,
        sequence,
        ...(completion ? { completion } : {}),
        failureReason,
      });
      const event = await this.repo.insertEvent(q, {
        orderId: id,
        actor: actor.username,
        actorUserId: actor.userId,
        action,
        fromStatus: order.status,
        toStatus: next.to,
        crewId: order.crewId ?? crewId,
        crewLat: pos?.lat ?? null,
        crewLon: pos?.lon ?? null,
        data: {
          ...(input.reason ? { reason: input.reason } : {}),
          ...(action === 'assign' ? { crewId } : {}),
          ...(action === 'unassign' ? { fromCrew: order.crewId } : {}),
          // supervisors see completions made away from the site
          ...(action === 'complete' && pos ? { distanceM: Math.round(haversine(pos, order)), outsideRadius: haversine(pos, order) > this.arrivalRadiusM } : {}),
        },
        clientActionId: input.clientActionId ?? null,
      });
      const updated = await this.repo.order(q, id);
      if (!updated) throw new AppError(500, 'internal', 'order vanished');
      return { order: updated, event, replayed: false, preempted };
    });
    if (result.preempted) await this.announce(result.preempted.order, result.preempted.event);
    if (!result.replayed) await this.announce(result.order, result.event);
    return { order: result.order, event: result.event, replayed: result.replayed };
  }

  /** Sends the crew's current job back to the queue (an `unassign` event naming the newcomer). */
  private async preemptCurrent(
    q: Parameters<Parameters<FieldRepository['tx']>[0]>[0],
    actor: Actor,
    crewId: string,
    byOrderId: string,
  ): Promise<{ order: WorkOrder; event: OrderEvent } | null> {
    const current = (await this.repo.activeOrders(q)).filter((o) => o.crewId === crewId && o.id !== byOrderId);
    const onSite = current.find((o) => o.status === 'on_site');
    if (onSite) throw new AppError(409, 'crew_on_site', `crew ${crewId} is on site at ${onSite.id}: complete or fail it first`);
    const job = current.find((o) => o.status === 'en_route') ?? current.find((o) => o.status === 'acknowledged' || o.status === 'dispatched');
    if (!job) return null;
    const locked = await this.repo.order(q, job.id, true);
    if (!locked) return null;
    const next = nextStatus(locked.status, 'unassign', { hasWindow: locked.windowStart !== null });
    if (!next.ok) return null;
    const pos = await this.crewPosition(crewId, q);
    await this.repo.updateOrder(q, job.id, { status: next.to, crewId: null, sequence: null });
    const event = await this.repo.insertEvent(q, {
      orderId: job.id,
      actor: actor.username,
      actorUserId: actor.userId,
      action: 'unassign',
      fromStatus: locked.status,
      toStatus: next.to,
      crewId,
      crewLat: pos?.lat ?? null,
      crewLon: pos?.lon ?? null,
      data: { preemptedBy: byOrderId, fromCrew: crewId },
      clientActionId: null,
    });
    const order = await this.repo.order(q, job.id);
    return order ? { order, event } : null;
  }

  private async crewPosition(crewId: string | null, q: Parameters<Parameters<FieldRepository['tx']>[0]>[0]): Promise<{ lat: number; lon: number } | null> {
    if (!crewId) return null;
    const vehicleId = await this.repo.vehicleOfCrew(crewId, q);
    if (!vehicleId) return null;
    const entry = (await this.live.all()).find((e) => e.live.vehicleId === vehicleId);
    return entry ? { lat: entry.live.lat, lon: entry.live.lon } : null;
  }

  private async assertCanSee(actor: Actor, o: WorkOrder): Promise<void> {
    if (actor.roles.some((r) => (READ_ALL_ROLES as readonly string[]).includes(r))) return;
    if (actor.roles.includes('crew') && actor.userId !== null && o.crewId && (await this.repo.crewsOfUser(actor.userId)).includes(o.crewId)) return;
    throw forbidden('this order is not your crew\'s');
  }

  /** Every instance's WebSocket clients hear it; the crew's terminal gets it over MQTT. */
  private async announce(order: WorkOrder, event: OrderEvent): Promise<void> {
    await this.live.publish({ type: 'order.updated', data: { order, event } });
    const crews = new Set([order.crewId, event.crewId].filter((c): c is string => !!c));
    for (const c of crews) await this.notifyCrew(c, { type: 'order.updated', order }).catch(() => undefined);
  }
}

function haversine(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// Straight line × 1.3 at 30 km/h (the default provider's urban profile): cheap enough for the
// many legs of route-aware insertion, where one network search per leg would not be.
function etaNowTo(to: { lat: number; lon: number }, from: { lat: number; lon: number }): number {
  return (haversine(from, to) * 1.3) / (30 / 3.6);
}

/** Checks the captured values against the type's completion fields; returns only known keys. */
export function validateCompletion(fields: CompletionField[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === '' || v === null) {
      if (f.required) throw badRequest(`${f.label} is required`, `completion.${f.key}`);
      continue;
    }
    if (f.kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) throw badRequest(`${f.label} must be a number`, `completion.${f.key}`);
    if (f.kind === 'boolean' && typeof v !== 'boolean') throw badRequest(`${f.label} must be yes or no`, `completion.${f.key}`);
    if ((f.kind === 'text' || f.kind === 'photo' || f.kind === 'signature') && typeof v !== 'string') throw badRequest(`${f.label} must be text`, `completion.${f.key}`);
    if ((f.kind === 'photo' || f.kind === 'signature') && !/^data:image\/(png|jpeg|webp);base64,/.test(String(v))) {
      throw badRequest(`${f.label} must be an image`, `completion.${f.key}`);
    }
    if (f.kind === 'text' && f.pattern && !new RegExp(f.pattern).test(String(v))) throw badRequest(`${f.label} has the wrong format`, `completion.${f.key}`);
    out[f.key] = v;
  }
  const unknown = Object.keys(values).filter((k) => !fields.some((f) => f.key === k));
  if (unknown.length) throw badRequest(`unknown completion fields: ${unknown.join(', ')}`, 'completion');
  return out;
}
