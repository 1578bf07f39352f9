import { z } from 'zod';
import { deviceProtocol, liveResponse, loginResponse, type DeviceProtocol } from '../../server/src/contracts/index.ts';
import type { VehiclePlan } from './fleet-plan.ts';
import type { DeviceIdentity } from './protocols.ts';

/** An HTTP failure from the Vatio API, with the server's `{ error: { code, message } }` when present. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const secretResponse = z.object({ secret: z.string().min(1) });
const deviceList = z.object({
  devices: z.array(
    z.looseObject({ id: z.string(), protocol: deviceProtocol, owntracksUser: z.string().nullable().optional() }),
  ),
});
const errorShape = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

async function failure(res: Response, what: string): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let code = `http_${res.status}`;
  let message = text.slice(0, 200) || res.statusText;
  try {
    const parsed = errorShape.safeParse(JSON.parse(text));
    if (parsed.success) ({ code, message } = parsed.data.error);
  } catch {
    // not JSON: keep the raw text
  }
  return new ApiError(res.status, code, `${what}: ${res.status} ${code}: ${message}`);
}

/**
 * Logs in with `POST /api/v1/auth/login` and returns the bearer token.
 */
export async function login(baseUrl: string, username: string, password: string, signal?: AbortSignal): Promise<string> {
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) throw await failure(res, 'login');
  return loginResponse.pick({ token: true }).parse(await res.json()).token;
}

/** The admin calls the simulator needs (docs/api.md, "Fleet"). */
export class FleetApi {
  private readonly base: string;
  private existingDevices: Promise<Map<string, { protocol: DeviceProtocol; owntracksUser: string | null }>> | null = null;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly signal?: AbortSignal,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(this.signal ? { signal: this.signal } : {}),
    });
  }

  /** POST that treats 409 (already exists) as success; returns whether it was created. */
  private async create(path: string, body: unknown, what: string): Promise<{ created: boolean; res: Response }> {
    const res = await this.request('POST', path, body);
    if (res.status === 409) {
      await res.body?.cancel();
      return { created: false, res };
    }
    if (!res.ok) throw await failure(res, what);
    return { created: true, res };
  }

  async ensureCrew(plan: VehiclePlan): Promise<void> {
    const { res } = await this.create('/api/v1/crews', { id: plan.crewId, name: plan.crewName }, `crew ${plan.crewId}`);
    await res.body?.cancel();
  }

  async ensureVehicle(plan: VehiclePlan): Promise<void> {
    const body = { id: plan.vehicleId, label: plan.label, plate: plan.plate, crewId: plan.crewId };
    const { res } = await this.create('/api/v1/vehicles', body, `vehicle ${plan.vehicleId}`);
    await res.body?.cancel();
  }

  /**
   * Creates the device, or — when it exists (409) — rotates its secret, since secrets are shown
   * only once. An existing device keeps the protocol the server has for it.
   */
  async ensureDevice(plan: VehiclePlan): Promise<DeviceIdentity> {
    const body = {
      id: plan.deviceId,
      protocol: plan.protocol,
      vehicleId: plan.vehicleId,
      ...(plan.protocol === 'owntracks' ? { owntracksUser: plan.owntracksUser } : {}),
    };
    const identity: DeviceIdentity = {
      deviceId: plan.deviceId,
      protocol: plan.protocol,
      secret: '',
      owntracksUser: plan.owntracksUser,
      tid: plan.tid,
    };
    const { created, res } = await this.create('/api/v1/devices', body, `device ${plan.deviceId}`);
    if (created) {
      identity.secret = secretResponse.parse(await res.json()).secret;
      return identity;
    }
    const rotated = await this.request('POST', `/api/v1/devices/${encodeURIComponent(plan.deviceId)}/secret`, {});
    if (!rotated.ok) throw await failure(rotated, `rotate secret of ${plan.deviceId}`);
    identity.secret = secretResponse.parse(await rotated.json()).secret;
    const known = (await this.devices()).get(plan.deviceId);
    if (known) {
      identity.protocol = known.protocol;
      identity.owntracksUser = known.owntracksUser ?? plan.deviceId;
    }
    return identity;
  }

  /**
   * Last known positions by vehicle id (`GET /api/v1/vehicles/live`), so a restarted fleet carries
   * on where it was instead of jumping. Any failure yields an empty map: this is a nicety.
   */
  async lastPositions(): Promise<Map<string, { lat: number; lon: number }>> {
    try {
      const res = await this.request('GET', '/api/v1/vehicles/live');
      if (!res.ok) {
        await res.body?.cancel();
        return new Map();
      }
      const parsed = liveResponse.safeParse(await res.json());
      if (!parsed.success) return new Map();
      return new Map(parsed.data.vehicles.map((v) => [v.vehicleId, { lat: v.lat, lon: v.lon }]));
    } catch {
      return new Map();
    }
  }

  /** Existing devices, fetched once (only needed after a 409). Unknown shapes yield an empty map. */
  private devices(): Promise<Map<string, { protocol: DeviceProtocol; owntracksUser: string | null }>> {
    this.existingDevices ??= (async () => {
      const res = await this.request('GET', '/api/v1/devices');
      if (!res.ok) {
        await res.body?.cancel();
        return new Map();
      }
      const parsed = deviceList.safeParse(await res.json());
      if (!parsed.success) return new Map();
      return new Map(parsed.data.devices.map((d) => [d.id, { protocol: d.protocol, owntracksUser: d.owntracksUser ?? null }]));
    })();
    return this.existingDevices;
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight; rejects on the first failure. */
export async function forEachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Creates (or reuses) crew, vehicle and device for every plan; returns each device's identity. */
export async function registerFleet(
  api: FleetApi,
  plans: readonly VehiclePlan[],
  opts: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<Map<string, DeviceIdentity>> {
  const identities = new Map<string, DeviceIdentity>();
  let done = 0;
  await forEachLimited(plans, opts.concurrency ?? 8, async (plan) => {
    await api.ensureCrew(plan);
    await api.ensureVehicle(plan);
    identities.set(plan.deviceId, await api.ensureDevice(plan));
    opts.onProgress?.(++done, plans.length);
  });
  return identities;
}
