import type { VehicleStatus } from '../contracts.ts';

export interface Thresholds {
  /** a fix younger than this is online */
  onlineSeconds: number;
  /** a fix older than this is offline; between the two: unknown */
  offlineSeconds: number;
}

/** Same rule as the server (contracts: LiveResponse.thresholds), applied to the age in seconds. */
export function statusByAge(ageSeconds: number, thresholds: Thresholds): VehicleStatus {
  if (!Number.isFinite(ageSeconds)) return 'offline';
  if (ageSeconds < thresholds.onlineSeconds) return 'online';
  if (ageSeconds > thresholds.offlineSeconds) return 'offline';
  return 'unknown';
}

const rank: Record<VehicleStatus, number> = { online: 0, unknown: 1, offline: 2 };

/**
 * The status shown: the worse of what the server last said (it knows about MQTT last wills)
 * and what the fix's age says now (so a vehicle goes amber then grey without any message).
 */
export function effectiveStatus(serverStatus: VehicleStatus, ageStatus: VehicleStatus): VehicleStatus {
  return rank[serverStatus] >= rank[ageStatus] ? serverStatus : ageStatus;
}
