import { z } from 'zod';
import { latitude, longitude } from './common.ts';

/**
 * Vatio's own GPS fix, published by a unit on `vatio/v1/devices/{deviceId}/fix`, either one
 * object or an array of buffered fixes (oldest first is usual but not required).
 * Units are SI: speed m/s, heading degrees from north, accuracy metres, battery percent.
 */
export const vatioFix = z.object({
  /** fix time: ISO 8601 or epoch milliseconds */
  t: z.union([z.string().min(1).max(40), z.number().finite()]),
  lat: latitude,
  lon: longitude,
  speed: z.number().finite().min(0).optional(),
  heading: z.number().finite().min(0).max(360).optional(),
  acc: z.number().finite().min(0).optional(),
  batt: z.number().finite().min(0).max(100).optional(),
});
export type VatioFix = z.infer<typeof vatioFix>;
export const vatioFixPayload = z.union([vatioFix, z.array(vatioFix).min(1).max(1000)]);

export const topics = {
  /** a unit's fixes */
  deviceFix: (deviceId: string) => `vatio/v1/devices/${deviceId}/fix`,
  /** a unit's online/offline state; the server sets a last will here */
  deviceStatus: (deviceId: string) => `vatio/v1/devices/${deviceId}/status`,
  /** orders pushed to a crew's vehicle terminal */
  crewOrders: (crewId: string) => `vatio/v1/crews/${crewId}/orders`,
  owntracks: (user: string, deviceId: string) => `owntracks/${user}/${deviceId}`,
} as const;
