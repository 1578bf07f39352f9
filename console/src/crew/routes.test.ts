import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute } from './routes.ts';

describe('crew app routes', () => {
  it('reads the list, an order and its completion form from the hash, and writes them back', () => {
    for (const r of [{ view: 'list' }, { view: 'shifts' }, { view: 'order', id: 'OT-0000001' }, { view: 'complete', id: 'OT-0000001' }] as const) expect(parseRoute(hrefOf(r))).toEqual(r);
    expect(parseRoute('#/nonsense')).toEqual({ view: 'list' });
  });
});
