import type { AuditRepository } from './audit.repository.ts';
import type { Actor } from '../auth/auth.service.ts';

export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  record(actor: Actor, change: { action: string; entity: string; entityId: string; before?: unknown; after?: unknown }) {
    return this.repo.write({
      actorUserId: actor.userId,
      actor: actor.username,
      requestId: actor.requestId,
      ...change,
    });
  }

  list(opts: { entity?: string; entityId?: string; limit: number }) {
    return this.repo.list(opts);
  }
}
