import { describe, expect, it } from 'vitest';
import {
  canDo,
  completionValues,
  crewMayWork,
  TINY_PNG_DATA_URL,
  insideMontevideo,
  isOurs,
  nextTrickleDelaySeconds,
  planCrewCapabilities,
  planInitialBatch,
  planTrickleOrder,
  uruguayanPhone,
  type PlanCrew,
  type PlanOrderType,
} from './demo-workload.plan.ts';
import { createRng } from './rng.ts';
import { MONTEVIDEO_BARRIOS } from './names.ts';
import { haversineMeters } from '../../geo/src/index.ts';

// The catalogue of migration 0002 (the runner reads it from GET /api/v1/order-types)
const t = (code: string, skills: string[], equipment: string[], defaultPriority: PlanOrderType['defaultPriority'] = 'normal'): PlanOrderType => ({
  code,
  name: code,
  defaultPriority,
  requiredSkills: skills,
  requiredEquipment: equipment,
  durationMinutes: 30,
  active: true,
});
const TYPES: PlanOrderType[] = [
  t('installation', ['installation'], ['ladder']),
  t('inspection', ['inspection'], []),
  t('meter_change', ['metering'], ['ladder']),
  t('cut', ['cut'], []),
  t('reconnection', ['cut'], [], 'high'),
  t('removal', ['metering'], [], 'low'),
  t('emergency', ['emergency'], ['bucket_truck'], 'emergency'),
  t('leak', ['emergency'], [], 'emergency'),
  t('other', [], []),
];

const crews: PlanCrew[] = Array.from({ length: 30 }, (_, i) => ({
  id: `demo-c${String(i + 1).padStart(4, '0')}`,
  skills: [],
  equipment: [],
  inMontevideo: i % 10 < 7,
  home: { lat: -34.9, lon: -56.16 },
}));

const equipped = () => {
  const caps = planCrewCapabilities({ seed: 1, crews, types: TYPES });
  return crews.map((c) => {
    const p = caps.find((x) => x.crewId === c.id);
    return { ...c, skills: p?.skills ?? c.skills, equipment: p?.equipment ?? c.equipment };
  });
};
const NOW = Date.parse('2026-11-28T13:00:00Z'); // 10:00 in Montevideo

describe('planCrewCapabilities', () => {
  it('gives every crew inspection and cut, most metering with a ladder, some installation, a few Montevideo crews emergencies', () => {
    const caps = planCrewCapabilities({ seed: 1, crews, types: TYPES });
    expect(caps).toHaveLength(30);
    expect(caps.every((c) => c.skills.includes('inspection') && c.skills.includes('cut'))).toBe(true);
    const metering = caps.filter((c) => c.skills.includes('metering'));
    expect(metering.length).toBeGreaterThan(15);
    expect(metering.every((c) => c.equipment.includes('ladder'))).toBe(true);
    const installers = caps.filter((c) => c.skills.includes('installation'));
    expect(installers.length).toBeGreaterThan(3);
    expect(installers.length).toBeLessThan(20);
    expect(installers.every((c) => c.equipment.includes('ladder'))).toBe(true);
    const emergency = caps.filter((c) => c.skills.includes('emergency'));
    expect(emergency.length).toBeGreaterThanOrEqual(2);
    expect(emergency.length).toBeLessThanOrEqual(6);
    expect(emergency.every((c) => c.equipment.includes('bucket_truck') && crews.find((x) => x.id === c.crewId)?.inMontevideo)).toBe(true);
  });

  it('reads requirements from the order types and leaves crews that already have skills alone', () => {
    const custom = TYPES.map((x) => (x.code === 'cut' ? { ...x, requiredSkills: ['disconnection'], requiredEquipment: ['seal_kit'] } : x));
    const withOne = crews.map((c, i) => (i === 0 ? { ...c, skills: ['special'] } : c));
    const caps = planCrewCapabilities({ seed: 1, crews: withOne, types: custom });
    expect(caps).toHaveLength(29);
    expect(caps.find((c) => c.crewId === 'demo-c0001')).toBeUndefined();
    expect(caps.every((c) => c.skills.includes('disconnection') && c.equipment.includes('seal_kit') && !c.skills.includes('cut'))).toBe(true);
  });

  it('is deterministic for the seed', () => {
    expect(planCrewCapabilities({ seed: 1, crews, types: TYPES })).toEqual(planCrewCapabilities({ seed: 1, crews, types: TYPES }));
    expect(planCrewCapabilities({ seed: 2, crews, types: TYPES })).not.toEqual(planCrewCapabilities({ seed: 1, crews, types: TYPES }));
  });
});

describe('planInitialBatch', () => {
  const ctx = () => ({ seed: 1, types: TYPES, crews: equipped(), now: NOW, count: 30, openOrders: 0 });

  it('plans the requested number of orders inside Montevideo, within 600 m of a barrio centre', () => {
    const batch = planInitialBatch(ctx());
    expect(batch).toHaveLength(30);
    for (const p of batch) {
      expect(insideMontevideo(p.body.location)).toBe(true);
      const barrio = MONTEVIDEO_BARRIOS.find((b) => b.name === p.barrio);
      expect(barrio).toBeDefined();
      expect(haversineMeters(barrio!, p.body.location)).toBeLessThanOrEqual(601);
      expect(p.body.address).toBe(`${p.barrio}, Montevideo`);
      expect(p.body.accountRef).toMatch(/^\d{7}$/);
      if (p.body.contactPhone) expect(p.body.contactPhone.replace(/\D/g, '')).toMatch(/^(09[1-9]\d{6}|2\d{7})$/);
      expect(p.body.notes.length).toBeGreaterThan(5);
    }
  });

  it('only uses types some Montevideo crew can do', () => {
    const noEmergencyCrews = equipped().map((c) => ({ ...c, skills: c.skills.filter((s) => s !== 'emergency' && s !== 'installation') }));
    const batch = planInitialBatch({ ...ctx(), crews: noEmergencyCrews });
    expect(batch.length).toBe(30);
    const codes = new Set(batch.map((p) => p.body.typeCode));
    expect(codes.has('installation')).toBe(false);
    expect(codes.has('emergency') || codes.has('leak')).toBe(false);
    for (const p of batch) {
      const type = TYPES.find((x) => x.code === p.body.typeCode)!;
      expect(noEmergencyCrews.some((c) => c.inMontevideo && canDo(c, type))).toBe(true);
    }
  });

  it('has a realistic mix: several types, one emergency left unassigned, about a third assigned, some appointments', () => {
    const batch = planInitialBatch(ctx());
    expect(new Set(batch.map((p) => p.body.typeCode)).size).toBeGreaterThanOrEqual(4);
    const urgent = batch.filter((p) => p.body.typeCode === 'emergency' || p.body.typeCode === 'leak');
    expect(urgent).toHaveLength(1);
    expect(urgent[0]?.then).toBe('leave');
    const assigned = batch.filter((p) => p.then !== 'leave').length;
    expect(assigned).toBeGreaterThanOrEqual(5);
    expect(assigned).toBeLessThanOrEqual(16);
    expect(batch.some((p) => p.then === 'dispatch')).toBe(true);
    const windows = batch.filter((p) => p.body.window);
    expect(windows.length).toBeGreaterThan(2);
    for (const p of windows) {
      expect(Date.parse(p.body.window!.start)).toBeGreaterThan(NOW);
      expect(Date.parse(p.body.window!.start)).toBeLessThan(NOW + 2 * 86_400_000);
      expect(p.body.window!.start).toMatch(/T(08|10|12|14|16):00:00-03:00$/);
    }
    expect(new Set(batch.map((p) => p.body.source))).toEqual(new Set(['dunning', 'request', 'manual', 'emergency_call']));
  });

  it('is deterministic for the seed and differs between seeds', () => {
    expect(planInitialBatch(ctx())).toEqual(planInitialBatch(ctx()));
    expect(planInitialBatch({ ...ctx(), seed: 2 })).not.toEqual(planInitialBatch(ctx()));
  });

  it('plans nothing on a second run when orders are open, or when switched off', () => {
    expect(planInitialBatch({ ...ctx(), openOrders: 30 })).toEqual([]);
    expect(planInitialBatch({ ...ctx(), openOrders: 1 })).toEqual([]);
    expect(planInitialBatch({ ...ctx(), count: 0 })).toEqual([]);
  });

  it('snaps to the street graph when given a snapper', () => {
    const batch = planInitialBatch({ ...ctx(), snap: (p) => ({ lat: Math.round(p.lat * 100) / 100, lon: Math.round(p.lon * 100) / 100 }) });
    expect(batch.every((p) => Math.abs(p.body.location.lat * 100 - Math.round(p.body.location.lat * 100)) < 1e-6)).toBe(true);
  });
});

describe('the running trickle', () => {
  it('now and then brings an emergency or a leak, left for a person first', () => {
    const plans = Array.from({ length: 200 }, (_, n) => planTrickleOrder({ seed: 1, types: TYPES, crews: equipped(), now: NOW, n }));
    const urgent = plans.filter((p) => p && (p.body.typeCode === 'emergency' || p.body.typeCode === 'leak'));
    expect(urgent.length).toBeGreaterThan(8);
    expect(urgent.length).toBeLessThan(50);
    expect(urgent.every((p) => p?.then === 'leave')).toBe(true);
    expect(planTrickleOrder({ seed: 1, types: TYPES, crews: equipped(), now: NOW, n: 7 })).toEqual(
      planTrickleOrder({ seed: 1, types: TYPES, crews: equipped(), now: NOW, n: 7 }),
    );
  });

  it('spaces orders around 3600 / rate seconds', () => {
    const gaps = Array.from({ length: 500 }, (_, n) => nextTrickleDelaySeconds(1, n, 12));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(200);
    expect(mean).toBeLessThan(400);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(900);
  });
});

describe('isOurs', () => {
  it('is true only for orders the workload created and nobody else touched (the geofence is not a person)', () => {
    expect(isOurs([{ actor: 'simulador', action: 'create' }, { actor: 'simulador', action: 'assign' }, { actor: 'geofence', action: 'arrive' }], 'simulador')).toBe(true);
    expect(isOurs([{ actor: 'simulador', action: 'create' }, { actor: 'ana', action: 'unassign' }], 'simulador')).toBe(false);
    expect(isOurs([{ actor: 'ana', action: 'create' }], 'simulador')).toBe(false);
    expect(isOurs([], 'simulador')).toBe(false);
  });
});

it('Uruguayan phones pass the order contract (6–15 digits, digits and spaces)', () => {
  const rng = createRng(3);
  for (let i = 0; i < 50; i++) expect(uruguayanPhone(rng)).toMatch(/^(09[1-9] \d{3} \d{3}|2\d{3} \d{4})$/);
});

describe('simulated crews', () => {
  it('fill every completion field of the catalogue with values the server accepts', () => {
    const fields = [
      { key: 'meter_serial', label: 'Serie', kind: 'text' as const, required: true },
      { key: 'reading', label: 'Lectura', kind: 'number' as const, required: true },
      { key: 'seal', label: 'Precinto', kind: 'text' as const, required: true, pattern: '^P\\d{6}$' },
      { key: 'signature', label: 'Firma', kind: 'signature' as const, required: true },
      { key: 'photo', label: 'Foto', kind: 'photo' as const, required: true },
      { key: 'ok', label: 'Conforme', kind: 'boolean' as const, required: true },
    ];
    for (let i = 0; i < 20; i++) {
      const r = completionValues(createRng(i), fields);
      expect('values' in r).toBe(true);
      if (!('values' in r)) continue;
      expect(r.values['meter_serial']).toEqual(expect.any(String));
      expect(r.values['reading']).toEqual(expect.any(Number));
      expect(String(r.values['seal'])).toMatch(/^P\d{6}$/);
      expect(r.values['signature']).toBe(TINY_PNG_DATA_URL);
      expect(r.values['photo']).toMatch(/^data:image\/png;base64,/);
      expect(typeof r.values['ok']).toBe('boolean');
    }
  });

  it('match a custom pattern from the generic candidates, or name the field they cannot fill', () => {
    const eight = completionValues(createRng(1), [{ key: 'code', label: 'Código', kind: 'text', required: true, pattern: '^\\d{8}$' }]);
    expect('values' in eight && /^\d{8}$/.test(String(eight.values['code']))).toBe(true);
    const odd = completionValues(createRng(1), [{ key: 'code', label: 'Código QR', kind: 'text', required: true, pattern: '^QR-[a-z]{3}$' }]);
    expect(odd).toEqual({ missing: 'Código QR' });
  });

  it('follow any dispatcher, but leave an order a person has started working as a crew', () => {
    expect(crewMayWork([{ actor: 'ana', action: 'create' }, { actor: 'ana', action: 'dispatch' }], 'simulador')).toBe(true);
    expect(crewMayWork([{ actor: 'simulador', action: 'acknowledge' }, { actor: 'geofence', action: 'arrive' }], 'simulador')).toBe(true);
    expect(crewMayWork([{ actor: 'ana', action: 'dispatch' }, { actor: 'juan', action: 'acknowledge' }], 'simulador')).toBe(false);
    expect(crewMayWork([{ actor: 'geofence', action: 'arrive' }, { actor: 'juan', action: 'undo_arrival' }], 'simulador')).toBe(false);
  });
});
