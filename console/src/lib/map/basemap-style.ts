import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

/** Colours of the offline basemap. The wall theme is dark so vehicles pop from 5 m away. */
export interface Palette {
  sea: string;
  land: string;
  landOutline: string;
  uruguay: string;
  departmentLine: string;
  street: string;
  streetOpacity: number;
}

export const palettes = {
  light: {
    sea: '#b9d3e6',
    land: '#ecebe6',
    landOutline: '#a9a9a0',
    uruguay: '#fbfaf5',
    departmentLine: '#8a8a80',
    street: '#a7a59b',
    streetOpacity: 0.8,
  },
  wall: {
    sea: '#0b1624',
    land: '#1a2230',
    landOutline: '#3a4658',
    uruguay: '#222d3d',
    departmentLine: '#556276',
    street: '#3f4c60',
    streetOpacity: 0.9,
  },
} as const satisfies Record<string, Palette>;

export type Theme = keyof typeof palettes;

export const URUGUAY_ISO_NUMERIC = '858';

/** Files built by console/scripts/prepare-geo.ts and served from console/public/geo/. */
export const geoFiles = {
  countries: 'geo/countries.geojson',
  departments: 'geo/uy-departments.geojson',
  departmentLabels: 'geo/uy-department-labels.json',
  streets: 'geo/montevideo-streets.geojson',
} as const;

/**
 * A style with no remote resource at all: no tiles, no sprite and no glyphs (so no text in
 * maplibre; labels are drawn by deck.gl with canvas fonts). The layer components add their
 * GeoJSON sources on mount.
 */
export function offlineStyle(palette: Palette): StyleSpecification {
  return {
    version: 8,
    name: 'vatio-offline',
    sources: {},
    layers: [{ id: 'sea', type: 'background', paint: { 'background-color': palette.sea } }],
  };
}

export function countryLayers(palette: Palette, source: string): LayerSpecification[] {
  return [
    {
      id: 'countries-fill',
      type: 'fill',
      source,
      filter: ['!=', ['get', 'iso'], URUGUAY_ISO_NUMERIC],
      paint: { 'fill-color': palette.land },
    },
    {
      id: 'countries-line',
      type: 'line',
      source,
      paint: { 'line-color': palette.landOutline, 'line-width': 0.8 },
    },
  ];
}

export function departmentLayers(palette: Palette, source: string): LayerSpecification[] {
  return [
    { id: 'departments-fill', type: 'fill', source, paint: { 'fill-color': palette.uruguay } },
    {
      id: 'departments-line',
      type: 'line',
      source,
      paint: { 'line-color': palette.departmentLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.6, 10, 1.6] },
    },
  ];
}

export function streetLayers(palette: Palette, source: string): LayerSpecification[] {
  return [
    {
      id: 'streets-line',
      type: 'line',
      source,
      minzoom: 10,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': palette.street,
        'line-opacity': palette.streetOpacity,
        'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 10, 0.3, 13, 1, 16, 3, 18, 7],
      },
    },
  ];
}

/** Default credits for the data drawn by the offline basemap (see shared/reference/geo/SOURCES.md). */
export const defaultAttributions: readonly string[] = [
  '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">© OpenStreetMap contributors</a> (ODbL)',
  '<a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener">Natural Earth</a>',
];

/**
 * Ours first (they carry the links the licences ask for), then the server's (config/public),
 * skipping one that names the same source: "© OpenStreetMap contributors (ODbL)" and
 * "OpenStreetMap contributors" are the same credit.
 */
export function mergeAttributions(defaults: readonly string[], fromServer: readonly string[] | null | undefined): string[] {
  const plain = (s: string): string =>
    s
      .replace(/<[^>]*>/g, '')
      .replace(/\([^)]*\)/g, '')
      .replace(/©/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  const out = [...defaults];
  const seen = new Set(defaults.map(plain));
  for (const a of fromServer ?? []) {
    const key = plain(a);
    if (key.length > 0 && !seen.has(key)) {
      seen.add(key);
      out.push(escapeHtml(a));
    }
  }
  return out;
}

/** Server text is shown as text, never as markup. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Initial view: Uruguay with the Río de la Plata; Montevideo is bottom centre. */
export const uruguayBounds: [[number, number], [number, number]] = [[-58.6, -35.1], [-53.0, -30.0]];
export const montevideoView = { center: [-56.17, -34.85] as [number, number], zoom: 11 };
