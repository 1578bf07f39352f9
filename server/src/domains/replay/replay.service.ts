import { badRequest, notFound } from '../../errors.ts';
import type { FieldService } from '../field/field.service.ts';
import type { TrackingService } from '../tracking/tracking.service.ts';

export interface ReplayQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  crewId?: string | undefined;
  orderId?: string | undefined;
  bbox?: [number, number, number, number] | undefined;
}

export interface ReplayTrack {
  vehicleId: string;
  label: string;
  crewId: string | null;
  /** [epoch ms, lon, lat, speed m/s | null, heading | null] in time order */
  points: [number, number, number, number | null, number | null][];
}

const MAX_RANGE_MS = 24 * 3600_000;
const MAX_POINTS = 250_000;
const MAX_EVENTS = 20_000;
const ORDER_MARGIN_MS = 15 * 60_000;

/**
 * Incident replay for supervisors: vehicle tracks and order events of a time range, for an area,
 * a crew or an order — built from the same history and event rows as the live view.
 */
export class ReplayService {
  constructor(
    private readonly tracking: TrackingService,
    private readonly field: FieldService,
  ) {}

  async replay(q: ReplayQuery) {
    let { from, to } = q;
    if (q.orderId && (!from || !to)) {
      const span = await this.field.eventSpan(q.orderId);
      if (!span) throw notFound(`order ${q.orderId}`);
      from ??= new Date(span.first.getTime() - ORDER_MARGIN_MS);
      to ??= new Date(span.last.getTime() + ORDER_MARGIN_MS);
    }
    if (!from || !to) throw badRequest('from and to are required (or an orderId)', 'from');
    if (!(from < to)) throw badRequest('from must be before to', 'from');
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw badRequest('at most 24 hours per replay', 'to');

    const events = await this.field.eventsInRange({
      from,
      to,
      ...(q.crewId ? { crewId: q.crewId } : {}),
      ...(q.orderId ? { orderId: q.orderId } : {}),
      ...(q.bbox ? { bbox: q.bbox } : {}),
      limit: MAX_EVENTS,
    });
    // An order's replay follows the crews that worked on it.
    const orderCrews = q.orderId ? [...new Set(events.map((e) => e.crewId).filter((c): c is string => !!c))] : [];
    const rows =
      q.orderId && orderCrews.length === 0
        ? []
        : await this.tracking.tracksInRange({
            from,
            to,
            ...(q.crewId ? { crewId: q.crewId } : {}),
            ...(q.bbox && !q.orderId ? { bbox: q.bbox } : {}),
            limit: MAX_POINTS + 1,
          });
    const truncated = rows.length > MAX_POINTS;
    const tracks = new Map<string, ReplayTrack>();
    for (const r of rows.slice(0, MAX_POINTS)) {
      if (q.orderId && (!r.crewId || !orderCrews.includes(r.crewId))) continue;
      let t = tracks.get(r.vehicleId);
      if (!t) {
        t = { vehicleId: r.vehicleId, label: r.label, crewId: r.crewId, points: [] };
        tracks.set(r.vehicleId, t);
      }
      t.points.push([r.t.getTime(), r.lon, r.lat, r.speed, r.heading]);
    }
    return { from: from.toISOString(), to: to.toISOString(), tracks: [...tracks.values()], events, truncated };
  }
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** GPX 1.1 (topografix.com/GPX/1/1): one track per vehicle, one segment, points in time order. */
export function toGpx(tracks: ReplayTrack[], meta: { from: string; to: string }): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Vatio" xmlns="http://www.topografix.com/GPX/1/1">',
    `  <metadata><name>Vatio replay ${xml(meta.from)} – ${xml(meta.to)}</name><time>${xml(meta.from)}</time></metadata>`,
  ];
  for (const t of tracks) {
    out.push(`  <trk><name>${xml(t.label)}</name><desc>${xml(`${t.vehicleId}${t.crewId ? ` / ${t.crewId}` : ''}`)}</desc><trkseg>`);
    for (const [ms, lon, lat] of t.points) out.push(`    <trkpt lat="${lat.toFixed(6)}" lon="${lon.toFixed(6)}"><time>${new Date(ms).toISOString()}</time></trkpt>`);
    out.push('  </trkseg></trk>');
  }
  out.push('</gpx>');
  return out.join('\n') + '\n';
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // RFC 4180 quoting; a leading = + - @ is neutralised so spreadsheets do not run it as a formula
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function eventsToCsv(events: Awaited<ReturnType<ReplayService['replay']>>['events']): string {
  const header = ['at', 'order_id', 'type', 'priority', 'action', 'from_status', 'to_status', 'actor', 'crew_id', 'crew_lat', 'crew_lon', 'order_lat', 'order_lon', 'data'];
  const rows = events.map((e) => [e.at, e.orderId, e.typeCode, e.priority, e.action, e.fromStatus, e.toStatus, e.actor, e.crewId, e.crewLat, e.crewLon, e.orderLat, e.orderLon, e.data].map(csvCell).join(','));
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}

export function eventsToGeoJson(events: Awaited<ReturnType<ReplayService['replay']>>['events']) {
  return {
    type: 'FeatureCollection' as const,
    features: events.map((e) => ({
      type: 'Feature' as const,
      // where the crew was when known, else the order's place
      geometry: { type: 'Point' as const, coordinates: e.crewLon !== null && e.crewLat !== null ? [e.crewLon, e.crewLat] : [e.orderLon, e.orderLat] },
      properties: { at: e.at, orderId: e.orderId, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, actor: e.actor, crewId: e.crewId, typeCode: e.typeCode, priority: e.priority },
    })),
  };
}
