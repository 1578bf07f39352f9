import type pg from 'pg';
import type { DayPlanApplyResult, DayPlanProposal } from '../../contracts/index.ts';
import type { Pool } from '../../infra/db.ts';

type Q = Pick<pg.Pool, 'query'>;

export interface ProposalSnapshot {
  orders: Record<string, number>;
  crews: Record<string, string[]>;
}

export interface StoredProposal {
  id: string;
  createdAt: Date;
  snapshot: ProposalSnapshot;
  sequences: { crewId: string; orderIds: string[] }[];
  summary: DayPlanProposal;
  appliedAt: Date | null;
  result: DayPlanApplyResult | null;
}

export interface LockedOrder {
  id: string;
  version: number;
  status: string;
  crewId: string | null;
  sequence: number | null;
}

/** Day-plan proposals, and the locking reads an apply needs. The only SQL of the day plan. */
export class DayPlanRepository {
  constructor(private readonly pool: Pool) {}

  async insert(p: { id: string; createdBy: string; createdByUserId: number | null; snapshot: ProposalSnapshot; sequences: StoredProposal['sequences']; summary: DayPlanProposal }): Promise<void> {
    await this.pool.query(
      `insert into day_plan_proposals (id, created_at, created_by, created_by_user_id, snapshot, sequences, summary)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [p.id, p.summary.createdAt, p.createdBy, p.createdByUserId, JSON.stringify(p.snapshot), JSON.stringify(p.sequences), JSON.stringify(p.summary)],
    );
  }

  async get(id: string, q: Q = this.pool, forUpdate = false): Promise<StoredProposal | null> {
    const r = await q.query(
      `select id, created_at as "createdAt", snapshot, sequences, summary, applied_at as "appliedAt", result
         from day_plan_proposals where id = $1 ${forUpdate ? 'for update' : ''}`,
      [id],
    );
    return (r.rows[0] as StoredProposal | undefined) ?? null;
  }

  async markApplied(q: Q, id: string, by: string, result: DayPlanApplyResult): Promise<void> {
    await q.query('update day_plan_proposals set applied_at = $2, applied_by = $3, result = $4 where id = $1', [id, result.appliedAt, by, JSON.stringify(result)]);
  }

  /**
   * Locks (for update) the given orders and every open order of the given crews, so nothing
   * changes them between the check and the writes of an apply.
   */
  async lockOrders(q: Q, orderIds: string[], crewIds: string[]): Promise<LockedOrder[]> {
    const r = await q.query<LockedOrder>(
      `select id, version, status, crew_id as "crewId", sequence from work_orders
        where id = any($1::text[])
           or (crew_id = any($2::text[]) and status not in ('completed', 'failed', 'cancelled'))
        order by id
        for update`,
      [orderIds, crewIds],
    );
    return r.rows;
  }

  /** Proposals older than this are deleted (they can no longer be applied anyway). */
  async prune(olderThanHours: number): Promise<void> {
    await this.pool.query(`delete from day_plan_proposals where created_at < now() - make_interval(hours => $1)`, [olderThanHours]);
  }
}
