import type { CompletionField, OrderActionInput, OrderEvent, OrderListQuery, OrderType, OrderTypeInput, WorkOrder, WorkOrderInput } from '../../contracts/index.ts';
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
  async myOrders(actor: Actor): Promise<{ crewIds: string[]; orders: WorkOrder[] }> {
    if (actor.userId === null) return { crewIds: [], orders: [] };
    const crewIds = await this.repo.crewsOfUser(actor.userId);
    const orders = (await Promise.all(crewIds.map((c) => this.repo.crewOrders(c)))).flat();
    return { crewIds, orders };
  }

  async setCrewMembers(actor: Actor, crewId: string, userIds: number[]): Promise<void> {
    await this.repo.setCrewMembers(crewId, userIds);
    await this.audit.record(actor, { action: 'crew.members', entity: 'crew', entityId: crewId, after: { userIds } });
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
      if (input.expectedVersion !== undefined && input.expectedVersion !== order.version) {
        throw new AppError(409, 'version_conflict', `order ${id} changed (version ${order.version}); reload it`);
      }
      const next = nextStatus(order.status, action, { hasWindow: order.windowStart !== null });
      if (!next.ok) throw new AppError(409, FINAL_STATUSES.has(order.status) ? 'order_closed' : 'invalid_transition', next.reason);

      let crewId = order.crewId;
      let sequence = order.sequence;
      let completion: Record<string, unknown> | undefined;
      let failureReason: string | null = null;
      if (action === 'assign') {
        if (!input.crewId) throw badRequest('crewId is required to assign', 'crewId');
        if (!(await this.repo.crewExists(q, input.crewId))) throw badRequest(`crew ${input.crewId} does not exist`, 'crewId');
        if (input.crewId !== crewId) sequence = await this.repo.nextSequence(q, input.crewId);
        crewId = input.crewId;
      } else if (action === 'unassign') {
        crewId = null;
        sequence = null;
      } else if (action === 'fail' || action === 'cancel') {
        if (!input.reason) throw badRequest(`a reason is required to ${action}`, 'reason');
        failureReason = input.reason;
      } else if (action === 'complete') {
        const type = (await this.repo.orderTypes()).find((t) => t.code === order.typeCode);
        completion = validateCompletion(type?.completionFields ?? [], input.completion ?? {});
      }
      const pos = await this.crewPosition(order.crewId ?? crewId);
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
        data: { ...(input.reason ? { reason: input.reason } : {}), ...(action === 'assign' ? { crewId } : {}), ...(action === 'unassign' ? { fromCrew: order.crewId } : {}) },
        clientActionId: input.clientActionId ?? null,
      });
      const updated = await this.repo.order(q, id);
      if (!updated) throw new AppError(500, 'internal', 'order vanished');
      return { order: updated, event, replayed: false };
    });
    if (!result.replayed) await this.announce(result.order, result.event);
    return result;
  }

  private async crewPosition(crewId: string | null): Promise<{ lat: number; lon: number } | null> {
    if (!crewId) return null;
    const vehicleId = await this.repo.vehicleOfCrew(crewId);
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
