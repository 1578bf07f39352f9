import { describe, expect, it } from 'vitest';
import { slugId } from '../../server/src/contracts/index.ts';
import { DEFAULT_PROTOCOL_MIX, planFleet, type FleetPlanOptions } from './fleet-plan.ts';
import { FALLBACK_LOCALITIES, parseLocalities } from './localities.ts';

const base: FleetPlanOptions = {
  vehicles: 400,
  seed: 1,
  prefix: 'sim',
  montevideoShare: 0.7,
  protocolMix: { ...DEFAULT_PROTOCOL_MIX },
  localities: FALLBACK_LOCALITIES,
};

describe('planFleet', () => {
  it('names things the Uruguayan way with deterministic, topic-safe ids', () => {
    const [first] = planFleet({ ...base, vehicles: 1 });
    expect(first).toMatchObject({ vehicleId: 'sim-v0001', deviceId: 'sim-d0001', crewId: 'sim-c0001' });
    expect(first!.crewName).toMatch(/^Cuadrilla 1 – \S/);
    expect(first!.plate).toMatch(/^[A-S][A-Z]{2} \d{4}$/);
    for (const p of planFleet(base)) {
      expect(slugId.safeParse(p.vehicleId).success && slugId.safeParse(p.deviceId).success && slugId.safeParse(p.crewId).success).toBe(true);
      if (p.area.kind === 'montevideo') expect(p.plate.startsWith('S')).toBe(true);
    }
  });

  it('gives vehicle n the same plan whatever the fleet size', () => {
    const small = planFleet({ ...base, vehicles: 10 });
    const large = planFleet(base);
    expect(large.slice(0, 10)).toEqual(small);
    expect(planFleet({ ...base, seed: 2 }).slice(0, 10)).not.toEqual(small);
  });

  it('follows the protocol mix and the Montevideo share', () => {
    const plans = planFleet({ ...base, vehicles: 2000 });
    const share = (p: string): number => plans.filter((x) => x.protocol === p).length / plans.length;
    expect(share('vatio')).toBeCloseTo(0.6, 1);
    expect(share('owntracks')).toBeCloseTo(0.25, 1);
    expect(share('osmand')).toBeCloseTo(0.15, 1);
    expect(plans.filter((p) => p.area.kind === 'montevideo').length / plans.length).toBeCloseTo(0.7, 1);
    expect(planFleet({ ...base, protocolMix: { vatio: 0, owntracks: 1, osmand: 0 } }).every((p) => p.protocol === 'owntracks')).toBe(true);
  });

  it('weights towns by population', () => {
    const plans = planFleet({ ...base, vehicles: 3000, montevideoShare: 0 });
    const count = (name: string): number => plans.filter((p) => p.area.kind === 'town' && p.area.locality.name === name).length;
    expect(count('Salto')).toBeGreaterThan(count('Maldonado'));
  });
});

describe('parseLocalities', () => {
  it('reads SimpleMaps records, skipping Montevideo and bad rows', () => {
    const rows = [
      { city: 'Montevideo', lat: '-34.8836', lng: '-56.1819', admin_name: 'Montevideo', population: '1719453' },
      { city: 'Salto', lat: '-31.3833', lng: '-57.9500', admin_name: 'Salto', population: '124878' },
      { city: 'Broken', lat: 'x', lng: '-57', admin_name: 'Salto', population: '1' },
    ];
    expect(parseLocalities(rows)).toEqual([{ name: 'Salto', department: 'Salto', lat: -31.3833, lon: -57.95, population: 124_878 }]);
  });
});
