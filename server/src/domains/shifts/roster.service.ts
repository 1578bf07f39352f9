import { checkRoster } from '../../../../optimizer/src/roster/index.ts';
import {
  shiftConfig,
  type RosterCheckView,
  type RosterEditInput,
  type RosterGenerateInput,
  type RosterStatus,
  type RosterSummary,
  type RosterView,
  type ShiftConfig,
} from '../../contracts/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/auth.service.ts';
import { buildRosterInstance } from './roster.instance.ts';
import type { RosterRunner } from './roster.runner.ts';
import { addDays, dateRange, daysBetween } from './shift-time.ts';
import type { AssignmentRow, RosterRow, ShiftsRepository } from './shifts.repository.ts';

/** What the shifts domain needs to know about crews (from the fleet and field domains). */
export interface CrewDirectory {
  crews(): Promise<{ id: string; name: string }[]>;
  crewsOfUser(userId: number): Promise<string[]>;
}

export type PublishOutcome =
  | { status: 'published'; roster: RosterSummary; superseded: string[]; partlySuperseded: string[] }
  | { status: 'refused'; violations: RosterCheckView['violations'] };

/** Reads a stored configuration; a stored one that no longer validates is a server fault, said plainly. */
export function readConfig(raw: unknown, where: string): ShiftConfig {
  const r = shiftConfig.safeParse(raw);
  if (!r.success) {
    throw new AppError(500, 'config_invalid', `the stored shift configuration of ${where} is not valid: ${r.error.issues[0]?.message ?? ''}`, {
      expose: true,
    });
  }
  return r.data;
}

function summaryOf(r: RosterRow): RosterSummary {
  return {
    id: r.id,
    start: r.start,
    days: r.days,
    crewIds: r.crewIds,
    status: r.status,
    progress: r.progress,
    objective: r.objective,
    message: r.message,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    publishedAt: r.publishedAt,
  };
}

/**
 * Rosters: generation (in a worker, see RosterRunner), reading with rules recomputed from scratch
 * by the optimizer's checker, hand edits on drafts, publication (the newest published roster wins
 * per crew and date), deletion. Every change is audited.
 */
export class RosterService {
  constructor(
    private readonly repo: ShiftsRepository,
    private readonly runner: RosterRunner,
    private readonly audit: AuditService,
    private readonly crews: CrewDirectory,
    private readonly log: Logger,
  ) {}

  private async currentConfig(): Promise<ShiftConfig> {
    return readConfig(await this.repo.config(), 'the planner');
  }

  async generate(actor: Actor, input: RosterGenerateInput): Promise<RosterSummary> {
    const known = new Set((await this.crews.crews()).map((c) => c.id));
    const seen = new Set<string>();
    input.crewIds.forEach((id, i) => {
      if (!known.has(id)) throw badRequest(`crewIds.${i}: unknown crew ${id}`, `crewIds.${i}`);
      if (seen.has(id)) throw badRequest(`crewIds.${i}: crew ${id} is listed twice`, `crewIds.${i}`);
      seen.add(id);
    });
    const config = await this.currentConfig();
    const end = addDays(input.start, input.days - 1);
    const requests = await this.repo.requests({ crewIds: input.crewIds, from: input.start, to: end });
    const instance = buildRosterInstance({ config, crewIds: input.crewIds, requests, start: input.start, days: input.days });
    const row = await this.repo.insertRoster({
      start: input.start,
      days: input.days,
      crewIds: input.crewIds,
      config,
      timeLimitSeconds: input.timeLimitSeconds,
      seed: input.seed,
      progress: { phase: 'queued', elapsedSeconds: 0, timeLimitSeconds: input.timeLimitSeconds, objective: null, bound: null },
      runner: this.runner.instanceId,
      createdBy: actor.username,
    });
    await this.audit.record(actor, { action: 'roster.generate', entity: 'roster', entityId: row.id, after: input });
    this.runner.start({
      id: row.id,
      start: row.start,
      crewIds: row.crewIds,
      instance,
      timeLimitSeconds: input.timeLimitSeconds,
      seed: input.seed,
    });
    return summaryOf(row);
  }

  async summary(id: string): Promise<RosterSummary> {
    const r = await this.repo.roster(id);
    if (!r) throw notFound(`roster ${id}`);
    return summaryOf(r);
  }

  async list(f: { statuses: RosterStatus[]; from?: string | undefined; to?: string | undefined; limit: number }): Promise<RosterSummary[]> {
    const rows = await this.repo.rosters({ statuses: f.statuses.length ? f.statuses : null, from: f.from ?? null, to: f.to ?? null, limit: f.limit });
    return rows.map(summaryOf);
  }

  /** The roster grid with its rules checked from scratch (the incumbent while generating). */
  async view(id: string): Promise<RosterView> {
    const r = await this.repo.roster(id);
    if (!r) throw notFound(`roster ${id}`);
    const cells = r.status === 'generating' ? null : await this.repo.cells(id);
    return this.viewOf(r, cells);
  }

  private async viewOf(r: RosterRow, cells: AssignmentRow[] | null): Promise<RosterView> {
    const config = readConfig(r.config, r.id);
    const dates = dateRange(r.start, r.days);
    let grid: string[][] | null = null;
    if (cells) grid = this.gridOf(r, cells);
    else if (r.incumbent) grid = r.incumbent.map((row) => dates.map((_, d) => row[d] ?? ''));
    const assignments: Record<string, string[]> = {};
    r.crewIds.forEach((c, s) => (assignments[c] = grid?.[s] ?? dates.map(() => '')));
    const showCheck = grid !== null && r.status !== 'failed';
    return {
      roster: summaryOf(r),
      dates,
      shiftTypes: config.shiftTypes,
      assignments,
      check: showCheck && grid ? await this.check(r, config, grid) : null,
    };
  }

  private gridOf(r: RosterRow, cells: AssignmentRow[]): string[][] {
    const row = new Map(r.crewIds.map((c, s) => [c, s]));
    const grid = r.crewIds.map(() => new Array<string>(r.days).fill(''));
    for (const c of cells) {
      const s = row.get(c.crewId);
      const d = daysBetween(r.start, c.date);
      const line = s === undefined ? undefined : grid[s];
      if (line && d >= 0 && d < r.days) line[d] = c.shiftCode;
    }
    return grid;
  }

  /** checkRoster against the roster's configuration snapshot and today's requests, in crew ids and dates. */
  private async check(r: RosterRow, config: ShiftConfig, grid: string[][]): Promise<RosterCheckView> {
    const requests = await this.repo.requests({ crewIds: r.crewIds, from: r.start, to: addDays(r.start, r.days - 1) });
    const instance = buildRosterInstance({ config, crewIds: r.crewIds, requests, start: r.start, days: r.days });
    const c = checkRoster(instance, grid);
    const date = (d: number) => addDays(r.start, d);
    return {
      feasible: c.feasible,
      objective: c.objective,
      violations: c.violations.map((v) => ({ crewId: v.staffId, date: v.day === null ? null : date(v.day), rule: v.rule, message: v.message })),
      penalties: c.penalties.map((p) => ({
        kind: p.kind,
        date: date(p.day),
        shiftCode: p.shiftId,
        ...(p.staffId === undefined ? {} : { crewId: p.staffId }),
        amount: p.amount,
        cost: p.cost,
        message: p.message,
      })),
    };
  }

  /**
   * Stops a generation, wherever it runs: the flag in the database reaches the instance running
   * the solver within half a second; it keeps the best roster so far as a draft. Waits a few
   * seconds for that and answers the roster as it then is.
   */
  async cancel(actor: Actor, id: string, waitMs = 5000): Promise<RosterSummary> {
    const r = await this.repo.roster(id);
    if (!r) throw notFound(`roster ${id}`);
    if (r.status !== 'generating') throw conflict(`roster ${id} is ${r.status}, not generating`);
    await this.repo.requestCancel(id);
    this.runner.cancelLocal(id);
    await this.audit.record(actor, { action: 'roster.cancel', entity: 'roster', entityId: id });
    const until = Date.now() + waitMs;
    let cur = r;
    while (cur.status === 'generating' && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 100));
      cur = (await this.repo.roster(id)) ?? cur;
    }
    return summaryOf(cur);
  }

  /** Hand edits on a draft, all or nothing; answers the new view with the rules checked again. */
  async edit(actor: Actor, id: string, input: RosterEditInput): Promise<RosterView> {
    const r = await this.repo.roster(id);
    if (!r) throw notFound(`roster ${id}`);
    const config = readConfig(r.config, r.id);
    const codes = new Set(config.shiftTypes.map((s) => s.code));
    const crews = new Set(r.crewIds);
    const last = addDays(r.start, r.days - 1);
    input.changes.forEach((c, i) => {
      if (!crews.has(c.crewId)) throw badRequest(`changes.${i}.crewId: crew ${c.crewId} is not in roster ${id}`, `changes.${i}.crewId`);
      if (c.date < r.start || c.date > last) throw badRequest(`changes.${i}.date: ${c.date} is outside the roster (${r.start} … ${last})`, `changes.${i}.date`);
      if (c.shiftCode !== '' && !codes.has(c.shiftCode)) throw badRequest(`changes.${i}.shiftCode: unknown shift ${c.shiftCode}`, `changes.${i}.shiftCode`);
    });
    const before = await this.repo.tx(async (q) => {
      const locked = await this.repo.roster(id, q, true);
      if (!locked) throw notFound(`roster ${id}`);
      if (locked.status !== 'draft') throw conflict(`roster ${id} is ${locked.status}: only drafts can be edited`);
      const old = new Map((await this.repo.cells(id, q)).map((c) => [`${c.crewId}|${c.date}`, c.shiftCode]));
      await this.repo.editCells(q, id, input.changes);
      return input.changes.map((c) => ({ crewId: c.crewId, date: c.date, shiftCode: old.get(`${c.crewId}|${c.date}`) ?? '' }));
    });
    const view = await this.view(id);
    if (view.check) await this.repo.setObjective(id, view.check.objective);
    await this.audit.record(actor, { action: 'roster.edit', entity: 'roster', entityId: id, before, after: input.changes });
    return { ...view, roster: { ...view.roster, objective: view.check?.objective ?? view.roster.objective } };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.repo.tx(async (q) => {
      const r = await this.repo.roster(id, q, true);
      if (!r) throw notFound(`roster ${id}`);
      if (r.status !== 'draft' && r.status !== 'failed') throw conflict(`roster ${id} is ${r.status}: only drafts and failed rosters can be deleted`);
      await this.repo.deleteRoster(q, id);
      return summaryOf(r);
    });
    await this.audit.record(actor, { action: 'roster.delete', entity: 'roster', entityId: id, before });
  }

  /**
   * Publishes a draft. Hard violations refuse it unless `acceptViolations`; earlier published
   * rosters lose the crews and dates this one covers (superseded when nothing of theirs is left).
   */
  async publish(actor: Actor, id: string, acceptViolations: boolean): Promise<PublishOutcome> {
    const r = await this.repo.roster(id);
    if (!r) throw notFound(`roster ${id}`);
    if (r.status !== 'draft') throw conflict(`roster ${id} is ${r.status}: only drafts can be published`);
    const view = await this.viewOf(r, await this.repo.cells(id));
    const check = view.check;
    if (!check) throw conflict(`roster ${id} has no roster to publish`);
    if (!check.feasible && !acceptViolations) return { status: 'refused', violations: check.violations };
    const out = await this.repo.tx(async (q) => {
      await this.repo.lockPublications(q);
      const locked = await this.repo.roster(id, q, true);
      if (!locked) throw notFound(`roster ${id}`);
      // An edit between the check and here would make the check stale: refuse rather than guess.
      if (locked.status !== 'draft' || locked.updatedAt !== r.updatedAt) throw conflict(`roster ${id} changed while publishing; try again`);
      return this.repo.publish(q, id, actor.username);
    });
    await this.audit.record(actor, {
      action: 'roster.publish',
      entity: 'roster',
      entityId: id,
      after: { acceptedViolations: check.violations.length, superseded: out.superseded, partlySuperseded: out.partlySuperseded },
    });
    this.log.info({ rosterId: id, violations: check.violations.length, superseded: out.superseded }, 'roster published');
    return { status: 'published', roster: await this.summary(id), ...out };
  }
}
