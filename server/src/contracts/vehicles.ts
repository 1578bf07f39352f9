import { z } from 'zod';
import { latitude, longitude, slugId } from './common.ts';

/** Status by the age of the last fix (thresholds are configuration). */
export const vehicleStatus = z.enum(['online', 'unknown', 'offline']);
export type VehicleStatus = z.infer<typeof vehicleStatus>;

/** The latest known position of one vehicle, as the console and the live API see it. */
export const vehicleLive = z.object({
  vehicleId: slugId,
  label: z.string(),
  crewId: z.string().nullable(),
  crewName: z.string().nullable(),
  deviceId: z.string(),
  lat: latitude,
  lon: longitude,
  /** metres per second */
  speed: z.number().nullable(),
  /** degrees clockwise from north */
  heading: z.number().nullable(),
  /** metres */
  accuracy: z.number().nullable(),
  /** percent 0–100 */
  battery: z.number().nullable(),
  /** ISO 8601 time of the fix (device clock) */
  fixTime: z.string(),
  /** ISO 8601 time the server received it */
  receivedAt: z.string(),
  status: vehicleStatus,
});
export type VehicleLive = z.infer<typeof vehicleLive>;

export const liveResponse = z.object({
  vehicles: z.array(vehicleLive),
  /** seconds: younger than onlineSeconds is online, older than offlineSeconds is offline */
  thresholds: z.object({ onlineSeconds: z.number(), offlineSeconds: z.number() }),
  serverTime: z.string(),
});
export type LiveResponse = z.infer<typeof liveResponse>;

export const vehicleInput = z.object({
  id: slugId,
  label: z.string().min(1).max(80),
  plate: z.string().max(20).optional(),
  crewId: slugId.nullable().optional(),
});
export type VehicleInput = z.infer<typeof vehicleInput>;

export const crewInput = z.object({
  id: slugId,
  name: z.string().min(1).max(80),
});
export type CrewInput = z.infer<typeof crewInput>;

export const deviceProtocol = z.enum(['vatio', 'owntracks', 'osmand']);
export type DeviceProtocol = z.infer<typeof deviceProtocol>;

export const deviceInput = z.object({
  id: slugId,
  /** when absent the server generates one and returns it once */
  secret: z.string().min(12).max(128).optional(),
  protocol: deviceProtocol.default('vatio'),
  vehicleId: slugId.nullable().optional(),
  /** OwnTracks user part of the topic owntracks/{user}/{deviceId}; defaults to the device id */
  owntracksUser: slugId.optional(),
});
export type DeviceInput = z.infer<typeof deviceInput>;
