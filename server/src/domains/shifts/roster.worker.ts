// Worker thread of a roster generation (started by RosterRunner through runWorker): the solver
// (HiGHS + search) is CPU-bound and must not block HTTP, WebSockets and GPS ingest.
import { parentPort, workerData } from 'node:worker_threads';
import { generateRoster, type RosterInstance, type RosterProgress } from '../../../../optimizer/src/roster/index.ts';

export interface RosterWorkerInput {
  instance: RosterInstance;
  timeLimitMs: number;
  seed: number;
  /** `heuristic`: neighbourhood search only (no column generation or MIP, so no early proof) */
  engine: 'exact' | 'heuristic';
  /** Int32Array over it: index 0 set to 1 asks the solver to stop and return its best roster */
  stop: SharedArrayBuffer;
}

export type RosterWorkerMessage =
  | {
      type: 'progress';
      phase: string;
      objective: number | null;
      bound: number | null;
      /** the incumbent, when the solver's progress carries one */
      roster: string[][] | null;
    }
  | {
      type: 'done';
      roster: string[][];
      objective: number;
      bound: number | null;
      optimal: boolean;
      stopped: boolean;
    };

const input = (workerData as { input: RosterWorkerInput }).input;
const stopFlag = new Int32Array(input.stop);
const stopAsked = (): boolean => Atomics.load(stopFlag, 0) === 1;

const post = (m: RosterWorkerMessage): void => parentPort?.postMessage(m);
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

// At most ~5 progress messages a second: the parent persists at most ~2 a second anyway.
let lastPost = 0;
let pending: RosterWorkerMessage | null = null;
const flush = (): void => {
  if (pending && performance.now() - lastPost >= 200) {
    lastPost = performance.now();
    post(pending);
    pending = null;
  }
};

// HiGHS polls `signal.aborted` synchronously while it solves, when no timer or message of this
// thread can run; reading the shared flag there makes a cancel take effect within one poll
// instead of after the running MIP.
const controller = new AbortController();
Object.defineProperty(controller.signal, 'aborted', { get: stopAsked, configurable: true });
// A real abort event too, for code that listens for one, whenever this thread is free to see
// it; the same tick sends a progress report held back by the rate limit.
const watch = setInterval(() => {
  flush();
  if (stopAsked()) {
    clearInterval(watch);
    controller.abort();
  }
}, 100);
watch.unref();

const onProgress = (p: RosterProgress): void => {
  // The solver's progress may carry its incumbent (`roster` or `incumbent`, string[][]).
  const extra = p as RosterProgress & { roster?: unknown; incumbent?: unknown };
  const roster = extra.roster ?? extra.incumbent;
  pending = {
    type: 'progress',
    phase: p.phase,
    objective: p.bestObjective,
    bound: finite(p.lowerBound),
    // an incumbent not yet sent is not lost to a later report without one
    roster: Array.isArray(roster) ? (roster as string[][]) : pending?.type === 'progress' ? pending.roster : null,
  };
  flush();
};

let result: Awaited<ReturnType<typeof generateRoster>>;
try {
  result = await generateRoster({
    instance: input.instance,
    timeLimitMs: input.timeLimitMs,
    seed: input.seed,
    ...(input.engine === 'heuristic' ? { exact: false } : {}),
    signal: controller.signal,
    onProgress,
  });
} finally {
  clearInterval(watch);
}
if (pending) post(pending);
post({
  type: 'done',
  roster: result.roster,
  objective: result.objective,
  bound: finite(result.lowerBound),
  optimal: result.optimal,
  stopped: stopAsked(),
});
