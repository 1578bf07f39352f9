/**
 * Road classes after OSM `highway=*` values (links fold into their parent class). The order is
 * the numeric code stored per edge in {@link StreetGraph.edgeClass}.
 */
export const roadClasses = [
  'unknown',
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'unclassified',
  'residential',
  'living_street',
  'service',
] as const;
export type RoadClass = (typeof roadClasses)[number];

/** Free-flow speeds in km/h for each road class; `unknown` is used when the data has no tags. */
export type SpeedProfile = Record<RoadClass, number>;

/**
 * Urban free-flow speeds for Montevideo. Legal limits (Ley 19.061 / Intendencia): 45 km/h on
 * streets, 60–75 km/h on avenues and the Rambla, 90 km/h on the access motorways; the figures
 * are what a utility van averages between intersections, not the limits.
 */
export const URBAN_SPEED_PROFILE: Readonly<SpeedProfile> = Object.freeze({
  unknown: 30,
  motorway: 80,
  trunk: 60,
  primary: 45,
  secondary: 40,
  tertiary: 35,
  unclassified: 30,
  residential: 28,
  living_street: 15,
  service: 15,
});

/**
 * Maps an OSM `highway` tag to a {@link RoadClass} (`primary_link` → `primary`, unknown → `unknown`).
 *
 * @example
 * roadClassOf('trunk_link'); // 'trunk'
 */
export function roadClassOf(highway: string | undefined): RoadClass {
  if (highway === undefined) return 'unknown';
  const base = highway.endsWith('_link') ? highway.slice(0, -5) : highway;
  return (roadClasses as readonly string[]).includes(base) ? (base as RoadClass) : 'unknown';
}
