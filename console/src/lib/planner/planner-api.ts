import { z } from 'zod';
import { api, apiVoid } from '../api.ts';
import {
  crewShift,
  rosterSummary,
  rosterView,
  shiftConfig,
  shiftRequestInput,
  type RosterEditInput,
  type RosterGenerateInput,
  type ShiftConfig,
  type ShiftRequestInput,
} from '../contracts.ts';

export const crewList = z.object({ crews: z.array(z.object({ id: z.string(), name: z.string() })) });
export type CrewRef = { id: string; name: string };

const rosterList = z.union([z.object({ rosters: z.array(rosterSummary) }), z.array(rosterSummary).transform((rosters) => ({ rosters }))]);
const shiftRequestList = z.object({ requests: z.array(z.intersection(shiftRequestInput, z.object({ id: z.number() }))) });
const shiftList = z.object({ shifts: z.array(crewShift) });

const enc = encodeURIComponent;

/** The planner's calls (contracts in server/src/contracts/shifts.ts). */
export const plannerApi = {
  crews: () => api('/api/v1/crews', crewList),
  config: () => api('/api/v1/shift-config', shiftConfig),
  saveConfig: (c: ShiftConfig) => api('/api/v1/shift-config', shiftConfig, { method: 'PUT', body: c }),
  requests: (from?: string, to?: string) => {
    const qs = new URLSearchParams(Object.entries({ from, to }).filter((e): e is [string, string] => !!e[1])).toString();
    return api(`/api/v1/shift-requests${qs ? `?${qs}` : ''}`, shiftRequestList);
  },
  addRequest: (r: ShiftRequestInput) => api('/api/v1/shift-requests', z.unknown(), { method: 'POST', body: r }),
  deleteRequest: (id: number) => apiVoid(`/api/v1/shift-requests/${id}`, { method: 'DELETE' }),
  rosters: (q: { status?: string; from?: string; to?: string } = {}) => {
    const qs = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString();
    return api(`/api/v1/rosters${qs ? `?${qs}` : ''}`, rosterList);
  },
  generate: (input: RosterGenerateInput) => api('/api/v1/rosters', rosterSummary, { method: 'POST', body: input }),
  roster: (id: string, signal?: AbortSignal) => api(`/api/v1/rosters/${enc(id)}`, rosterView, signal ? { signal } : {}),
  cancel: (id: string) => apiVoid(`/api/v1/rosters/${enc(id)}/cancel`, { method: 'POST' }),
  edit: (id: string, changes: RosterEditInput['changes']) => api(`/api/v1/rosters/${enc(id)}/assignments`, rosterView, { method: 'PUT', body: { changes } }),
  publish: (id: string, acceptViolations: boolean) => apiVoid(`/api/v1/rosters/${enc(id)}/publish`, { method: 'POST', body: { acceptViolations } }),
  remove: (id: string) => apiVoid(`/api/v1/rosters/${enc(id)}`, { method: 'DELETE' }),
  shifts: (from: string, to: string, crewId?: string) => api(`/api/v1/shifts?from=${from}&to=${to}${crewId ? `&crewId=${enc(crewId)}` : ''}`, shiftList),
};

/** Per-crew calendar download (the session cookie authenticates it). */
export function icsUrl(crewId: string, from: string, to: string): string {
  return `/api/v1/crews/${enc(crewId)}/shifts.ics?from=${from}&to=${to}`;
}
