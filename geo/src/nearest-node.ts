import type { LatLon } from './lat-lon.ts';
import { haversineRaw } from './spherical.ts';
import type { StreetGraph } from './street-graph.ts';

/** Result of a nearest-node query. */
export interface NearestNode {
  node: number;
  distanceM: number;
}

/**
 * A uniform grid over a graph's bbox (cells of about `cellMeters`), stored as CSR typed arrays,
 * answering nearest-node queries by searching rings of cells outward.
 */
export interface NodeGridIndex {
  nearest(p: LatLon): NearestNode | null;
}

/**
 * Builds a grid index of the nodes of `graph`.
 *
 * @example
 * const index = buildNodeGridIndex(graph);
 * index.nearest({ lat: -34.9058, lon: -56.1913 }); // { node: 1119, distanceM: 27.05 } (Plaza Independencia)
 */
export function buildNodeGridIndex(graph: StreetGraph, cellMeters = 250): NodeGridIndex {
  const [w, s, e, n] = graph.bbox;
  const midLat = ((s + n) / 2) * (Math.PI / 180);
  const cellLat = cellMeters / 111_195;
  const cellLon = cellLat / Math.max(0.01, Math.cos(midLat));
  const cols = Math.max(1, Math.ceil((e - w) / cellLon) + 1);
  const rows = Math.max(1, Math.ceil((n - s) / cellLat) + 1);
  const cellOf = (lat: number, lon: number): [number, number] => [
    Math.min(cols - 1, Math.max(0, Math.floor((lon - w) / cellLon))),
    Math.min(rows - 1, Math.max(0, Math.floor((lat - s) / cellLat))),
  ];
  const count = new Uint32Array(cols * rows + 1);
  const nodeCell = new Uint32Array(graph.nodeCount);
  for (let i = 0; i < graph.nodeCount; i++) {
    const [cx, cy] = cellOf(graph.lat[i]!, graph.lon[i]!);
    const c = cy * cols + cx;
    nodeCell[i] = c;
    count[c + 1]!++;
  }
  for (let c = 0; c < cols * rows; c++) count[c + 1]! += count[c]!;
  const start = count.slice();
  const items = new Uint32Array(graph.nodeCount);
  for (let i = 0; i < graph.nodeCount; i++) items[start[nodeCell[i]!]!++] = i;

  // The smallest real distance covered by one ring of cells, for the stopping rule.
  const ringMeters = 0.98 * Math.min(cellMeters, cellLon * 111_195 * Math.cos(midLat));

  return {
    nearest(p: LatLon): NearestNode | null {
      if (graph.nodeCount === 0) return null;
      const [cx, cy] = cellOf(p.lat, p.lon);
      // Distance from p to the grid when p is outside it: rings start counting from there.
      const outside = Math.max(0, w - p.lon, p.lon - e) * 111_195 * Math.cos(midLat) + Math.max(0, s - p.lat, p.lat - n) * 111_195;
      let best = -1;
      let bestD = Infinity;
      const maxRing = Math.max(cols, rows);
      for (let r = 0; r <= maxRing; r++) {
        for (let y = cy - r; y <= cy + r; y++) {
          if (y < 0 || y >= rows) continue;
          const edgeRow = y === cy - r || y === cy + r;
          for (let x = cx - r; x <= cx + r; x += edgeRow ? 1 : 2 * r || 1) {
            if (x < 0 || x >= cols) continue;
            const c = y * cols + x;
            for (let k = count[c]!; k < count[c + 1]!; k++) {
              const node = items[k]!;
              const d = haversineRaw(p.lat, p.lon, graph.lat[node]!, graph.lon[node]!);
              if (d < bestD) {
                bestD = d;
                best = node;
              }
            }
          }
        }
        // Every node not yet seen is at least r cells (≥ r·ringMeters) beyond p's cell, and at
        // least as far as the grid itself when p lies outside it.
        if (best >= 0 && bestD <= Math.max(outside, r * ringMeters)) break;
      }
      return best < 0 ? null : { node: best, distanceM: bestD };
    },
  };
}
