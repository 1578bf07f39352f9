import type { OrderEta, WorkOrder } from '../../contracts/index.ts';
import type { Logger } from '../../logger.ts';
import type { EnrichedFix } from '../tracking/tracking.types.ts';
import type { Actor } from '../auth/auth.service.ts';
import { haversine } from './distance.ts';
import type { FieldService } from './field.service.ts';

const GEOFENCE_ACTOR: Actor = { userId: null, username: 'geofence', roles: ['dispatcher'] };
// Straight line × detour at urban speed: cheap enough to run on every fix of every en-route crew.
const DETOUR = 1.3;
const URBAN_MPS = 30 / 3.6;
const ETA_EVERY_MS = 5000;

interface Tracked {
  order: WorkOrder;
  insideSince: number | null;
  lastEtaAt: number;
  arriving: boolean;
}


/**
 * Watches the fixes of crews that are en route: recomputes their ETA (at most every 5 s, flagged
 * late when it passes the response SLA) and sets the order on site when the crew has stayed
 * within `radiusM` of it for `dwellMs` (the crew can undo it in the app).
 */
export class ArrivalTracker {
  private readonly byCrew = new Map<string, Tracked>();
  /** on-site orders per crew: leaving the site without completing is flagged once */
  private readonly onSite = new Map<string, { order: WorkOrder; outsideSince: number | null; flagged: boolean }>();

  constructor(
    private readonly deps: {
      field: FieldService;
      radiusM: number;
      dwellMs: number;
      publishEta: (eta: OrderEta) => void;
      log: Logger;
    },
  ) {}

  async load(): Promise<void> {
    for (const o of await this.deps.field.activeOrders()) this.orderUpdated(o);
  }

  orderUpdated(order: WorkOrder): void {
    for (const [crewId, t] of this.byCrew) if (t.order.id === order.id && (crewId !== order.crewId || order.status !== 'en_route')) this.byCrew.delete(crewId);
    for (const [crewId, t] of this.onSite) if (t.order.id === order.id && (crewId !== order.crewId || order.status !== 'on_site')) this.onSite.delete(crewId);
    if (order.status === 'on_site' && order.crewId && this.onSite.get(order.crewId)?.order.id !== order.id) {
      this.onSite.set(order.crewId, { order, outsideSince: null, flagged: false });
    }
    if (order.status === 'en_route' && order.crewId) {
      const cur = this.byCrew.get(order.crewId);
      this.byCrew.set(order.crewId, { order, insideSince: cur?.order.id === order.id ? cur.insideSince : null, lastEtaAt: 0, arriving: false });
    }
  }

  /** A crew on site that moves away (3 × radius) for the dwell time without completing is flagged. */
  private checkLeft(crewId: string, fix: EnrichedFix): void {
    const s = this.onSite.get(crewId);
    if (!s || s.flagged) return;
    const d = haversine(fix, s.order);
    if (d <= 3 * this.deps.radiusM) {
      s.outsideSince = null;
      return;
    }
    s.outsideSince ??= fix.fixMs;
    if (fix.fixMs - s.outsideSince < this.deps.dwellMs) return;
    s.flagged = true;
    this.deps.field
      .flag(GEOFENCE_ACTOR, s.order.id, 'left_site', { distanceM: Math.round(d) })
      .catch((err: unknown) => this.deps.log.debug({ err: (err as Error).message, orderId: s.order.id }, 'left-site flag not written'));
  }

  onFix(fix: EnrichedFix): void {
    const crewId = fix.binding.crewId;
    if (!crewId) return;
    this.checkLeft(crewId, fix);
    const t = this.byCrew.get(crewId);
    if (!t || t.arriving) return;
    const d = haversine(fix, t.order);
    if (d <= this.deps.radiusM) {
      t.insideSince ??= fix.fixMs;
      if (fix.fixMs - t.insideSince >= this.deps.dwellMs) {
        t.arriving = true;
        this.deps.field
          .act(GEOFENCE_ACTOR, t.order.id, { action: 'arrive', reason: `automatic: within ${this.deps.radiusM} m for ${Math.round(this.deps.dwellMs / 1000)} s` })
          .catch((err: unknown) => {
            // another instance or the crew got there first (409): nothing to do
            this.deps.log.debug({ err: (err as Error).message, orderId: t.order.id }, 'geofence arrival not applied');
          });
        return;
      }
    } else {
      t.insideSince = null;
    }
    const now = Date.now();
    if (now - t.lastEtaAt < ETA_EVERY_MS) return;
    t.lastEtaAt = now;
    const etaSeconds = Math.round((d * DETOUR) / URBAN_MPS);
    const arriveBy = new Date(now + etaSeconds * 1000);
    this.deps.publishEta({
      orderId: t.order.id,
      crewId,
      etaSeconds,
      arriveBy: arriveBy.toISOString(),
      lateRisk: arriveBy.getTime() > Date.parse(t.order.respondBy),
    });
  }
}
