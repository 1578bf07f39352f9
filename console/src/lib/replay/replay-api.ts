import { z } from 'zod';
import { api } from '../api.ts';

/** optional coordinates arrive as null or not at all */
const coord = z.number().nullish().transform((v) => v ?? null);
const point = z.tuple([z.number(), z.number(), z.number(), z.number().nullable(), z.number().nullable()]);

export const replayTrack = z.object({
  vehicleId: z.string(),
  label: z.string(),
  crewId: z.string().nullable(),
  points: z.array(point),
});
export type ReplayTrack = z.infer<typeof replayTrack>;

export const replayEvent = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  orderId: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  crewId: z.string().nullable(),
  crewLat: coord,
  crewLon: coord,
  orderLat: coord,
  orderLon: coord,
  typeCode: z.string().nullable().optional(),
  priority: z.string().nullable().optional(),
});
export type ReplayEvent = z.infer<typeof replayEvent>;

export const replayResult = z.object({
  from: z.string(),
  to: z.string(),
  tracks: z.array(replayTrack),
  events: z.array(replayEvent),
  truncated: z.boolean(),
});
export type ReplayResult = z.infer<typeof replayResult>;

const crewList = z.object({ crews: z.array(z.object({ id: z.string(), name: z.string() })) });

export const replayApi = {
  load: (query: string, signal?: AbortSignal) => api(`/api/v1/replay?${query}`, replayResult, signal ? { signal } : {}),
  crews: () => api('/api/v1/crews', crewList),
};

/** Export links (same query; the session cookie authenticates the download). */
export function exportUrls(query: string): { gpx: string; csv: string; geojson: string } {
  return {
    gpx: `/api/v1/replay/tracks.gpx?${query}`,
    csv: `/api/v1/replay/events.csv?${query}`,
    geojson: `/api/v1/replay/events.geojson?${query}`,
  };
}
