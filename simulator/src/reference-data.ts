import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadStreetGraph, OSM_ATTRIBUTION, type StreetGraph } from '../../geo/src/index.ts';
import { FALLBACK_LOCALITIES, parseLocalities, SIMPLEMAPS_ATTRIBUTION, type Locality } from './localities.ts';

export const GRAPH_FILE = 'montevideo-drive-graph.osm.json';
export const LOCALITIES_FILE = 'uy-localities.simplemaps.json';

/** What the simulator reads from `shared/reference/geo/`. */
export interface ReferenceData {
  graph: StreetGraph | null;
  localities: Locality[];
  /** to show wherever simulated positions are shown */
  attributions: string[];
  /** ms spent reading, parsing and building */
  loadMs: number;
  dir: string | null;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The first of `explicit`, `<repo>/shared/reference/geo`, `<repo>/../shared/reference/geo` that
 * holds the street graph, or null.
 */
export function findReferenceDir(explicit?: string): string | null {
  const candidates = [explicit, `${repoRoot}geo/data`, `${repoRoot}shared/reference/geo`, `${repoRoot}../shared/reference/geo`].filter(
    (d): d is string => typeof d === 'string' && d.length > 0,
  );
  return candidates.find((d) => existsSync(`${d}/${GRAPH_FILE}`)) ?? null;
}

/**
 * Reads the Montevideo street graph and the localities. Missing files are not fatal: without
 * the graph Montevideo vehicles roam like town vehicles; without localities a built-in list of
 * large towns is used.
 */
export function loadReferenceData(dir: string | null): ReferenceData {
  const t0 = performance.now();
  let graph: StreetGraph | null = null;
  let localities: Locality[] = [...FALLBACK_LOCALITIES];
  const attributions: string[] = [];
  if (dir !== null && existsSync(`${dir}/${GRAPH_FILE}`)) {
    graph = loadStreetGraph(JSON.parse(readFileSync(`${dir}/${GRAPH_FILE}`, 'utf8')));
    attributions.push(graph.attribution || OSM_ATTRIBUTION);
  }
  if (dir !== null && existsSync(`${dir}/${LOCALITIES_FILE}`)) {
    const parsed = parseLocalities(JSON.parse(readFileSync(`${dir}/${LOCALITIES_FILE}`, 'utf8')));
    if (parsed.length > 0) {
      localities = parsed;
      attributions.push(SIMPLEMAPS_ATTRIBUTION);
    }
  }
  return { graph, localities, attributions, loadMs: performance.now() - t0, dir };
}
