import type { LiveResponse, VehicleLive, VehicleStatus } from '../../contracts/index.ts';
import { badRequest } from '../../errors.ts';
import type { LatestEntry, LiveState } from '../../infra/live-state.ts';
import type { TrackingRepository } from './tracking.repository.ts';

export interface StatusThresholds {
  onlineSeconds: number;
  offlineSeconds: number;
}

/** Status by the age of the last fix; a unit whose last will fired after its last fix is offline. */
export function statusOf(entry: Pick<LatestEntry, 'fixMs' | 'goneAt'>, now: number, t: StatusThresholds): VehicleStatus {
  if (entry.goneAt !== null && entry.goneAt >= entry.fixMs) return 'offline';
  const age = (now - entry.fixMs) / 1000;
  if (age <= t.onlineSeconds) return 'online';
  if (age >= t.offlineSeconds) return 'offline';
  return 'unknown';
}

const MAX_TRACK_POINTS = 50_000;
const MAX_TRACK_DAYS = 31;

export class TrackingService {
  constructor(
    private readonly repo: TrackingRepository,
    private readonly live: LiveState,
    readonly thresholds: StatusThresholds,
  ) {}

  /** Refills latest positions from history (kept only where newer than what the live state has). */
  async restoreLatest(maxAgeMs: number): Promise<number> {
    const rows = await this.repo.latestPerVehicle(new Date(Date.now() - maxAgeMs));
    const kept = await this.live.upsertNewer(
      rows.map((r) => ({
        vehicleId: r.vehicleId,
        label: r.label,
        crewId: r.crewId,
        crewName: r.crewName,
        deviceId: r.deviceId,
        lat: r.lat,
        lon: r.lon,
        speed: r.speed,
        heading: r.heading,
        accuracy: r.accuracy,
        battery: r.battery,
        fixTime: r.fixTime.toISOString(),
        receivedAt: r.receivedAt.toISOString(),
        status: 'online' as const,
      })),
    );
    return kept.length;
  }

  async liveVehicles(now = Date.now()): Promise<LiveResponse> {
    const entries = await this.live.all();
    const vehicles: VehicleLive[] = entries
      .map((e) => ({ ...e.live, status: statusOf(e, now, this.thresholds) }))
      .sort((a, b) => a.vehicleId.localeCompare(b.vehicleId));
    return { vehicles, thresholds: this.thresholds, serverTime: new Date(now).toISOString() };
  }

  tracksInRange(f: Parameters<TrackingRepository['tracksInRange']>[0]) {
    return this.repo.tracksInRange(f);
  }

  /** Track of one vehicle as GeoJSON (RFC 7946): a LineString in fix-time order, then the points. */
  async track(vehicleId: string, from: Date, to: Date) {
    if (!(from < to)) throw badRequest('from must be before to', 'from');
    if (to.getTime() - from.getTime() > MAX_TRACK_DAYS * 86_400_000) {
      throw badRequest(`at most ${MAX_TRACK_DAYS} days per request`, 'to');
    }
    const points = await this.repo.track(vehicleId, from, to, MAX_TRACK_POINTS + 1);
    const truncated = points.length > MAX_TRACK_POINTS;
    if (truncated) points.length = MAX_TRACK_POINTS;
    const coords = points.map((p) => [round6(p.lon), round6(p.lat)]);
    return {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          geometry: coords.length >= 2 ? { type: 'LineString' as const, coordinates: coords } : null,
          properties: { vehicleId, from: from.toISOString(), to: to.toISOString(), count: points.length, truncated },
        },
        ...points.map((p, i) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: coords[i] },
          properties: {
            fixTime: p.fixTime.toISOString(),
            speed: p.speed,
            heading: p.heading,
            accuracy: p.accuracy,
            battery: p.battery,
          },
        })),
      ],
    };
  }
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
