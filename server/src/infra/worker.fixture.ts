// Worker used by worker.test.ts: counts, throws, or spins until terminated.
import { parentPort, workerData } from 'node:worker_threads';

const input = (workerData as { input: { mode: string; n?: number } }).input;
if (input.mode === 'count') {
  for (let i = 1; i <= (input.n ?? 0); i++) parentPort?.postMessage(i);
} else if (input.mode === 'throw') {
  throw new Error('bad input from the fixture');
} else {
  parentPort?.postMessage('spinning');
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    // busy: only terminate() stops this
  }
}
