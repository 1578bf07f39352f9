import { z } from 'zod';
import { isoDate, rosterStatus, slugId } from '../../contracts/index.ts';

/** `GET /api/v1/rosters?status=draft,published&from&to&limit` */
export const rosterListQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
    .pipe(z.array(rosterStatus)),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /api/v1/shifts?from&to&crewId` (dates inclusive, at most 62 days). */
export const crewShiftsQuery = z.object({
  from: isoDate,
  to: isoDate,
  crewId: slugId.optional(),
});

/** `GET /api/v1/crews/{id}/shifts.ics?from&to` (default: a week ago to 8 weeks ahead). */
export const icsQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
});

/** `GET /api/v1/shift-requests?crewId&from&to` */
export const shiftRequestsQuery = z.object({
  crewId: slugId.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const rosterId = z.string().regex(/^RS-\d{6,}$/, 'a roster id looks like RS-000001');
export const requestId = z.coerce.number().int().positive().max(2 ** 31 - 1);

/** Longest range of `GET /api/v1/shifts` and of the calendar file, in days (inclusive). */
export const MAX_SHIFT_RANGE_DAYS = 62;
