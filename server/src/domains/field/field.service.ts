import type { CrewPatch, OrderActionInput, OrderEvent, OrderListQuery, OrderType, OrderTypeInput, WorkOrder, WorkOrderInput } from '../../contracts/index.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors.ts';
import type { LiveState } from '../../infra/live-state.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/auth.service.ts';
import type { FieldRepository } from './field.repository.ts';
import { validateCompletion } from './completion.ts';
import { haversine } from './distance.ts';
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
        contactName: input.contactName || null,
        contactPhone: input.contactPhone || null,
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
    await this.live.publish({ type: 'crew.members', data: { crewId, userIds } });
    await this.audit.record(actor, { action: 'crew.members', entity: 'crew', entityId: crewId, after: { userIds } });
  }

  async patchCrew(actor: Actor, crewId: string, patch: CrewPatch): Promise<void> {
    const before = (await this.repo.crews()).find((c) => c.id === crewId);
    if (!before) throw notFound(`crew ${crewId}`);
    await this.repo.patchCrew(crewId, patch);
    await this.audit.record(actor, { action: 'crew.update', entity: 'crew', entityId: crewId, before, after: patch });
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
