import type { Pool } from '../../infra/db.ts';

/** Column-wise batch of fixes for one multi-row insert (set-based: never a query per fix). */
export interface HistoryBatch {
  deviceId: string[];
  vehicleId: (string | null)[];
  fixMs: number[];
  receivedMs: number[];
  lon: number[];
  lat: number[];
  speed: (number | null)[];
  heading: (number | null)[];
  accuracy: (number | null)[];
  battery: (number | null)[];
}

export interface TrackPoint {
  fixTime: Date;
  lat: number;
  lon: number;
  speed: number | null;
  heading: number | null;
  accuracy: number | null;
  battery: number | null;
}

export interface LatestRow {
  vehicleId: string;
  label: string;
  crewId: string | null;
  crewName: string | null;
  deviceId: string;
  lat: number;
  lon: number;
  speed: number | null;
  heading: number | null;
  accuracy: number | null;
  battery: number | null;
  fixTime: Date;
  receivedAt: Date;
}

const DAY_MS = 86_400_000;
export const dayKey = (ms: number) => Math.floor(ms / DAY_MS);
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export class TrackingRepository {
  private readonly partitions = new Set<number>();

  constructor(private readonly pool: Pool) {}

  /** Creates the daily (UTC) partition of `positions` for each day not seen before. */
  async ensurePartitions(days: Iterable<number>): Promise<void> {
    for (const day of days) {
      if (this.partitions.has(day)) continue;
      const name = `positions_${isoDay(day).replaceAll('-', '')}`;
      try {
        await this.pool.query(
          `create table if not exists ${name} partition of positions for values from ('${isoDay(day)}T00:00:00Z') to ('${isoDay(day + 1)}T00:00:00Z')`,
        );
      } catch (err) {
        // Another instance created it between our check and our create: that is fine.
        const code = (err as { code?: string }).code;
        if (code !== '42P07' && code !== '23505') throw err;
      }
      this.partitions.add(day);
    }
  }

  /** Inserts a batch; a fix already stored (same device and fix time) is skipped. Returns rows stored. */
  async insertHistory(b: HistoryBatch): Promise<number> {
    const r = await this.pool.query(
      `insert into positions (device_id, vehicle_id, fix_time, received_at, geog, speed, heading, accuracy, battery)
       select d, v, to_timestamp(f / 1000.0), to_timestamp(r / 1000.0),
              st_setsrid(st_makepoint(lon, lat), 4326)::geography, s, h, a, b
         from unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                     $7::real[], $8::real[], $9::real[], $10::real[]) as u(d, v, f, r, lon, lat, s, h, a, b)
       on conflict do nothing`,
      [b.deviceId, b.vehicleId, b.fixMs, b.receivedMs, b.lon, b.lat, b.speed, b.heading, b.accuracy, b.battery],
    );
    return r.rowCount ?? 0;
  }

  async track(vehicleId: string, from: Date, to: Date, limit: number): Promise<TrackPoint[]> {
    const r = await this.pool.query<TrackPoint>(
      `select fix_time as "fixTime", st_y(geog::geometry) as lat, st_x(geog::geometry) as lon,
              speed, heading, accuracy, battery
         from positions
        where vehicle_id = $1 and fix_time >= $2 and fix_time <= $3
        order by fix_time
        limit $4`,
      [vehicleId, from, to, limit],
    );
    return r.rows;
  }

  /**
   * The newest stored fix of every vehicle since `since`, with its labels: rebuilds the live
   * picture after a restart of an instance whose latest positions lived in memory.
   */
  async latestPerVehicle(since: Date): Promise<LatestRow[]> {
    const r = await this.pool.query<LatestRow>(
      `select distinct on (coalesce(p.vehicle_id, p.device_id))
              coalesce(p.vehicle_id, p.device_id) as "vehicleId", coalesce(v.label, p.device_id) as label,
              v.crew_id as "crewId", c.name as "crewName", p.device_id as "deviceId",
              st_y(p.geog::geometry) as lat, st_x(p.geog::geometry) as lon, p.speed, p.heading, p.accuracy, p.battery,
              p.fix_time as "fixTime", p.received_at as "receivedAt"
         from positions p
         left join vehicles v on v.id = p.vehicle_id
         left join crews c on c.id = v.crew_id
        where p.fix_time >= $1
        order by coalesce(p.vehicle_id, p.device_id), p.fix_time desc`,
      [since],
    );
    return r.rows;
  }

  /** Tracks of the vehicles matching the filter, in fix-time order per vehicle. */
  async tracksInRange(f: { from: Date; to: Date; crewId?: string; vehicleIds?: string[]; bbox?: [number, number, number, number]; limit: number }): Promise<
    { vehicleId: string; label: string; crewId: string | null; t: Date; lat: number; lon: number; speed: number | null; heading: number | null }[]
  > {
    const r = await this.pool.query(
      `with chosen as (
         select v.id from vehicles v
          where ($3::text is null or v.crew_id = $3)
            and ($4::text[] is null or v.id = any($4))
            and ($5::float8[] is null or exists (
                  select 1 from positions p where p.vehicle_id = v.id and p.fix_time between $1 and $2
                     and st_intersects(p.geog, st_makeenvelope($5[1], $5[2], $5[3], $5[4], 4326)::geography)))
       )
       select p.vehicle_id as "vehicleId", v.label, v.crew_id as "crewId", p.fix_time as t,
              st_y(p.geog::geometry) as lat, st_x(p.geog::geometry) as lon, p.speed, p.heading
         from positions p join chosen c on c.id = p.vehicle_id join vehicles v on v.id = p.vehicle_id
        where p.fix_time between $1 and $2
        order by p.vehicle_id, p.fix_time
        limit $6`,
      [f.from, f.to, f.crewId ?? null, f.vehicleIds ?? null, f.bbox ?? null, f.limit],
    );
    return r.rows;
  }

  async countForDevice(deviceId: string): Promise<number> {
    const r = await this.pool.query<{ n: number }>('select count(*)::int as n from positions where device_id = $1', [deviceId]);
    return r.rows[0]?.n ?? 0;
  }
}
