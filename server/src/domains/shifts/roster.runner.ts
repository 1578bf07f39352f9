import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { RosterInstance } from '../../../../optimizer/src/roster/index.ts';
import type { RosterProgress } from '../../contracts/index.ts';
import { runWorker } from '../../infra/worker.ts';
import type { Logger } from '../../logger.ts';
import type { RosterWorkerInput, RosterWorkerMessage } from './roster.worker.ts';
import type { AssignmentRow, RosterRow, ShiftsRepository } from './shifts.repository.ts';
import { addDays } from './shift-time.ts';

export interface RosterJob {
  readonly id: string;
  readonly start: string;
  readonly crewIds: readonly string[];
  readonly instance: RosterInstance;
  readonly timeLimitSeconds: number;
  readonly seed: number;
}

interface Run {
  readonly stop: Int32Array;
  readonly abort: AbortController;
  /** why the solver was asked to stop early */
  reason: 'cancel' | 'shutdown' | 'lost' | null;
  readonly done: Promise<void>;
}

export const MESSAGES = {
  cancelled: 'Generación cancelada: se conserva el mejor cuadrante encontrado hasta ese momento.',
  cancelledBeforeStart: 'Generación cancelada antes de empezar; generar de nuevo.',
  restartKept: 'Generación interrumpida por un reinicio: se conserva el mejor cuadrante encontrado hasta ese momento.',
  restartFailed: 'interrumpido por un reinicio; generar de nuevo',
  failed: 'La generación falló; generar de nuevo.',
} as const;

/** Cells of a roster grid (`grid[crew][day]`, `''` off) as stored rows (worked days only). */
export function gridToCells(grid: readonly (readonly string[])[], crewIds: readonly string[], start: string): AssignmentRow[] {
  const cells: AssignmentRow[] = [];
  grid.forEach((row, s) => {
    const crewId = crewIds[s];
    if (crewId === undefined) return;
    row.forEach((code, d) => {
      if (code) cells.push({ crewId, date: addDays(start, d), shiftCode: code });
    });
  });
  return cells;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs roster generations in worker threads and keeps their rows up to date: progress, incumbent
 * and a heartbeat at most every `persistMs`; the cancel flag is read from the database on the
 * same beat, so a cancel sent to any instance reaches the one running the solver. Generations
 * whose instance stopped (no heartbeat for `staleSeconds`) are recovered by any instance.
 */
export class RosterRunner {
  /** this server instance, as the `runner` of the generations it runs */
  readonly instanceId = randomUUID();
  private readonly runs = new Map<string, Run>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private closing = false;
  private sweep: NodeJS.Timeout | null = null;
  private readonly maxConcurrent: number;
  private readonly persistMs: number;
  private readonly staleSeconds: number;
  private readonly engine: 'exact' | 'heuristic';

  constructor(
    private readonly repo: ShiftsRepository,
    private readonly log: Logger,
    opts: { maxConcurrent?: number; persistMs?: number; staleSeconds?: number; engine?: 'exact' | 'heuristic' } = {},
  ) {
    this.engine = opts.engine ?? 'exact';
    // Half the cores at most: HTTP, WebSockets and ingest keep the rest.
    this.maxConcurrent = opts.maxConcurrent ?? Math.max(1, Math.floor(availableParallelism() / 2));
    this.persistMs = opts.persistMs ?? 500;
    this.staleSeconds = opts.staleSeconds ?? 15;
  }

  /** Starts a generation in the background (its row must exist with status `generating`). */
  start(job: RosterJob): void {
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const abort = new AbortController();
    let resolveDone!: () => void;
    const run: Run = { stop, abort, reason: null, done: new Promise<void>((r) => (resolveDone = r)) };
    this.runs.set(job.id, run);
    void this.execute(job, run)
      .catch((err: unknown) => this.log.error({ err, rosterId: job.id }, 'roster generation crashed'))
      .finally(() => {
        this.runs.delete(job.id);
        resolveDone();
      });
  }

  /** Asks a generation running here to stop and keep its best roster; false if it does not run here. */
  cancelLocal(id: string): boolean {
    const run = this.runs.get(id);
    if (!run) return false;
    this.stopRun(run, 'cancel');
    return true;
  }

  /** Asks the solver to stop (it returns its best roster); a queued run leaves the queue. */
  private stopRun(run: Run, reason: NonNullable<Run['reason']>): void {
    if (reason === 'lost') run.reason = 'lost';
    else run.reason ??= reason;
    Atomics.store(run.stop, 0, 1);
    for (const w of this.waiting.splice(0)) w();
  }

  isRunningHere(id: string): boolean {
    return this.runs.has(id);
  }

  private async acquire(run: Run): Promise<boolean> {
    while (this.active >= this.maxConcurrent) {
      await new Promise<void>((r) => this.waiting.push(r));
      if (Atomics.load(run.stop, 0) === 1) return false;
    }
    if (Atomics.load(run.stop, 0) === 1) return false;
    this.active++;
    return true;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  private async execute(job: RosterJob, run: Run): Promise<void> {
    const { id, timeLimitSeconds } = job;
    let t0: number | null = null;
    let latest: Omit<RosterProgress, 'elapsedSeconds' | 'timeLimitSeconds'> = { phase: 'queued', objective: null, bound: null };
    let incumbent: string[][] | null = null;
    let progressDirty = true;
    let incumbentDirty = false;
    const progress = (phase?: string): RosterProgress => ({
      ...latest,
      ...(phase ? { phase } : {}),
      elapsedSeconds: t0 === null ? 0 : Math.round((performance.now() - t0) / 100) / 10,
      timeLimitSeconds,
    });

    let beating = false;
    const beat = async (): Promise<void> => {
      if (beating) return;
      beating = true;
      try {
        const p = progressDirty || t0 !== null ? progress() : null;
        const inc = incumbentDirty ? incumbent : null;
        progressDirty = false;
        incumbentDirty = false;
        const r = await this.repo.saveProgress(id, this.instanceId, p, inc);
        // null: another instance recovered it (we looked dead), stop without writing anything.
        if (r === null) this.stopRun(run, 'lost');
        else if (r.cancel && Atomics.load(run.stop, 0) === 0) this.stopRun(run, 'cancel');
      } catch (err) {
        this.log.warn({ err, rosterId: id }, 'roster progress not saved');
      } finally {
        beating = false;
      }
    };
    const timer = setInterval(() => void beat(), this.persistMs);

    let slot = false;
    try {
      slot = await this.acquire(run);
      if (!slot) {
        clearInterval(timer);
        if (run.reason === 'lost') return;
        if (run.reason === 'shutdown') return; // recovered by close()
        await this.repo.failGeneration(id, this.instanceId, MESSAGES.cancelledBeforeStart, progress('cancelled'));
        return;
      }
      t0 = performance.now();
      latest = { ...latest, phase: 'starting' };
      progressDirty = true;
      let result: Extract<RosterWorkerMessage, { type: 'done' }> | null = null;
      const input: RosterWorkerInput = {
        instance: job.instance,
        timeLimitMs: timeLimitSeconds * 1000,
        seed: job.seed,
        engine: this.engine,
        stop: run.stop.buffer as SharedArrayBuffer,
      };
      try {
        await runWorker<RosterWorkerMessage>(new URL('./roster.worker.ts', import.meta.url), input, {
          signal: run.abort.signal,
          onMessage: (m) => {
            if (m.type === 'progress') {
              latest = { phase: m.phase, objective: m.objective, bound: m.bound };
              progressDirty = true;
              if (m.roster) {
                incumbent = m.roster;
                incumbentDirty = true;
              }
            } else {
              result = m;
              latest = { phase: m.stopped ? 'cancelled' : 'done', objective: m.objective, bound: m.bound };
            }
          },
        });
      } catch (err) {
        clearInterval(timer);
        if (run.abort.signal.aborted) return; // terminated on shutdown: close() recovers the row
        this.log.error({ err, rosterId: id }, 'roster generation failed');
        await this.repo.failGeneration(id, this.instanceId, MESSAGES.failed, progress('failed'));
        return;
      }
      clearInterval(timer);
      while (beating) await sleep(10);
      const done = result as Extract<RosterWorkerMessage, { type: 'done' }> | null;
      if (run.reason === 'lost') return;
      if (!done) {
        await this.repo.failGeneration(id, this.instanceId, MESSAGES.failed, progress('failed'));
        return;
      }
      const message = run.reason === 'cancel' ? MESSAGES.cancelled : run.reason === 'shutdown' ? MESSAGES.restartKept : null;
      await this.repo.finishGeneration({
        id,
        runner: this.instanceId,
        cells: gridToCells(done.roster, job.crewIds, job.start),
        objective: done.objective,
        progress: progress(),
        message,
      });
      this.log.info({ rosterId: id, objective: done.objective, optimal: done.optimal, reason: run.reason }, 'roster generated');
    } finally {
      clearInterval(timer);
      if (slot) this.release();
    }
  }

  /** Recovers generations nobody runs any more (see {@link ShiftsRepository.orphans}). */
  async recoverOrphans(ownOnly = false): Promise<string[]> {
    const rows = await this.repo.orphans({ runner: ownOnly ? this.instanceId : null, staleSeconds: this.staleSeconds });
    const out: string[] = [];
    for (const r of rows) {
      if (this.runs.has(r.id) && !ownOnly) continue;
      if (await this.recover(r, ownOnly ? this.instanceId : r.runner)) out.push(r.id);
    }
    if (out.length) this.log.warn({ rosters: out }, 'roster generations interrupted by a restart recovered');
    return out;
  }

  private recover(r: RosterRow, runner: string | null): Promise<boolean> {
    const cells = r.incumbent ? gridToCells(r.incumbent, r.crewIds, r.start) : null;
    return this.repo.recoverOrphan({
      id: r.id,
      runner,
      cells,
      objective: r.progress?.objective ?? null,
      message: cells ? MESSAGES.restartKept : MESSAGES.restartFailed,
    });
  }

  /** Recovers orphans now and then every few seconds (an instance that crashed leaves them). */
  startSweep(): void {
    const tick = () => void this.recoverOrphans().catch((err: unknown) => this.log.warn({ err }, 'roster orphan sweep failed'));
    tick();
    this.sweep = setInterval(tick, Math.max(1000, (this.staleSeconds * 1000) / 2));
    this.sweep.unref();
  }

  /**
   * Shutdown: generations running here are asked to stop and keep their best roster (a draft
   * saying it was interrupted); those that do not answer within `graceMs` are terminated and
   * recovered from their last incumbent, or failed.
   */
  async close(graceMs = 4000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.sweep) clearInterval(this.sweep);
    const runs = [...this.runs.values()];
    for (const run of runs) this.stopRun(run, 'shutdown');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(runs.map((r) => r.done)), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const run of this.runs.values()) run.abort.abort();
    await Promise.all([...this.runs.values()].map((r) => r.done));
    await this.recoverOrphans(true).catch((err: unknown) => this.log.warn({ err }, 'roster recovery on shutdown failed'));
  }
}
