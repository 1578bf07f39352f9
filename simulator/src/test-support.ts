import { existsSync, readFileSync } from 'node:fs';
import { loadStreetGraph, type StreetGraph } from '../../geo/src/index.ts';
import { findReferenceDir, GRAPH_FILE } from './reference-data.ts';

/** The Montevideo graph for tests, or null when the reference data is not on this machine. */
export function montevideoGraphForTests(): StreetGraph | null {
  const dir = findReferenceDir();
  if (dir === null || !existsSync(`${dir}/${GRAPH_FILE}`)) return null;
  return loadStreetGraph(JSON.parse(readFileSync(`${dir}/${GRAPH_FILE}`, 'utf8')));
}

/** Implied speed between two fixes, km/h. */
export function impliedKmh(a: { t: number; lat: number; lon: number }, b: { t: number; lat: number; lon: number }, metres: number): number {
  const dt = (b.t - a.t) / 1000;
  return dt > 0 ? (metres / dt) * 3.6 : 0;
}
