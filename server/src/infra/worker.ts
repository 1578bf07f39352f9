import { Worker } from 'node:worker_threads';

/**
 * Runs a TypeScript module in a worker thread, so CPU-bound work (HiGHS, the VRPTW search)
 * never blocks the event loop that serves HTTP, WebSockets and GPS ingest.
 *
 * The module reads its input from `workerData.input`, posts any number of messages with
 * `parentPort.postMessage(m)` and ends by returning from its top level (or throwing). The
 * promise resolves when the thread exits cleanly, rejects on an uncaught error or a non-zero
 * exit, and rejects with an `AbortError` when `signal` aborts (the thread is terminated).
 *
 * @example
 * await runWorker(new URL('./roster.worker.ts', import.meta.url), input, { onMessage: (m) => … });
 */
export function runWorker<TMessage = unknown>(
  entry: URL,
  input: unknown,
  opts: { onMessage?: (message: TMessage) => void; signal?: AbortSignal; resourceLimits?: { maxOldGenerationSizeMb?: number } } = {},
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new DOMException('aborted', 'AbortError'));
      return;
    }
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { __entry: entry.href, input },
      ...(opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {}),
    });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      settle(() => reject(new DOMException('aborted', 'AbortError')));
      void worker.terminate();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: TMessage) => {
      if (!settled) opts.onMessage?.(m);
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => (code === 0 ? resolve() : reject(new Error(`worker exited with code ${code}`)))));
  });
}
