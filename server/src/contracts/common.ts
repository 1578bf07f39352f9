import { z } from 'zod';

/** WGS84 latitude in degrees. */
export const latitude = z.number().finite().min(-90).max(90);
/** WGS84 longitude in degrees. */
export const longitude = z.number().finite().min(-180).max(180);

/** Ids chosen by people (devices, vehicles, crews): short, URL- and topic-safe. */
export const slugId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore; no spaces, "/", "+" or "#"');

export const roles = [
  'admin',
  'dispatcher',
  'planner',
  'supervisor',
  'crew',
  'agent',
  'billing',
  'collections',
  'collection_point',
  'customer',
] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/** The one error shape every HTTP endpoint returns. */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type ErrorBody = z.infer<typeof errorBody>;
