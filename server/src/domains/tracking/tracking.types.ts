import type { DeviceProtocol } from '../../contracts/index.ts';
import type { DeviceBinding } from '../fleet/fleet.repository.ts';

/** One GPS fix on its way through the ingest pipeline (SI units; times in epoch ms). */
export interface Fix {
  deviceId: string;
  protocol: DeviceProtocol;
  fixMs: number;
  receivedMs: number;
  lat: number;
  lon: number;
  /** m/s */
  speed: number | null;
  /** degrees from north */
  heading: number | null;
  /** metres */
  accuracy: number | null;
  /** percent */
  battery: number | null;
}

/** A fix after enrich: who it belongs to. */
export interface EnrichedFix extends Fix {
  binding: DeviceBinding;
}

/** Every reason a message or a fix is dropped; each is a metric label and a log line. */
export type DropReason =
  | 'payload_too_large'
  | 'malformed'
  | 'unknown_device'
  | 'device_disabled'
  | 'topic_mismatch'
  | 'wrong_secret'
  | 'invalid_coordinates'
  | 'invalid_time'
  | 'future'
  | 'too_old'
  | 'duplicate'
  | 'impossible_jump'
  | 'inaccurate';

export type ParseResult =
  | { ok: true; fixes: Fix[]; ignored?: string }
  | { ok: false; reason: DropReason; detail: string };
