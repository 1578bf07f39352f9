// Worker thread of a roster generation (started by RosterRunner through runWorker): the solver
// (HiGHS + search) is CPU-bound and must not block HTTP, WebSockets and GPS ingest.
import { parentPort, workerData } from 'node:worker_threads';
import { generateRoster, type RosterInstance, type RosterProgress } from '../../../../optimizer/src/roster/index.ts';

export interface RosterWorkerInput {
  instance: RosterInstance;
  timeLimitMs: number;
  seed: number;
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

// HiGHS polls `signal.aborted` synchronously while it solves, when no timer or message of this
// thread can run; reading the shared flag there makes a cancel take effect within one poll
// instead of after the running MIP.
const controller = new AbortController();
Object.defineProperty(controller.signal, 'aborted', { get: stopAsked, configurable: true });

const post = (m: RosterWorkerMessage): void => parentPort?.postMessage(m);
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

// At most ~5 messages a second: the parent persists at most ~2 a second anyway.
let lastPost = 0;
let pending: RosterWorkerMessage | null = null;
const onProgress = (p: RosterProgress): void => {
  const roster = (p as RosterProgress & { roster?: unknown }).roster;
  pending = {
    type: 'progress',
    phase: p.phase,
    objective: p.bestObjective,
    bound: finite(p.lowerBound),
    roster: Array.isArray(roster) ? (roster as string[][]) : null,
  };
  const now = performance.now();
  if (now - lastPost >= 200) {
    lastPost = now;
    post(pending);
    pending = null;
  }
};

const result = await generateRoster({
  instance: input.instance,
  timeLimitMs: input.timeLimitMs,
  seed: input.seed,
  signal: controller.signal,
  onProgress,
});
if (pending) post(pending);
post({
  type: 'done',
  roster: result.roster,
  objective: result.objective,
  bound: finite(result.lowerBound),
  optimal: result.optimal,
  stopped: stopAsked(),
});
