import { randomUUID } from 'node:crypto';
import type { TravelTimeProvider } from '../../../../geo/src/index.ts';
import type { DayPlanApplyResult, DayPlanProposal, DayPlanRequest, OrderEvent, WorkOrder } from '../../contracts/index.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { runWorker } from '../../infra/worker.ts';
import type { LiveState } from '../../infra/live-state.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/auth.service.ts';
import { buildProblem, comparePlans, crewStarts, scopeDayPlan, type DayPlanCrewInput, type DayPlanScope } from './day-plan.problem.ts';
import type { DayPlanRepository, ProposalSnapshot } from './day-plan.repository.ts';
import type { DayPlanWorkerInput, DayPlanWorkerOutput } from './day-plan.worker.ts';
import type { CrewNotifier } from './field.service.ts';
import type { FieldRepository } from './field.repository.ts';
import { nextStatus, type OrderStatus } from './work-order.state.ts';

/**
 * Published shifts between two local dates (inclusive), absolute start/end instants, and the
 * shift type's break: the instants between which it may start, and its length.
 */
export type ShiftSource = (actor: Actor, from: string, to: string) => Promise<{ crewId: string; start: string; end: string; break?: { earliest: string; latest: string; minutes: number } | undefined }[]>;

/** A break on the local clock: it may start between `earliest` and `latest` (`HH:MM`) and lasts `minutes`. */
export interface ClockBreak {
  earliest: string;
  latest: string;
  minutes: number;
}

/** A crew's published shift today and its break, epoch seconds. */
interface RosterShift {
  start: number;
  end: number;
  break: { earliest: number; latest: number; minutes: number } | null;
}

const OPEN_STATUSES = ['new', 'scheduled', 'assigned', 'dispatched', 'acknowledged', 'en_route', 'on_site'];

export interface DayPlanOptions {
  /** live positions older than this are not trusted: the crew starts from its home base */
  positionValidSeconds: number;
  /**
   * When no roster is published for today: the working day, local clock (every planned crew
   * works `[start, end)` today; default 08:00–17:00), or `'rolling'`: the next 9 hours from now
   * (24/7 operation). Config `DAY_PLAN_WORKDAY`.
   */
  workday?: { start: string; end: string } | 'rolling';
  /**
   * The utility's offset from UTC in minutes, or a function giving it at an instant (ms) — the
   * composition root passes the SHIFT_TIME_ZONE's, so daylight saving is followed. Default −180
   * (Uruguay, no DST since 2015).
   */
  utcOffsetMinutes?: number | ((ms: number) => number);
  /**
   * The break of crews without a published roster (they work `workday`), or null for none.
   * Config `DAY_PLAN_BREAK`. Crews on a roster take their shift type's break.
   */
  workdayBreak?: ClockBreak | null;
  /** most unassigned orders considered in one plan (highest priority, earliest deadline first) */
  maxPoolOrders?: number;
  /**
   * Most places (crew starts and homes, orders) in one plan: the travel-time matrix grows with
   * the square (3,000 places ≈ 72 MB and a few seconds of street-graph searches).
   */
  maxPlaces?: number;
  /** a proposal older than this can no longer be applied */
  proposalTtlMinutes?: number;
  /** solves at once on this instance (each holds a thread for its time limit) */
  maxConcurrentSolves?: number;
}

const clockMinutes = (hhmm: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`a clock time looks like 08:00, not ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** `DAY_PLAN_WORKDAY` (`08:00-17:00` or `rolling`) as the service option. */
export function parseWorkday(v: string): { start: string; end: string } | 'rolling' {
  if (v === 'rolling') return 'rolling';
  const [start = '08:00', end = '17:00'] = v.split('-');
  return { start, end };
}

/** `DAY_PLAN_BREAK` (`12:00-14:00/30` or `none`) as the service option. */
export function parseDayPlanBreak(v: string): ClockBreak | null {
  const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})\/(\d{1,3})$/.exec(v);
  if (v === 'none' || !m) return null;
  return { earliest: m[1]!, latest: m[2]!, minutes: Number(m[3]) };
}

/**
 * The clock break placed on the crew's shift (epoch seconds): the first day (today, then
 * tomorrow, on the local clock) on which its whole window of starts still ends after the shift
 * starts and the break could end before the shift ends; null when none does (e.g. a night on
 * call). The day plan then clips it to what is left of the shift.
 */
export function breakOnShift(b: ClockBreak | null, shift: { start: number; end: number }, utcOffsetMinutes: number): { earliest: number; latest: number; minutes: number } | null {
  if (!b) return null;
  const offset = utcOffsetMinutes * 60;
  const midnight = Math.floor((shift.start + offset) / 86400) * 86400 - offset;
  for (const day of [0, 1]) {
    const earliest = midnight + day * 86400 + clockMinutes(b.earliest) * 60;
    const latest = midnight + day * 86400 + clockMinutes(b.latest) * 60;
    if (latest >= shift.start && earliest + b.minutes * 60 <= shift.end) return { earliest, latest, minutes: b.minutes };
  }
  return null;
}

/**
 * The planning horizon for `now` (epoch s): today's working day while it lasts (from now, or
 * from its start before it opens); after hours, a working day's length from now (the on-call
 * crews' night); or until the time the dispatcher asked for.
 */
export function dayPlanHorizon(now: number, opts: { workday: { start: string; end: string } | 'rolling'; utcOffsetMinutes: number; until?: number }): { source: 'workday' | 'after_hours' | 'rolling' | 'requested'; start: number; end: number } {
  if (opts.until !== undefined) return { source: 'requested', start: now, end: opts.until };
  if (opts.workday === 'rolling') return { source: 'rolling', start: now, end: now + 9 * 3600 };
  const offset = opts.utcOffsetMinutes * 60;
  const localMidnight = Math.floor((now + offset) / 86400) * 86400 - offset;
  const start = localMidnight + clockMinutes(opts.workday.start) * 60;
  const end = localMidnight + clockMinutes(opts.workday.end) * 60;
  if (now < end) return { source: 'workday', start: Math.max(now, start), end };
  return { source: 'after_hours', start: now, end: now + (end - start) };
}

/**
 * "Optimize today" (issue 4): re-plans the day's open work over the crews on shift with the
 * VRPTW engine (in a worker thread), stores the proposal so any instance can apply it, and
 * applies it atomically — assign and resequence events with the dispatcher as actor, pushed to
 * the board (WebSocket) and to the crews' terminals (MQTT) like any other order change.
 */
export class DayPlanService {
  private notifyCrew: CrewNotifier = async () => undefined;
  private shiftSource: ShiftSource | null = null;
  private running = 0;
  private readonly opts: Required<DayPlanOptions>;

  constructor(
    private readonly field: FieldRepository,
    private readonly repo: DayPlanRepository,
    private readonly live: LiveState,
    private readonly travel: TravelTimeProvider,
    private readonly audit: AuditService,
    opts: DayPlanOptions,
  ) {
    this.opts = {
      workday: { start: '08:00', end: '17:00' },
      workdayBreak: null,
      utcOffsetMinutes: -180,
      maxPoolOrders: 1500,
      maxPlaces: 3000,
      proposalTtlMinutes: 120,
      maxConcurrentSolves: 2,
      ...opts,
    };
  }

  /** Offset from UTC (minutes) at `now` (seconds). */
  private offsetMinutes(now: number): number {
    const o = this.opts.utcOffsetMinutes;
    return typeof o === 'function' ? o(now * 1000) : o;
  }

  setCrewNotifier(n: CrewNotifier): void {
    this.notifyCrew = n;
  }

  /** Published shifts (the shifts domain): when any crew has one today, crews work their own. */
  setShiftSource(s: ShiftSource): void {
    this.shiftSource = s;
  }

  /** Each crew's shift for the plan, or null when no shift is published for today at all. */
  private async rosterShifts(actor: Actor, now: number): Promise<Map<string, RosterShift> | null> {
    if (!this.shiftSource) return null;
    const offset = this.offsetMinutes(now) * 60;
    const day = (t: number) => new Date((t + offset) * 1000).toISOString().slice(0, 10);
    const todayEnd = Math.floor((now + offset) / 86400) * 86400 - offset + 86400;
    // yesterday too: a night shift that started then may still be running
    const list = await this.shiftSource(actor, day(now - 86400), day(now));
    const out = new Map<string, RosterShift>();
    for (const s of list) {
      const start = Date.parse(s.start) / 1000;
      const end = Date.parse(s.end) / 1000;
      if (end <= now || start >= todayEnd) continue;
      const cur = out.get(s.crewId);
      const brk = s.break ? { earliest: Date.parse(s.break.earliest) / 1000, latest: Date.parse(s.break.latest) / 1000, minutes: s.break.minutes } : null;
      if (!cur || start < cur.start) out.set(s.crewId, { start, end, break: brk });
    }
    return out.size ? out : null;
  }

  async propose(actor: Actor, req: DayPlanRequest): Promise<DayPlanProposal> {
    const nowMs = Date.now();
    const now = nowMs / 1000;
    let until: number | undefined;
    if (req.until !== undefined) {
      until = Date.parse(req.until) / 1000;
      if (!(until > now + 600 && until <= now + 24 * 3600)) throw badRequest('until must be between 10 minutes and 24 hours from now', 'until');
    }
    if (this.running >= this.opts.maxConcurrentSolves) throw new AppError(409, 'solver_busy', 'other optimizations are running; try again in a few seconds');
    this.running++;
    try {
      const horizon = dayPlanHorizon(now, { workday: this.opts.workday, utcOffsetMinutes: this.offsetMinutes(now), ...(until !== undefined ? { until } : {}) });
      const [types, crewRows, open, latest] = await Promise.all([
        this.field.orderTypes(),
        this.field.crews(),
        this.field.list({ statuses: OPEN_STATUSES, limit: 100_000, offset: 0 }),
        this.live.all(),
      ]);
      if (req.crewIds) {
        const known = new Set(crewRows.map((c) => c.id));
        const unknown = req.crewIds.filter((id) => !known.has(id));
        if (unknown.length) throw badRequest(`unknown crews: ${unknown.join(', ')}`, 'crewIds');
      }
      // The unassigned pool is capped (the list comes sorted by priority, then deadline);
      // orders on a crew's list always count.
      let pool = 0;
      let notConsidered = 0;
      const orders = open.orders.filter((o) => {
        if (o.crewId) return true;
        if (pool < this.opts.maxPoolOrders) return ++pool > 0;
        notConsidered++;
        return false;
      });
      const roster = until === undefined ? await this.rosterShifts(actor, now) : null;
      const byVehicle = new Map(latest.map((e) => [e.live.vehicleId, e]));
      // without a roster every crew works the horizon, so they share one break
      const workdayBreak = roster ? null : breakOnShift(this.opts.workdayBreak, { start: horizon.start, end: horizon.end }, this.offsetMinutes(horizon.start));
      const crews: DayPlanCrewInput[] = crewRows.map((c) => {
        const e = c.vehicleId ? byVehicle.get(c.vehicleId) : undefined;
        const home = c.homeLat !== null && c.homeLon !== null ? { lat: c.homeLat, lon: c.homeLon } : null;
        const fresh = e !== undefined && (nowMs - e.fixMs) / 1000 <= this.opts.positionValidSeconds;
        const start = fresh ? { lat: e.live.lat, lon: e.live.lon } : (home ?? (e ? { lat: e.live.lat, lon: e.live.lon } : null));
        return {
          id: c.id,
          name: c.name,
          skills: c.skills,
          equipment: c.equipment,
          availability: c.availability,
          start,
          startFrom: fresh ? 'live' : home ? 'home_base' : 'stale',
          home,
          shift: roster ? (roster.get(c.id) ?? null) : { start: horizon.start, end: horizon.end },
          breakWindow: roster ? (roster.get(c.id)?.break ?? null) : workdayBreak,
        };
      });
      const frozenIds = orders.filter((o) => o.status === 'en_route' || o.status === 'on_site').map((o) => o.id);
      const since = new Map([...(await this.field.lastTransitionAt(frozenIds))].map(([id, d]) => [id, d.getTime() / 1000]));
      const horizonEnd = roster ? Math.max(...[...roster.values()].map((r) => r.end)) : horizon.end;
      let scope = scopeDayPlan({ now, crews, orders, types, since, crewIds: req.crewIds, horizonEnd });
      if (scope.points.length > this.opts.maxPlaces) {
        // Fewer unassigned orders first (the least urgent go); if the crews' own lists are too
        // many already, the dispatcher must plan a group of crews at a time.
        const spare = this.opts.maxPlaces - (scope.points.length - scope.orders.filter((o) => !o.order.crewId).length);
        const pooled = orders.filter((o) => !o.crewId);
        if (spare < 0) {
          throw new AppError(400, 'plan_too_large', `${scope.orders.length} orders over ${scope.crews.length} crews are more than one plan handles (${this.opts.maxPlaces} places): optimize a group of crews`, { field: 'crewIds' });
        }
        const keep = new Set(pooled.slice(0, spare).map((o) => o.id));
        notConsidered += pooled.length - keep.size;
        scope = scopeDayPlan({ now, crews, orders: orders.filter((o) => o.crewId || keep.has(o.id)), types, since, crewIds: req.crewIds, horizonEnd });
      }

      const seconds = scope.points.length ? await this.travel.matrix(scope.points, scope.points, { departAt: new Date(nowMs) }) : new Float64Array();
      const tt = { n: scope.points.length, seconds };
      const starts = crewStarts(scope, tt, types);
      const problem = buildProblem(scope, tt, starts);
      const solved = await this.solve({ problem, options: { seed: 1, timeLimitSeconds: req.timeLimitSeconds, objective: 'distance' } });
      if (!solved.feasible) throw new AppError(500, 'plan_rejected', 'the plan failed its independent check', { cause: new Error(solved.errors.join('; ')) });
      const cmp = comparePlans(scope, tt, starts, solved.plan);

      const id = randomUUID();
      const summary: DayPlanProposal = {
        id,
        createdAt: new Date(nowMs).toISOString(),
        createdBy: actor.username,
        shift: roster
          ? { source: 'roster', start: new Date(Math.max(now, Math.min(...[...roster.values()].map((r) => r.start))) * 1000).toISOString(), end: new Date(Math.max(...[...roster.values()].map((r) => r.end)) * 1000).toISOString() }
          : { source: horizon.source, start: new Date(horizon.start * 1000).toISOString(), end: new Date(horizon.end * 1000).toISOString() },
        skippedCrews: scope.skippedCrews,
        timeLimitSeconds: req.timeLimitSeconds,
        solveSeconds: Math.round(solved.plan.seconds * 100) / 100,
        before: cmp.before,
        after: cmp.after,
        crews: cmp.crews,
        unassigned: cmp.unassigned,
        changedOrders: cmp.changedOrders,
        notConsidered,
        appliedAt: null,
      };
      await this.repo.insert({ id, createdBy: actor.username, createdByUserId: actor.userId, snapshot: snapshotOf(scope, orders), sequences: cmp.sequences, summary });
      await this.audit.record(actor, { action: 'day_plan.propose', entity: 'day_plan', entityId: id, after: { before: cmp.before, after: cmp.after, changedOrders: cmp.changedOrders } });
      void this.repo.prune(48).catch(() => undefined);
      return summary;
    } finally {
      this.running--;
    }
  }

  async get(id: string): Promise<DayPlanProposal> {
    const p = await this.repo.get(id);
    if (!p) throw notFound(`proposal ${id}`);
    return { ...p.summary, appliedAt: p.appliedAt ? new Date(p.appliedAt).toISOString() : null };
  }

  /**
   * Applies a proposal in one transaction, or nothing: refused (409 `board_changed`) when any
   * order it planned, or any planned crew's list, changed since. A second apply of the same
   * proposal answers the first result and changes nothing (`alreadyApplied: true`).
   */
  async apply(actor: Actor, id: string): Promise<DayPlanApplyResult> {
    const out = await this.field.tx(async (q) => {
      const p = await this.repo.get(id, q, true);
      if (!p) throw notFound(`proposal ${id}`);
      if (p.result) return { result: { ...p.result, alreadyApplied: true }, changes: [] as { order: WorkOrder; event: OrderEvent; fromCrew: string | null }[] };
      if (Date.now() - new Date(p.createdAt).getTime() > this.opts.proposalTtlMinutes * 60_000) {
        throw new AppError(409, 'proposal_expired', 'this proposal is too old to apply; optimize again');
      }
      const crewIds = Object.keys(p.snapshot.crews);
      const locked = await this.repo.lockOrders(q, Object.keys(p.snapshot.orders), crewIds);
      const byId = new Map(locked.map((o) => [o.id, o]));
      const changed: string[] = [];
      for (const [oid, version] of Object.entries(p.snapshot.orders)) if (byId.get(oid)?.version !== version) changed.push(oid);
      for (const c of crewIds) {
        const now = locked.filter((o) => o.crewId === c && OPEN_STATUSES.includes(o.status)).map((o) => o.id).sort();
        const then = [...(p.snapshot.crews[c] ?? [])].sort();
        if (now.join() !== then.join()) changed.push(`crew ${c}`);
      }
      if (changed.length) {
        throw new AppError(409, 'board_changed', `el tablero cambió; optimizá de nuevo (changed since the proposal: ${changed.slice(0, 10).join(', ')}${changed.length > 10 ? ', …' : ''})`);
      }

      const placed = new Set(p.sequences.flatMap((s) => s.orderIds));
      const changes: { order: WorkOrder; event: OrderEvent; fromCrew: string | null }[] = [];
      let assigned = 0;
      let resequenced = 0;
      const touchedCrews = new Set<string>();
      for (const s of p.sequences) {
        const mine = locked.filter((o) => o.crewId === s.crewId && OPEN_STATUSES.includes(o.status)).sort((a, b) => (a.sequence ?? 1e9) - (b.sequence ?? 1e9) || a.id.localeCompare(b.id));
        const frozen = mine.filter((o) => o.status === 'on_site' || o.status === 'en_route');
        // the frozen job first, then the plan, then what the plan does not cover (e.g. an
        // acknowledged appointment of another day), in its current order
        const rest = mine.filter((o) => !placed.has(o.id) && !frozen.includes(o));
        const list = [...frozen.map((o) => o.id), ...s.orderIds, ...rest.map((o) => o.id)];
        for (const [i, oid] of list.entries()) {
          const cur = byId.get(oid);
          if (!cur) throw new AppError(409, 'board_changed', `el tablero cambió; optimizá de nuevo (order ${oid} is gone)`);
          const sequence = i + 1;
          const moving = cur.crewId !== s.crewId;
          if (!moving && cur.sequence === sequence) continue;
          let to = cur.status as OrderStatus;
          if (moving) {
            const next = nextStatus(cur.status as OrderStatus, 'assign');
            if (!next.ok) throw new AppError(409, 'board_changed', `el tablero cambió; optimizá de nuevo (${next.reason})`);
            to = next.to;
          }
          await this.field.updateOrder(q, oid, { status: to, crewId: s.crewId, sequence });
          const event = await this.field.insertEvent(q, {
            orderId: oid,
            actor: actor.username,
            actorUserId: actor.userId,
            action: moving ? 'assign' : 'resequence',
            fromStatus: cur.status as OrderStatus,
            toStatus: to,
            crewId: s.crewId,
            crewLat: null,
            crewLon: null,
            data: moving ? { crewId: s.crewId, fromCrew: cur.crewId, sequence, dayPlan: id } : { sequence, dayPlan: id },
            clientActionId: null,
          });
          const order = await this.field.order(q, oid);
          if (!order) throw new AppError(500, 'internal', 'order vanished');
          changes.push({ order, event, fromCrew: cur.crewId });
          touchedCrews.add(s.crewId);
          if (moving && cur.crewId) touchedCrews.add(cur.crewId);
          if (moving) assigned++;
          else resequenced++;
        }
      }
      const result: DayPlanApplyResult = {
        proposalId: id,
        appliedAt: new Date().toISOString(),
        appliedBy: actor.username,
        assigned,
        resequenced,
        crews: [...touchedCrews].sort(),
        alreadyApplied: false,
      };
      await this.repo.markApplied(q, id, actor.username, result);
      return { result, changes };
    });
    if (!out.result.alreadyApplied) {
      await this.audit.record(actor, { action: 'day_plan.apply', entity: 'day_plan', entityId: id, after: out.result });
      for (const c of out.changes) await this.announce(c.order, c.event, c.fromCrew);
    }
    return out.result;
  }

  private async solve(input: DayPlanWorkerInput): Promise<DayPlanWorkerOutput> {
    if (input.problem.orders.length === 0) {
      return { type: 'plan', plan: { routes: [], unassigned: [], vehicles: 0, distance: 0, iterations: 0, seconds: 0 }, feasible: true, errors: [] };
    }
    let out: DayPlanWorkerOutput | null = null;
    await runWorker<DayPlanWorkerOutput>(new URL('./day-plan.worker.ts', import.meta.url), input, {
      onMessage: (m) => {
        if (m.type === 'plan') out = m;
      },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    if (!out) throw new AppError(500, 'internal', 'the solver ended without a plan');
    return out;
  }

  /** Every instance's board hears it; the crews' terminals (new and previous crew) get it over MQTT. */
  private async announce(order: WorkOrder, event: OrderEvent, fromCrew: string | null): Promise<void> {
    await this.live.publish({ type: 'order.updated', data: { order, event } });
    for (const c of new Set([order.crewId, fromCrew].filter((x): x is string => !!x))) await this.notifyCrew(c, { type: 'order.updated', order }).catch(() => undefined);
  }
}

/** What apply checks: the version of every order planned or frozen, and each crew's open list. */
function snapshotOf(scope: DayPlanScope, orders: readonly WorkOrder[]): ProposalSnapshot {
  const version = new Map(orders.map((o) => [o.id, o.version]));
  const snap: ProposalSnapshot = { orders: {}, crews: {} };
  for (const p of scope.orders) snap.orders[p.order.id] = p.order.version;
  for (const c of scope.crews) {
    if (c.frozen) snap.orders[c.frozen.id] = version.get(c.frozen.id) ?? c.frozen.version;
    snap.crews[c.input.id] = orders.filter((o) => o.crewId === c.input.id).map((o) => o.id);
  }
  return snap;
}
