import type { ServerMessage } from '../contracts.ts';

/** What makes suggestions go stale, read from the page's socket. */
export type SuggestTrigger = 'soon' | 'now' | null;

/**
 * Whether a socket message should refresh the suggestions of `orderId`, whose ranked crews are
 * `crews`: a change to the order itself or to an order of a suggested crew (its workload and
 * "after the current job" ETA) refreshes at once; a suggested crew's vehicle moving refreshes
 * within the throttle. Anything else is ignored.
 */
export function suggestTrigger(m: ServerMessage | 'reconnected', orderId: string, crews: ReadonlySet<string>): SuggestTrigger {
  if (m === 'reconnected') return 'now';
  if (m.type === 'order.updated') {
    const { order, event } = m.data;
    if (order.id === orderId) return 'now';
    if ((order.crewId && crews.has(order.crewId)) || (event.crewId && crews.has(event.crewId))) return 'now';
    return null;
  }
  if (m.type === 'positions') {
    for (const v of m.data) if (v.crewId && crews.has(v.crewId)) return 'soon';
    return null;
  }
  return null;
}

export interface ThrottleClock {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Runs `run` at most once per `minMs` for 'soon' triggers and after `urgentMs` at most for
 * 'now' ones (a burst of order updates — a resequence announces every order — is one request).
 * Never two runs at once: a trigger during a run waits for it to end.
 */
export class RefreshThrottle {
  private last = -Infinity;
  private timer: unknown = null;
  private dueAt = Infinity;
  private running = false;
  private pending: SuggestTrigger = null;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly opts: { minMs: number; urgentMs: number; clock?: ThrottleClock },
  ) {}

  private get clock(): ThrottleClock {
    return this.opts.clock ?? realClock;
  }

  /** the last run started (ms), for "updated Xs ago" */
  markRan(at: number): void {
    this.last = at;
  }

  trigger(kind: Exclude<SuggestTrigger, null>): void {
    if (this.running) {
      this.pending = this.pending === 'now' || kind === 'now' ? 'now' : 'soon';
      return;
    }
    const now = this.clock.now();
    // urgent changes still leave `urgentMs` between runs: a flurry of updates is one request
    const wait = kind === 'now' ? Math.max(this.opts.urgentMs, this.last + this.opts.urgentMs - now) : Math.max(0, this.last + this.opts.minMs - now);
    const at = now + wait;
    if (at >= this.dueAt) return;
    if (this.timer !== null) this.clock.clear(this.timer);
    this.dueAt = at;
    this.timer = this.clock.set(() => void this.fire(), wait);
  }

  private async fire(): Promise<void> {
    this.timer = null;
    this.dueAt = Infinity;
    this.running = true;
    this.last = this.clock.now();
    try {
      await this.run();
    } finally {
      this.running = false;
      const p = this.pending;
      this.pending = null;
      if (p) this.trigger(p);
    }
  }

  stop(): void {
    if (this.timer !== null) this.clock.clear(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
    this.pending = null;
  }
}
