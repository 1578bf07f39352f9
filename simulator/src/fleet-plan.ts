import type { DeviceProtocol } from '../../server/src/contracts/index.ts';
import type { LatLon } from '../../geo/src/index.ts';
import type { Locality } from './localities.ts';
import { crewName, MONTEVIDEO_BARRIOS, plateFor, vehicleLabel } from './names.ts';
import { createRng, pickWeighted } from './rng.ts';

export type ProtocolMix = Record<DeviceProtocol, number>;

export const DEFAULT_PROTOCOL_MIX: Readonly<ProtocolMix> = Object.freeze({ vatio: 0.6, owntracks: 0.25, osmand: 0.15 });

/** Where a vehicle drives; Montevideo crews have a home barrio they start from. */
export type VehicleArea = { kind: 'montevideo'; home: LatLon } | { kind: 'town'; locality: Locality };

/** Everything about one simulated vehicle that is decided before it moves. */
export interface VehiclePlan {
  /** 1-based */
  index: number;
  crewId: string;
  crewName: string;
  vehicleId: string;
  label: string;
  plate: string;
  deviceId: string;
  protocol: DeviceProtocol;
  owntracksUser: string;
  tid: string;
  area: VehicleArea;
  /** seed of this vehicle's own random stream */
  seed: string;
}

export interface FleetPlanOptions {
  vehicles: number;
  seed: number;
  prefix: string;
  /** share of vehicles in Montevideo (0–1) */
  montevideoShare: number;
  protocolMix: ProtocolMix;
  /** towns for the rest, weighted by population */
  localities: readonly Locality[];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * The fleet, deterministic per (seed, prefix, index): vehicle 7 is the same crew, plate,
 * protocol and town whether the fleet has 10 or 10,000 vehicles, so restarts reuse the
 * server's records.
 */
export function planFleet(opts: FleetPlanOptions): VehiclePlan[] {
  const protocols = (Object.keys(opts.protocolMix) as DeviceProtocol[]).filter((p) => opts.protocolMix[p] > 0);
  if (protocols.length === 0) throw new RangeError('protocolMix: at least one protocol needs a positive share');
  const plans: VehiclePlan[] = [];
  for (let index = 1; index <= opts.vehicles; index++) {
    const seed = `${opts.seed}:${opts.prefix}:${index}`;
    const rng = createRng(seed);
    const inMontevideo = opts.localities.length === 0 || rng.next() < opts.montevideoShare;
    const barrio = rng.pick(MONTEVIDEO_BARRIOS);
    const area: VehicleArea = inMontevideo
      ? { kind: 'montevideo', home: { lat: barrio.lat, lon: barrio.lon } }
      : { kind: 'town', locality: pickWeighted(rng, opts.localities, (l) => l.population) };
    const place = area.kind === 'montevideo' ? barrio.name : area.locality.name;
    const department = area.kind === 'montevideo' ? 'Montevideo' : area.locality.department;
    const protocol = pickWeighted(rng, protocols, (p) => opts.protocolMix[p]);
    const id = pad(index, 4);
    plans.push({
      index,
      crewId: `${opts.prefix}-c${id}`,
      crewName: crewName(index, place),
      vehicleId: `${opts.prefix}-v${id}`,
      label: vehicleLabel(rng, index),
      plate: plateFor(rng, department),
      deviceId: `${opts.prefix}-d${id}`,
      protocol,
      owntracksUser: `${opts.prefix}-c${id}`,
      tid: id.slice(-2),
      area,
      seed,
    });
  }
  return plans;
}
