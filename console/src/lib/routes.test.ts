import { describe, expect, it } from 'vitest';
import { parseRoute } from './routes.ts';

describe('parseRoute', () => {
  it('reads the screen from the hash and falls back to the map', () => {
    expect(parseRoute('#/dispatch')).toBe('dispatch');
    expect(parseRoute('#/replay/v12?from=x')).toBe('replay');
    expect(parseRoute('')).toBe('map');
    expect(parseRoute('#/nope')).toBe('map');
  });
});
