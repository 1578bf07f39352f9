import { describe, expect, it } from 'vitest';
import { countryLayers, defaultAttributions, departmentLayers, mergeAttributions, offlineStyle, palettes, streetLayers } from './basemap-style.ts';

describe('offlineStyle', () => {
  it('needs nothing from the network: no tiles, sprite or glyphs', () => {
    const style = offlineStyle(palettes.light);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:/);
    expect(style.layers[0]).toMatchObject({ type: 'background', paint: { 'background-color': palettes.light.sea } });
  });

  it('has no text layers anywhere (text would need glyphs)', () => {
    const layers = [...countryLayers(palettes.wall, 's'), ...departmentLayers(palettes.wall, 's'), ...streetLayers(palettes.wall, 's')];
    expect(layers.map((l) => l.type)).not.toContain('symbol');
    expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
  });
});

describe('mergeAttributions', () => {
  it('keeps ours, adds the server\'s new ones as plain text and skips repeats', () => {
    const out = mergeAttributions(defaultAttributions, [
      '© OpenStreetMap contributors (ODbL)',
      'Natural Earth (public domain)',
      'GeoNames <geonames.org>',
      '',
    ]);
    expect(out).toHaveLength(3);
    expect(out[0]).toContain('openstreetmap.org/copyright');
    expect(out[2]).toBe('GeoNames &#60;geonames.org&#62;');
  });
});
