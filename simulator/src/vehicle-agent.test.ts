import { describe, expect, it } from 'vitest';
import { buildNodeGridIndex, haversineMeters, StreetRouter } from '../../geo/src/index.ts';
import { planFleet } from './fleet-plan.ts';
import { FALLBACK_LOCALITIES } from './localities.ts';
import { MONTEVIDEO_BARRIOS } from './names.ts';
import { montevideoGraphForTests } from './test-support.ts';
import { VehicleAgent } from './vehicle-agent.ts';

const graph = montevideoGraphForTests();
const router = graph ? new StreetRouter(graph) : null;
const nodeIndex = graph ? buildNodeGridIndex(graph) : null;
const plans = planFleet({
  vehicles: 40,
  seed: 1,
  prefix: 'sim',
  montevideoShare: 0.5,
  protocolMix: { vatio: 1, owntracks: 1, osmand: 1 },
  localities: FALLBACK_LOCALITIES,
});

describe('VehicleAgent', () => {
  it('starts Montevideo crews in the barrio they are named after', () => {
    for (const plan of plans) {
      if (plan.area.kind !== 'montevideo') continue;
      const barrio = MONTEVIDEO_BARRIOS.find((b) => plan.crewName.endsWith(`– ${b.name}`));
      expect(barrio).toBeDefined();
      const agent = new VehicleAgent({ plan, router, nodeIndex });
      const { fix } = agent.tick(0);
      expect(haversineMeters(barrio!, fix)).toBeLessThan(2000);
    }
  });

  it('keeps town vehicles around their town', () => {
    for (const plan of plans) {
      if (plan.area.kind !== 'town') continue;
      const agent = new VehicleAgent({ plan, router, nodeIndex, warmUpSeconds: 600 });
      const { fix } = agent.tick(0);
      expect(haversineMeters(plan.area.locality, fix)).toBeLessThan(8000);
    }
  });

  it('resumes from the last known position after a restart', () => {
    const plan = plans.find((p) => p.area.kind === 'montevideo')!;
    const lastSeen = { lat: -34.9106, lon: -56.1506 };
    const agent = new VehicleAgent({ plan, router, nodeIndex, startAt: lastSeen, warmUpSeconds: 600 });
    expect(haversineMeters(lastSeen, agent.tick(0).fix)).toBeLessThan(graph ? 300 : 50);
  });

  it('reports on a steady cadence and sends nothing while its link is down', () => {
    const agent = new VehicleAgent({ plan: plans[0]!, router, nodeIndex });
    expect(agent.tick(0).send).toHaveLength(1);
    agent.uplink.dropFor(5.5);
    const during = [1, 2, 3, 4, 5].map((s) => agent.tick(s * 1000).send.length);
    expect(during).toEqual([0, 0, 0, 0, 0]);
    expect(agent.tick(6000).send.map((f) => f.t)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
  });
});
