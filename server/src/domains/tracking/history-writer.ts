import type { Counter } from '../../infra/metrics.ts';
import type { Logger } from '../../logger.ts';
import { type HistoryBatch, type TrackingRepository, dayKey } from './tracking.repository.ts';
import type { EnrichedFix } from './tracking.types.ts';

const emptyBatch = (): HistoryBatch => ({
  deviceId: [],
  vehicleId: [],
  fixMs: [],
  receivedMs: [],
  lon: [],
  lat: [],
  speed: [],
  heading: [],
  accuracy: [],
  battery: [],
});

interface Pending {
  batch: HistoryBatch;
  days: Set<number>;
  done: Promise<void>;
  resolve: () => void;
}

/**
 * Buffers fixes and writes them in batches: at least every `flushMs`, at once when `batchMax`
 * fixes are waiting or when a caller asks (QoS 1 acks waiting). A failed write is retried and
 * its fixes are never dropped; callers learn a fix is durable from the batch promise.
 */
export class HistoryWriter {
  private current: Pending = this.newPending();
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private queued = 0;

  constructor(
    private readonly repo: TrackingRepository,
    private readonly opts: { flushMs: number; batchMax: number; log: Logger; stored: Counter; batches: Counter },
  ) {}

  private newPending(): Pending {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    return { batch: emptyBatch(), days: new Set(), done, resolve };
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.opts.flushMs);
    this.timer.unref();
  }

  /** Number of fixes buffered and not yet written. */
  get backlog(): number {
    return this.queued;
  }

  /** Queues a fix; the promise resolves once it is committed. */
  add(f: EnrichedFix): Promise<void> {
    const b = this.current.batch;
    b.deviceId.push(f.deviceId);
    b.vehicleId.push(f.binding.vehicleId);
    b.fixMs.push(f.fixMs);
    b.receivedMs.push(f.receivedMs);
    b.lon.push(f.lon);
    b.lat.push(f.lat);
    b.speed.push(f.speed);
    b.heading.push(f.heading);
    b.accuracy.push(f.accuracy);
    b.battery.push(f.battery);
    this.current.days.add(dayKey(f.fixMs));
    this.queued++;
    const done = this.current.done;
    if (b.deviceId.length >= this.opts.batchMax) void this.flush();
    return done;
  }

  /** Writes what is buffered (after any write in progress). */
  flush(): Promise<void> {
    if (this.current.batch.deviceId.length === 0) return this.writing;
    const p = this.current;
    this.current = this.newPending();
    this.writing = this.writing.then(() => this.write(p));
    return this.writing;
  }

  private async write(p: Pending): Promise<void> {
    const n = p.batch.deviceId.length;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.repo.ensurePartitions(p.days);
        const stored = await this.repo.insertHistory(p.batch);
        this.opts.stored.inc({}, stored);
        this.opts.batches.inc();
        if (stored < n) this.opts.log.debug({ n, stored }, 'history: already stored fixes skipped');
        break;
      } catch (err) {
        if (this.closed && attempt > 3) {
          this.opts.log.error({ err, n }, 'history: giving up on batch at shutdown (not acknowledged: the broker redelivers)');
          return;
        }
        this.opts.log.error({ err: (err as Error).message, n, attempt }, 'history: batch write failed, retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 200 * attempt)));
      }
    }
    this.queued -= n;
    p.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
