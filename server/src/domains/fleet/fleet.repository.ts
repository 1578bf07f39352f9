import type { Pool } from '../../infra/db.ts';
import type { DeviceProtocol } from '../../contracts/index.ts';

export interface CrewRow {
  id: string;
  name: string;
}
export interface CrewListRow extends CrewRow {
  skills: string[];
  equipment: string[];
  availability: 'available' | 'busy' | 'break' | 'off';
  vehicleId: string | null;
}
export interface VehicleRow {
  id: string;
  label: string;
  plate: string | null;
  crewId: string | null;
}
export interface DeviceRow {
  id: string;
  protocol: DeviceProtocol;
  vehicleId: string | null;
  owntracksUser: string | null;
  disabled: boolean;
}
/** Everything the ingest needs to know about a device, in one row. */
export interface DeviceBinding extends DeviceRow {
  secretHash: string;
  vehicleLabel: string | null;
  crewId: string | null;
  crewName: string | null;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';
const isFkViolation = (err: unknown) => (err as { code?: string }).code === '23503';
export { isFkViolation, isUniqueViolation };

export class FleetRepository {
  constructor(private readonly pool: Pool) {}

  async insertCrew(c: CrewRow): Promise<CrewRow> {
    const r = await this.pool.query<CrewRow>('insert into crews (id, name) values ($1, $2) returning id, name', [c.id, c.name]);
    return r.rows[0] as CrewRow;
  }

  async listCrews(): Promise<CrewListRow[]> {
    return (
      await this.pool.query<CrewListRow>(
        `select c.id, c.name, c.skills, c.equipment, c.availability,
                (select v.id from vehicles v where v.crew_id = c.id order by v.id limit 1) as "vehicleId"
           from crews c order by c.id`,
      )
    ).rows;
  }

  async insertVehicle(v: VehicleRow): Promise<VehicleRow> {
    const r = await this.pool.query<VehicleRow>(
      `insert into vehicles (id, label, plate, crew_id) values ($1, $2, $3, $4)
       returning id, label, plate, crew_id as "crewId"`,
      [v.id, v.label, v.plate, v.crewId],
    );
    return r.rows[0] as VehicleRow;
  }

  async listVehicles(): Promise<VehicleRow[]> {
    return (await this.pool.query<VehicleRow>('select id, label, plate, crew_id as "crewId" from vehicles order by id')).rows;
  }

  async vehicleExists(id: string): Promise<boolean> {
    return ((await this.pool.query('select 1 from vehicles where id = $1', [id])).rowCount ?? 0) > 0;
  }

  async insertDevice(d: DeviceRow & { secretHash: string; brokerHash: string }): Promise<DeviceRow> {
    const r = await this.pool.query<DeviceRow>(
      `insert into devices (id, protocol, secret_hash, broker_hash, owntracks_user, vehicle_id)
       values ($1, $2, $3, $4, $5, $6)
       returning id, protocol, vehicle_id as "vehicleId", owntracks_user as "owntracksUser", disabled`,
      [d.id, d.protocol, d.secretHash, d.brokerHash, d.owntracksUser, d.vehicleId],
    );
    return r.rows[0] as DeviceRow;
  }

  async updateDeviceSecret(id: string, secretHash: string, brokerHash: string): Promise<boolean> {
    const r = await this.pool.query('update devices set secret_hash = $2, broker_hash = $3 where id = $1', [
      id,
      secretHash,
      brokerHash,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  async listDevices(): Promise<DeviceRow[]> {
    return (
      await this.pool.query<DeviceRow>(
        `select id, protocol, vehicle_id as "vehicleId", owntracks_user as "owntracksUser", disabled from devices order by id`,
      )
    ).rows;
  }

  /** id → broker hash, for a Mosquitto password file */
  async brokerHashes(): Promise<{ id: string; brokerHash: string }[]> {
    return (
      await this.pool.query<{ id: string; brokerHash: string }>(
        'select id, broker_hash as "brokerHash" from devices where not disabled order by id',
      )
    ).rows;
  }

  async loadBindings(deviceIds?: string[]): Promise<DeviceBinding[]> {
    const r = await this.pool.query<DeviceBinding>(
      `select d.id, d.protocol, d.vehicle_id as "vehicleId", d.owntracks_user as "owntracksUser", d.disabled,
              d.secret_hash as "secretHash", v.label as "vehicleLabel", v.crew_id as "crewId", c.name as "crewName"
         from devices d
         left join vehicles v on v.id = d.vehicle_id
         left join crews c on c.id = v.crew_id
        where $1::text[] is null or d.id = any($1::text[])`,
      [deviceIds ?? null],
    );
    return r.rows;
  }
}
