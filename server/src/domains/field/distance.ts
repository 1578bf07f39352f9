/** Great-circle distance in metres (haversine, mean Earth radius). */
export function haversine(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// Straight line × 1.3 at 30 km/h (the default provider's urban profile): cheap enough for the
// many legs of route-aware insertion, where one network search per leg would not be.
export function etaNowTo(to: { lat: number; lon: number }, from: { lat: number; lon: number }): number {
  return (haversine(from, to) * 1.3) / (30 / 3.6);
}
