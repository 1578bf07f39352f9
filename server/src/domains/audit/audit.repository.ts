import type { Pool } from '../../infra/db.ts';

export interface AuditEntry {
  actorUserId: number | null;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
}

/** Every change is written here (who, when, what, before/after). */
export class AuditRepository {
  constructor(private readonly pool: Pool) {}

  async write(e: AuditEntry): Promise<void> {
    await this.pool.query(
      `insert into audit_log (actor_user_id, actor, action, entity, entity_id, before, after, request_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        e.actorUserId,
        e.actor,
        e.action,
        e.entity,
        e.entityId,
        e.before === undefined ? null : JSON.stringify(e.before),
        e.after === undefined ? null : JSON.stringify(e.after),
        e.requestId ?? null,
      ],
    );
  }

  async list(opts: { entity?: string; entityId?: string; limit: number }) {
    const r = await this.pool.query(
      `select id, at, actor, action, entity, entity_id as "entityId", before, after, request_id as "requestId"
         from audit_log
        where ($1::text is null or entity = $1) and ($2::text is null or entity_id = $2)
        order by id desc limit $3`,
      [opts.entity ?? null, opts.entityId ?? null, opts.limit],
    );
    return r.rows;
  }
}
