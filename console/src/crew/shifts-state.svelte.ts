import { api, ApiError } from '../lib/api.ts';
import type { CrewShift } from '../lib/contracts.ts';
import { todayIn } from '../lib/planner/dates.ts';
import { z } from 'zod';
import { crewShift } from '../lib/contracts.ts';
import { loadShiftsCache, saveShiftsCache, shiftRange } from './shifts.ts';

const shiftList = z.object({ shifts: z.array(crewShift) });

const state = $state({
  shifts: [] as CrewShift[],
  loaded: false,
  loading: false,
  /** when shown from the phone's copy: when that copy was saved */
  cachedAt: null as string | null,
  failed: false,
  today: todayIn(),
});

/** The crew's published shifts for the next 14 days; the last good copy opens without signal. */
export const myShifts = {
  get shifts(): CrewShift[] {
    return state.shifts;
  },
  get loaded(): boolean {
    return state.loaded;
  },
  get loading(): boolean {
    return state.loading;
  },
  get cachedAt(): string | null {
    return state.cachedAt;
  },
  get failed(): boolean {
    return state.failed;
  },
  get today(): string {
    return state.today;
  },

  async load(userId: number): Promise<void> {
    state.today = todayIn();
    const { from, to } = shiftRange(state.today);
    if (!state.loaded) {
      const cached = loadShiftsCache(userId);
      if (cached) {
        state.shifts = cached.shifts;
        state.cachedAt = cached.savedAt;
        state.loaded = true;
      }
    }
    state.loading = true;
    try {
      const r = await api(`/api/v1/shifts?from=${from}&to=${to}`, shiftList);
      state.shifts = r.shifts;
      state.cachedAt = null;
      state.failed = false;
      state.loaded = true;
      saveShiftsCache({ userId, from, to, shifts: r.shifts, savedAt: new Date().toISOString() });
    } catch (e) {
      // no signal: keep what the phone has; say when it was saved
      state.failed = !(e instanceof ApiError && e.status === 0) || !state.loaded;
    } finally {
      state.loading = false;
    }
  },

  reset(): void {
    state.shifts = [];
    state.loaded = false;
    state.cachedAt = null;
    state.failed = false;
  },
};
