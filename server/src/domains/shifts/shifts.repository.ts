import type pg from 'pg';
import { inTransaction, type Pool } from '../../infra/db.ts';
import type { RosterProgress, RosterStatus, ShiftRequest, ShiftRequestInput } from '../../contracts/index.ts';

type Q = Pick<pg.Pool, 'query'>;

/** A roster as stored; `config` is the raw snapshot (parsed by the service). */
export interface RosterRow {
  id: string;
  start: string;
  days: number;
  crewIds: string[];
  status: RosterStatus;
  config: unknown;
  timeLimitSeconds: number;
  seed: number;
  progress: RosterProgress | null;
  objective: number | null;
  message: string | null;
  incumbent: string[][] | null;
  cancelRequested: boolean;
  runner: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface AssignmentRow {
  crewId: string;
  date: string;
  shiftCode: string;
}

export interface LiveShiftRow extends AssignmentRow {
  rosterId: string;
  publishedAt: string;
}

const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

const ROSTER_COLUMNS = `id, start_date::text as start, days, crew_ids as "crewIds", status, config,
  time_limit_seconds as "timeLimitSeconds", seed, progress, objective, message, incumbent,
  cancel_requested as "cancelRequested", runner, created_by as "createdBy", created_at as "createdAt",
  updated_at as "updatedAt", published_at as "publishedAt"`;

function toRoster(r: Record<string, unknown>): RosterRow {
  return {
    ...(r as unknown as RosterRow),
    createdAt: iso(r['createdAt']) ?? '',
    updatedAt: iso(r['updatedAt']) ?? '',
    publishedAt: iso(r['publishedAt']),
  };
}

const REQUEST_COLUMNS = `id, crew_id as "crewId", date::text as date, kind, shift_code as "shiftCode", weight, note`;

/** Shifts and rosters: the only place with their SQL. */
export class ShiftsRepository {
  constructor(private readonly pool: Pool) {}

  /** One transaction; inside `fn` query only through `q` (the embedded database has one session). */
  tx<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  // Configuration ----------------------------------------------------------------------------

  async config(q: Q = this.pool): Promise<unknown> {
    const r = await q.query<{ config: unknown }>('select config from shift_config where id = 1');
    return r.rows[0]?.config ?? null;
  }

  async saveConfig(config: unknown, by: string, q: Q = this.pool): Promise<void> {
    await q.query(
      `insert into shift_config (id, config, updated_by, updated_at) values (1, $1, $2, now())
       on conflict (id) do update set config = excluded.config, updated_by = excluded.updated_by, updated_at = now()`,
      [JSON.stringify(config), by],
    );
  }

  // Requests ---------------------------------------------------------------------------------

  async requests(f: { crewIds: string[] | null; from: string | null; to: string | null }, q: Q = this.pool): Promise<ShiftRequest[]> {
    const r = await q.query(
      `select ${REQUEST_COLUMNS} from shift_requests
        where ($1::text[] is null or crew_id = any($1)) and ($2::date is null or date >= $2) and ($3::date is null or date <= $3)
        order by date, crew_id, id limit 5000`,
      [f.crewIds, f.from, f.to],
    );
    return r.rows as ShiftRequest[];
  }

  async insertRequest(r: ShiftRequestInput, by: string): Promise<ShiftRequest> {
    const res = await this.pool.query(
      `insert into shift_requests (crew_id, date, kind, shift_code, weight, note, created_by)
       values ($1, $2, $3, $4, $5, $6, $7) returning ${REQUEST_COLUMNS}`,
      [r.crewId, r.date, r.kind, r.kind === 'day_off' ? null : (r.shiftCode ?? null), r.weight, r.note, by],
    );
    return res.rows[0] as ShiftRequest;
  }

  async deleteRequest(id: number): Promise<ShiftRequest | null> {
    const r = await this.pool.query(`delete from shift_requests where id = $1 returning ${REQUEST_COLUMNS}`, [id]);
    return (r.rows[0] as ShiftRequest | undefined) ?? null;
  }

  // Rosters ----------------------------------------------------------------------------------

  async insertRoster(r: {
    start: string; days: number; crewIds: string[]; config: unknown; timeLimitSeconds: number; seed: number;
    progress: RosterProgress; runner: string; createdBy: string;
  }): Promise<RosterRow> {
    const res = await this.pool.query(
      `insert into rosters (id, start_date, days, crew_ids, status, config, time_limit_seconds, seed, progress, runner,
                            heartbeat_at, created_by)
       values ('RS-' || lpad(nextval('roster_number')::text, 6, '0'), $1, $2, $3, 'generating', $4, $5, $6, $7, $8, now(), $9)
       returning ${ROSTER_COLUMNS}`,
      [r.start, r.days, r.crewIds, JSON.stringify(r.config), r.timeLimitSeconds, r.seed, JSON.stringify(r.progress), r.runner, r.createdBy],
    );
    return toRoster(res.rows[0] as Record<string, unknown>);
  }

  async roster(id: string, q: Q = this.pool, forUpdate = false): Promise<RosterRow | null> {
    const r = await q.query(`select ${ROSTER_COLUMNS} from rosters where id = $1 ${forUpdate ? 'for update' : ''}`, [id]);
    const row = r.rows[0] as Record<string, unknown> | undefined;
    return row ? toRoster(row) : null;
  }

  /** Rosters whose period meets [from, to], newest first. */
  async rosters(f: { statuses: RosterStatus[] | null; from: string | null; to: string | null; limit: number }): Promise<RosterRow[]> {
    const r = await this.pool.query(
      `select ${ROSTER_COLUMNS} from rosters
        where ($1::text[] is null or status = any($1))
          and ($2::date is null or start_date + days - 1 >= $2)
          and ($3::date is null or start_date <= $3)
        order by created_at desc, id desc limit $4`,
      [f.statuses, f.from, f.to, f.limit],
    );
    return r.rows.map((x) => toRoster(x as Record<string, unknown>));
  }

  /**
   * Persists a generation's progress (and incumbent, when there is one) and its heartbeat; answers
   * whether a cancel was asked (through any instance). Only the runner that owns it writes.
   */
  async saveProgress(id: string, runner: string, progress: RosterProgress | null, incumbent: string[][] | null): Promise<{ cancel: boolean } | null> {
    const r = await this.pool.query<{ cancel: boolean }>(
      `update rosters set progress = coalesce($3, progress), incumbent = coalesce($4, incumbent), heartbeat_at = now(), updated_at = now()
        where id = $1 and status = 'generating' and runner = $2
        returning cancel_requested as cancel`,
      [id, runner, progress === null ? null : JSON.stringify(progress), incumbent === null ? null : JSON.stringify(incumbent)],
    );
    return r.rows[0] ?? null;
  }

  /** Ends a generation as a draft with its roster (worked cells only). False if it no longer ran here. */
  async finishGeneration(f: {
    id: string; runner: string; cells: AssignmentRow[]; objective: number; progress: RosterProgress; message: string | null;
  }): Promise<boolean> {
    return this.tx(async (q) => {
      const r = await q.query(
        `update rosters set status = 'draft', objective = $3, progress = $4, message = $5, incumbent = null, runner = null,
                heartbeat_at = null, updated_at = now()
          where id = $1 and status = 'generating' and runner = $2`,
        [f.id, f.runner, f.objective, JSON.stringify(f.progress), f.message],
      );
      if ((r.rowCount ?? 0) === 0) return false;
      await this.replaceCells(q, f.id, f.cells);
      return true;
    });
  }

  async failGeneration(id: string, runner: string, message: string, progress: RosterProgress | null): Promise<boolean> {
    const r = await this.pool.query(
      `update rosters set status = 'failed', message = $3, progress = coalesce($4, progress), runner = null, heartbeat_at = null,
              updated_at = now()
        where id = $1 and status = 'generating' and runner = $2`,
      [id, runner, message, progress === null ? null : JSON.stringify(progress)],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async requestCancel(id: string): Promise<boolean> {
    const r = await this.pool.query(
      `update rosters set cancel_requested = true, updated_at = now() where id = $1 and status = 'generating'`,
      [id],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /**
   * Generations nobody runs any more: owned by `runner` (this instance shutting down) or, when
   * `runner` is null, silent for `staleSeconds` (their instance stopped or crashed).
   */
  async orphans(f: { runner: string | null; staleSeconds: number }): Promise<RosterRow[]> {
    const r = await this.pool.query(
      `select ${ROSTER_COLUMNS} from rosters
        where status = 'generating'
          and (case when $1::text is null then coalesce(heartbeat_at, created_at) < now() - make_interval(secs => $2)
                    else runner = $1 end)`,
      [f.runner, f.staleSeconds],
    );
    return r.rows.map((x) => toRoster(x as Record<string, unknown>));
  }

  /** Recovers an orphan generation (once, whoever gets there first): a draft of its incumbent or failed. */
  async recoverOrphan(f: { id: string; runner: string | null; cells: AssignmentRow[] | null; objective: number | null; message: string }): Promise<boolean> {
    return this.tx(async (q) => {
      const r = await q.query(
        `update rosters set status = $3, objective = coalesce($4, objective), message = $5, incumbent = null, runner = null,
                heartbeat_at = null, updated_at = now()
          where id = $1 and status = 'generating' and runner is not distinct from $2`,
        [f.id, f.runner, f.cells ? 'draft' : 'failed', f.objective, f.message],
      );
      if ((r.rowCount ?? 0) === 0) return false;
      if (f.cells) await this.replaceCells(q, f.id, f.cells);
      return true;
    });
  }

  private async replaceCells(q: Q, id: string, cells: AssignmentRow[]): Promise<void> {
    await q.query('delete from roster_assignments where roster_id = $1', [id]);
    if (cells.length === 0) return;
    await q.query(
      `insert into roster_assignments (roster_id, crew_id, date, shift_code)
       select $1, c, d, s from unnest($2::text[], $3::date[], $4::text[]) as t(c, d, s)`,
      [id, cells.map((c) => c.crewId), cells.map((c) => c.date), cells.map((c) => c.shiftCode)],
    );
  }

  async cells(id: string, q: Q = this.pool): Promise<AssignmentRow[]> {
    const r = await q.query(
      `select crew_id as "crewId", date::text as date, shift_code as "shiftCode" from roster_assignments where roster_id = $1`,
      [id],
    );
    return r.rows as AssignmentRow[];
  }

  /** Applies hand edits to a draft's cells (`''` = day off, deletes the cell). */
  async editCells(q: Q, id: string, changes: AssignmentRow[]): Promise<void> {
    const off = changes.filter((c) => c.shiftCode === '');
    const on = changes.filter((c) => c.shiftCode !== '');
    if (off.length) {
      await q.query(
        `delete from roster_assignments a using unnest($2::text[], $3::date[]) as t(c, d)
          where a.roster_id = $1 and a.crew_id = t.c and a.date = t.d`,
        [id, off.map((c) => c.crewId), off.map((c) => c.date)],
      );
    }
    if (on.length) {
      await q.query(
        `insert into roster_assignments (roster_id, crew_id, date, shift_code)
         select $1, c, d, s from unnest($2::text[], $3::date[], $4::text[]) as t(c, d, s)
         on conflict (roster_id, crew_id, date) do update set shift_code = excluded.shift_code`,
        [id, on.map((c) => c.crewId), on.map((c) => c.date), on.map((c) => c.shiftCode)],
      );
    }
    await q.query('update rosters set updated_at = now() where id = $1', [id]);
  }

  async setObjective(id: string, objective: number, q: Q = this.pool): Promise<void> {
    await q.query('update rosters set objective = $2 where id = $1', [id, objective]);
  }

  async deleteRoster(q: Q, id: string): Promise<void> {
    await q.query('delete from rosters where id = $1', [id]);
  }

  /** Serializes publications, so "the newest published wins" has one order. */
  async lockPublications(q: Q): Promise<void> {
    await q.query('select pg_advisory_xact_lock(727275)');
  }

  /**
   * Publishes a roster: its cells become the live shifts; earlier live cells of the same crews
   * and dates are superseded by it. Earlier rosters whose every crew and day is now covered by
   * newer publications become `superseded`. Returns the ids of rosters that changed status.
   */
  async publish(q: Q, id: string, by: string): Promise<{ superseded: string[]; partlySuperseded: string[] }> {
    await q.query(
      `update rosters set status = 'published', published_at = clock_timestamp(), published_by = $2, message = null, updated_at = now()
        where id = $1`,
      [id, by],
    );
    const touched = await q.query<{ rosterId: string }>(
      `update roster_assignments a set live = false, superseded_by = $1
         from rosters n
        where n.id = $1 and a.live and a.roster_id <> $1 and a.crew_id = any(n.crew_ids)
          and a.date between n.start_date and n.start_date + n.days - 1
        returning a.roster_id as "rosterId"`,
      [id],
    );
    await q.query('update roster_assignments set live = true, superseded_by = null where roster_id = $1', [id]);
    // Overlapping earlier rosters (by period and crews, worked cells or not).
    const overlapping = await q.query<{ id: string; covered: boolean }>(
      `select o.id,
              not exists (
                select 1 from unnest(o.crew_ids) as c(crew),
                       generate_series(o.start_date, o.start_date + o.days - 1, interval '1 day') as g(day)
                 where not exists (
                   select 1 from rosters n
                    where n.status in ('published', 'superseded') and n.published_at > o.published_at
                      and c.crew = any(n.crew_ids) and g.day::date between n.start_date and n.start_date + n.days - 1)
              ) as covered
         from rosters o, rosters n
        where n.id = $1 and o.id <> $1 and o.status = 'published'
          and o.crew_ids && n.crew_ids
          and o.start_date <= n.start_date + n.days - 1 and n.start_date <= o.start_date + o.days - 1`,
      [id],
    );
    const superseded = overlapping.rows.filter((r) => r.covered).map((r) => r.id);
    const partly = [...new Set([...overlapping.rows.filter((r) => !r.covered).map((r) => r.id), ...touched.rows.map((r) => r.rosterId)])].filter(
      (x) => !superseded.includes(x),
    );
    if (superseded.length) {
      await q.query(
        `update rosters set status = 'superseded', message = $2, updated_at = now() where id = any($1)`,
        [superseded, `reemplazado por ${id}`],
      );
    }
    if (partly.length) {
      await q.query(
        `update rosters set message = $2, updated_at = now() where id = any($1)`,
        [partly, `reemplazado en parte por ${id} (los días y cuadrillas en común)`],
      );
    }
    return { superseded, partlySuperseded: partly };
  }

  /** Published shifts still in force between two dates, for some crews or all. */
  async liveShifts(f: { from: string; to: string; crewIds: string[] | null }): Promise<LiveShiftRow[]> {
    const r = await this.pool.query(
      `select a.crew_id as "crewId", a.date::text as date, a.shift_code as "shiftCode", a.roster_id as "rosterId",
              r.published_at as "publishedAt"
         from roster_assignments a join rosters r on r.id = a.roster_id
        where a.live and a.date between $1 and $2 and ($3::text[] is null or a.crew_id = any($3))
        order by a.date, a.crew_id`,
      [f.from, f.to, f.crewIds],
    );
    return r.rows.map((x) => ({ ...(x as LiveShiftRow), publishedAt: iso((x as Record<string, unknown>)['publishedAt']) ?? '' }));
  }

  /** Configuration snapshots of some rosters (shift names, start times and lengths of their cells). */
  async rosterConfigs(ids: string[]): Promise<Map<string, unknown>> {
    if (ids.length === 0) return new Map();
    const r = await this.pool.query<{ id: string; config: unknown }>('select id, config from rosters where id = any($1)', [ids]);
    return new Map(r.rows.map((x) => [x.id, x.config]));
  }
}
