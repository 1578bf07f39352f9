import { describe, expect, it } from 'vitest';
import { osmandTime, parseOsmandParams, parseOwnTracks, parseTraccarJson, parseVatio } from './tracking.parsers.ts';

const NOW = Date.parse('2026-11-28T12:00:00Z');

describe('Vatio JSON parser', () => {
  it('reads one fix with ISO time and SI units', () => {
    const r = parseVatio(
      JSON.stringify({ t: '2026-11-28T11:59:58Z', lat: -34.9, lon: -56.16, speed: 12.5, heading: 270, acc: 8, batt: 77 }),
      'u1',
      NOW,
    );
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.fixes).toEqual([
      {
        deviceId: 'u1',
        protocol: 'vatio',
        receivedMs: NOW,
        fixMs: Date.parse('2026-11-28T11:59:58Z'),
        lat: -34.9,
        lon: -56.16,
        speed: 12.5,
        heading: 270,
        accuracy: 8,
        battery: 77,
      },
    ]);
  });

  it('reads an array of buffered fixes with epoch-ms times', () => {
    const r = parseVatio(JSON.stringify([{ t: NOW - 2000, lat: -34.9, lon: -56.1 }, { t: NOW - 1000, lat: -34.91, lon: -56.1 }]), 'u1', NOW);
    expect(r.ok && r.fixes.map((f) => f.fixMs)).toEqual([NOW - 2000, NOW - 1000]);
  });

  it('rejects what is not JSON, wrong types and missing fields, with the reason', () => {
    expect(parseVatio('{"t":', 'u1', NOW)).toMatchObject({ ok: false, reason: 'malformed', detail: 'not JSON' });
    expect(parseVatio('{"t":"x","lat":"-34","lon":-56}', 'u1', NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseVatio('{"lat":-34,"lon":-56}', 'u1', NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseVatio('[]', 'u1', NOW)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('rejects payloads over 64 KB before parsing them', () => {
    const big = JSON.stringify({ t: NOW, lat: 1, lon: 1, pad: 'x'.repeat(70_000) });
    expect(parseVatio(big, 'u1', NOW)).toMatchObject({ ok: false, reason: 'payload_too_large' });
  });

  it('leaves an unreadable time as NaN for the validate step to reject', () => {
    const r = parseVatio('{"t":"yesterday","lat":-34.9,"lon":-56.1}', 'u1', NOW);
    expect(r.ok && Number.isNaN(r.fixes[0]?.fixMs)).toBe(true);
  });
});

describe('OwnTracks parser', () => {
  it('converts vel from km/h to m/s and tst from seconds', () => {
    const r = parseOwnTracks(
      JSON.stringify({ _type: 'location', lat: -34.9, lon: -56.1, tst: 1795867200, vel: 36, cog: 90, acc: 12, batt: 50, tid: 'ab' }),
      'phone1',
      NOW,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fixes[0]?.fixMs).toBe(1795867200_000);
    expect(r.fixes[0]?.speed).toBeCloseTo(10, 9);
    expect(r.fixes[0]?.heading).toBe(90);
  });

  it('ignores messages that carry no location (lwt, transition)', () => {
    const r = parseOwnTracks('{"_type":"lwt","tst":1795867200}', 'phone1', NOW);
    expect(r).toEqual({ ok: true, fixes: [], ignored: 'lwt' });
  });

  it('refuses a location without coordinates', () => {
    expect(parseOwnTracks('{"_type":"location","tst":1}', 'p', NOW)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('treats omitted zero fields as absent (the spec omits fields equal to 0)', () => {
    const r = parseOwnTracks('{"_type":"location","lat":-34.9,"lon":-56.1,"tst":1795867200}', 'p', NOW);
    expect(r.ok && r.fixes[0]).toMatchObject({ speed: null, heading: null, accuracy: null, battery: null });
  });
});

describe('OsmAnd / Traccar Client parsers', () => {
  it('reads speed in knots', () => {
    const r = parseOsmandParams({ id: 'car7', lat: '-34.9', lon: '-56.16', timestamp: '1795867200', speed: '10', bearing: '45', batt: '80' }, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.deviceId).toBe('car7');
    expect(r.fixes[0]?.speed).toBeCloseTo(5.144444, 5);
    expect(r.fixes[0]?.fixMs).toBe(1795867200_000);
  });

  it('accepts timestamps in seconds, milliseconds (≥ 2^31) and ISO 8601', () => {
    expect(osmandTime('1795867200')).toBe(1795867200_000);
    expect(osmandTime('1795867200123')).toBe(1795867200123);
    expect(osmandTime('2026-11-28T12:00:00Z')).toBe(NOW);
    expect(Number.isNaN(osmandTime('garbage'))).toBe(true);
    expect(Number.isNaN(osmandTime(undefined))).toBe(true);
  });

  it('accepts location=lat,lon and deviceid', () => {
    const r = parseOsmandParams({ deviceid: 'x', location: '-34.9,-56.2', timestamp: '1795867200' }, NOW);
    expect(r.ok && r.fixes[0]).toMatchObject({ lat: -34.9, lon: -56.2 });
  });

  it('needs an id and coordinates', () => {
    expect(parseOsmandParams({ lat: '1', lon: '2' }, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseOsmandParams({ id: 'a', lat: '1' }, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('marks non-numeric values NaN so validation rejects them', () => {
    const r = parseOsmandParams({ id: 'a', lat: 'abc', lon: '2', timestamp: '1795867200' }, NOW);
    expect(r.ok && Number.isNaN(r.fixes[0]?.lat)).toBe(true);
  });

  it('reads Traccar Client JSON: m/s, negative heading = unknown, battery 0–1', () => {
    const r = parseTraccarJson(
      {
        device_id: 'tc1',
        location: {
          timestamp: '2026-11-28T11:59:00.000Z',
          coords: { latitude: -34.9, longitude: -56.1, accuracy: 5, speed: 3, heading: -1, altitude: 20 },
          is_moving: true,
          odometer: 0,
          battery: { level: 0.42, is_charging: false },
        },
      },
      NOW,
    );
    expect(r.ok && r.fixes[0]).toMatchObject({ deviceId: 'tc1', speed: 3, heading: null, battery: 42, accuracy: 5 });
  });
});
