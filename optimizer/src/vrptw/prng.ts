/**
 * Seeded pseudo-random generator (mulberry32): the search must be reproducible for a seed, so
 * nothing in the solver uses Math.random.
 */
export type Rng = () => number;

/**
 * Returns a generator of floats in [0, 1) fully determined by `seed`.
 *
 * @example
 * const rng = createRng(42);
 * const x = rng(); // always the same first value for seed 42
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}
