import { describe, expect, it } from 'vitest';
import { runWorker } from './worker.ts';

const entry = new URL('./worker.fixture.ts', import.meta.url);

describe('runWorker', () => {
  it('runs a TypeScript module in a thread and relays its messages', async () => {
    const got: number[] = [];
    await runWorker<number>(entry, { mode: 'count', n: 3 }, { onMessage: (m) => got.push(m) });
    expect(got).toEqual([1, 2, 3]);
  });

  it('rejects with the error the module throws', async () => {
    await expect(runWorker(entry, { mode: 'throw' })).rejects.toThrow('bad input from the fixture');
  });

  it('terminates a busy thread when the signal aborts', async () => {
    const ac = new AbortController();
    const seen: unknown[] = [];
    const run = runWorker(entry, { mode: 'spin' }, { signal: ac.signal, onMessage: (m) => (seen.push(m), ac.abort()) });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.length).toBe(1);
  });
});
