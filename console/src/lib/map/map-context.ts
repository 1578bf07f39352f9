import { getContext, setContext } from 'svelte';
import type { LayerSpecification, Map as MaplibreMap } from 'maplibre-gl';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';

/**
 * The one map instance and its deck.gl overlay, shared with the layer components. deck.gl takes
 * one layer list, so each component owns a named slot; `order` decides drawing order.
 */
export interface MapContext {
  map: MaplibreMap;
  overlay: MapboxOverlay;
  setDeckLayers(key: string, order: number, layers: readonly Layer[]): void;
  removeDeckLayers(key: string): void;
}

const KEY = Symbol('vatio-map');

export function provideMap(ctx: MapContext): void {
  setContext(KEY, ctx);
}

export function useMap(): MapContext {
  const ctx = getContext<MapContext | undefined>(KEY);
  if (!ctx) throw new Error('map layer component used outside <MapView>');
  return ctx;
}

/** Adds a GeoJSON source and its layers; returns the undo (layers first, then the source). */
export function addGeoJsonLayers(
  map: MaplibreMap,
  opts: { source: string; /** URL of a GeoJSON file */ data: string; layers: readonly LayerSpecification[] },
): () => void {
  map.addSource(opts.source, { type: 'geojson', data: opts.data });
  for (const layer of opts.layers) map.addLayer(layer);
  return () => {
    if (!map.style) return; // map already removed
    for (const layer of opts.layers) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
    if (map.getSource(opts.source)) map.removeSource(opts.source);
  };
}

type PaintName = Parameters<MaplibreMap['setPaintProperty']>[1];

/** Re-applies the paint properties of layers after a theme switch (never rebuilds the style). */
export function repaint(map: MaplibreMap, layers: readonly LayerSpecification[]): void {
  for (const layer of layers) {
    if (!('paint' in layer) || !layer.paint || !map.getLayer(layer.id)) continue;
    for (const [prop, value] of Object.entries(layer.paint)) {
      map.setPaintProperty(layer.id, prop as PaintName, value);
    }
  }
}

/** Public files (console/public) resolve against the document, whatever the route. */
export function publicUrl(path: string): string {
  return new URL(path, document.baseURI).href;
}
