import { describe, expect, it } from 'vitest';
import { customerPhone, fitWithin, geoLink, osmLink, telLink } from './links.ts';

describe('navigation and call links', () => {
  it('builds a geo: link with the address as the label', () => {
    expect(geoLink({ lat: -34.9011, lon: -56.1645, address: 'Av. 18 de Julio 1360' })).toBe('geo:-34.9011,-56.1645?q=-34.9011,-56.1645(Av.%2018%20de%20Julio%201360)');
  });
  it('offers OpenStreetMap directions as the Google-free alternative', () => {
    expect(osmLink({ lat: -34.9, lon: -56.16 })).toContain('openstreetmap.org/directions');
    expect(osmLink({ lat: -34.9, lon: -56.16 })).toContain('-34.9%2C-56.16');
  });
  it('offers a call only when the order has a contact phone', () => {
    expect(customerPhone({ contactPhone: ' 099 123 456 ' })).toBe('099 123 456');
    expect(customerPhone({ contactPhone: null })).toBeNull();
    expect(customerPhone({ contactPhone: '  ' })).toBeNull();
    expect(customerPhone({})).toBeNull();
  });
  it('dials only digits and the plus sign', () => {
    expect(telLink('+598 99 123 456')).toBe('tel:+59899123456');
  });
});

describe('photo sizing', () => {
  it('fits the longer side within 1280 px and keeps the aspect', () => {
    expect(fitWithin(4000, 3000, 1280)).toEqual({ width: 1280, height: 960 });
    expect(fitWithin(3000, 4000, 1280)).toEqual({ width: 960, height: 1280 });
  });
  it('never enlarges a small picture', () => {
    expect(fitWithin(640, 480, 1280)).toEqual({ width: 640, height: 480 });
  });
});
