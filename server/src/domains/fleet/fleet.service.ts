import { createHash } from 'node:crypto';
import type { CrewInput, DeviceInput, VehicleInput } from '../../contracts/index.ts';
import { topics } from '../../contracts/index.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/auth.service.ts';
import { mosquittoHash } from '../auth/broker-hash.ts';
import { DEVICE_SECRET_PARAMS, generateSecret, hashPassword, verifyPassword } from '../auth/password.ts';
import {
  type CrewRow,
  type DeviceBinding,
  type DeviceRow,
  type FleetRepository,
  type VehicleRow,
  isFkViolation,
  isUniqueViolation,
} from './fleet.repository.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Crews, vehicles and the GPS units bound to them. Keeps an in-memory map of device bindings for
 * the ingest hot path (device → vehicle → crew), refreshed on every change here and
 * periodically (other instances may have changed it).
 */
export class FleetService {
  private bindings = new Map<string, DeviceBinding>();
  private lastLoad = 0;
  private loading: Promise<void> | null = null;
  // sha256(secret) of secrets already verified per device: scrypt runs once per secret, not per connect
  private readonly verified = new Map<string, string>();

  private changed: (deviceIds: string[] | null) => void = () => undefined;

  constructor(
    private readonly repo: FleetRepository,
    private readonly audit: AuditService,
    private readonly log: Logger,
  ) {}

  /** Called after every change, so other instances can reload their bindings. */
  onChange(listener: (deviceIds: string[] | null) => void): void {
    this.changed = listener;
  }

  /** Reloads the bindings of some devices (all when null). */
  async reload(deviceIds: string[] | null): Promise<void> {
    if (deviceIds === null) return this.refresh();
    const rows = await this.repo.loadBindings(deviceIds);
    for (const id of deviceIds) this.bindings.delete(id);
    for (const r of rows) this.bindings.set(r.id, r);
  }

  private async changedHere(deviceIds: string[] | null): Promise<void> {
    await this.reload(deviceIds);
    this.changed(deviceIds);
  }

  async refresh(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await this.repo.loadBindings();
        this.bindings = new Map(rows.map((r) => [r.id, r]));
        this.lastLoad = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** Device binding from memory; an unknown id triggers at most one reload per 200 ms. */
  async binding(deviceId: string): Promise<DeviceBinding | null> {
    const b = this.bindings.get(deviceId);
    if (b) return b;
    if (Date.now() - this.lastLoad > 200) {
      await this.refresh();
      return this.bindings.get(deviceId) ?? null;
    }
    return null;
  }

  /** Synchronous lookup for the ingest hot path (null = not known right now). */
  bindingNow(deviceId: string): DeviceBinding | null {
    return this.bindings.get(deviceId) ?? null;
  }

  async authenticateDevice(deviceId: string, secret: string) {
    const b = await this.binding(deviceId);
    if (!b || b.disabled || !secret) return null;
    const digest = sha256(secret);
    const ok = this.verified.get(deviceId) === digest || (await verifyPassword(secret, b.secretHash));
    if (!ok) return null;
    this.verified.set(deviceId, digest);
    return { deviceId: b.id, owntracksUser: b.owntracksUser, crewId: b.crewId };
  }

  async createCrew(actor: Actor, input: CrewInput): Promise<CrewRow> {
    try {
      const crew = await this.repo.insertCrew(input);
      await this.audit.record(actor, { action: 'crew.create', entity: 'crew', entityId: crew.id, after: crew });
      return crew;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`crew ${input.id} already exists`);
      throw err;
    }
  }

  listCrews() {
    return this.repo.listCrews();
  }

  async createVehicle(actor: Actor, input: VehicleInput): Promise<VehicleRow> {
    try {
      const v = await this.repo.insertVehicle({
        id: input.id,
        label: input.label,
        plate: input.plate ?? null,
        crewId: input.crewId ?? null,
      });
      await this.audit.record(actor, { action: 'vehicle.create', entity: 'vehicle', entityId: v.id, after: v });
      return v;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`vehicle ${input.id} already exists`);
      if (isFkViolation(err)) throw badRequest(`crew ${input.crewId} does not exist`, 'crewId');
      throw err;
    }
  }

  listVehicles() {
    return this.repo.listVehicles();
  }

  async createDevice(actor: Actor, input: DeviceInput): Promise<DeviceRow & { secret: string; topics: Record<string, string> }> {
    if (input.vehicleId && !(await this.repo.vehicleExists(input.vehicleId))) {
      throw badRequest(`vehicle ${input.vehicleId} does not exist`, 'vehicleId');
    }
    const secret = input.secret ?? generateSecret();
    const owntracksUser = input.protocol === 'owntracks' ? (input.owntracksUser ?? input.id) : null;
    try {
      const d = await this.repo.insertDevice({
        id: input.id,
        protocol: input.protocol,
        vehicleId: input.vehicleId ?? null,
        owntracksUser,
        disabled: false,
        secretHash: await hashPassword(secret, DEVICE_SECRET_PARAMS),
        brokerHash: mosquittoHash(secret),
      });
      await this.audit.record(actor, { action: 'device.create', entity: 'device', entityId: d.id, after: d });
      await this.changedHere([d.id]);
      return { ...d, secret, topics: deviceTopics(d) };
    } catch (err) {
      if (isUniqueViolation(err)) {
        const msg = String((err as { constraint?: string }).constraint ?? '').includes('vehicle')
          ? `vehicle ${input.vehicleId} already has a device`
          : `device ${input.id} already exists`;
        throw conflict(msg);
      }
      throw err;
    }
  }

  async rotateDeviceSecret(actor: Actor, deviceId: string): Promise<{ id: string; secret: string }> {
    const secret = generateSecret();
    const ok = await this.repo.updateDeviceSecret(
      deviceId,
      await hashPassword(secret, DEVICE_SECRET_PARAMS),
      mosquittoHash(secret),
    );
    if (!ok) throw notFound(`device ${deviceId}`);
    this.verified.delete(deviceId);
    await this.audit.record(actor, { action: 'device.rotate_secret', entity: 'device', entityId: deviceId });
    await this.changedHere([deviceId]);
    return { id: deviceId, secret };
  }

  listDevices() {
    return this.repo.listDevices();
  }

  /** A Mosquitto password file (`id:$7$…` lines) for the registered devices. */
  async mosquittoPasswordFile(): Promise<string> {
    const rows = await this.repo.brokerHashes();
    return rows.map((r) => `${r.id}:${r.brokerHash}\n`).join('');
  }

  get logger() {
    return this.log;
  }
}

export function deviceTopics(d: Pick<DeviceRow, 'id' | 'protocol' | 'owntracksUser'>): Record<string, string> {
  if (d.protocol === 'owntracks') return { publish: topics.owntracks(d.owntracksUser ?? d.id, d.id) };
  if (d.protocol === 'osmand') return { http: '/ingest/osmand' };
  return { publish: topics.deviceFix(d.id), status: topics.deviceStatus(d.id) };
}
