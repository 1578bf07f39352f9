import type { WorkOrder } from '../lib/contracts.ts';

/** `geo:` URI (RFC 5870) with a labelled query: Android opens the crew's navigation app. */
export function geoLink(o: Pick<WorkOrder, 'lat' | 'lon' | 'address'>): string {
  const ll = `${o.lat},${o.lon}`;
  return `geo:${ll}?q=${ll}(${encodeURIComponent(o.address)})`;
}

/** Google-free alternative for any phone: OpenStreetMap directions to the point. */
export function osmLink(o: Pick<WorkOrder, 'lat' | 'lon'>): string {
  return `https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=%3B${o.lat}%2C${o.lon}#map=17/${o.lat}/${o.lon}`;
}

/** The on-site contact's phone for a `tel:` link, when the order has one. */
export function customerPhone(o: Pick<WorkOrder, 'contactPhone'>): string | null {
  return o.contactPhone?.trim() || null;
}

export function telLink(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** Scale to fit inside `max` on the longer side, never up (photos: ≤ 1280 px). */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
