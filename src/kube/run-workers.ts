// Runs N workers over a WorkQueue and maps reconcile results to queue actions (controller-runtime style).
import { errorMessage } from '../lib/errors.ts';
import { isConflict, isTerminal } from './api-errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { WorkQueue } from '../lib/workqueue.ts';

/** Outcome of handling one key: finished, retry later with backoff, or look again after a delay. */
export type HandlerResult = 'done' | 'retry' | { requeueAfter: number };

/** Handles one key; throwing means "retry with backoff" unless the error is terminal. */
export type KeyHandler = (key: string) => Promise<HandlerResult>;

/**
 * Starts `n` workers that take keys from `queue` until it shuts down.
 * done → forget; retry or error → addRateLimited; terminal error → forget;
 * requeueAfter → forget + addAfter. Resolves when every worker has exited.
 */
export async function runWorkers(
  queue: WorkQueue,
  n: number,
  handler: KeyHandler,
  logger: Logger,
): Promise<void> {
  const workers = Array.from({ length: n }, () => workerLoop(queue, handler, logger));
  await Promise.all(workers);
}

async function workerLoop(queue: WorkQueue, handler: KeyHandler, logger: Logger): Promise<void> {
  for (;;) {
    const item = await queue.get();
    if (item.shutdown) return;
    try {
      applyResult(queue, item.key, await handler(item.key));
    } catch (err) {
      applyError(queue, item.key, err, logger);
    } finally {
      queue.done(item.key);
    }
  }
}

/** Applies a handler result to the queue for `key`. */
export function applyResult(queue: WorkQueue, key: string, result: HandlerResult): void {
  if (result === 'done') return queue.forget(key);
  if (result === 'retry') return queue.addRateLimited(key);
  queue.forget(key);
  queue.addAfter(key, result.requeueAfter);
}

function applyError(queue: WorkQueue, key: string, err: unknown, logger: Logger): void {
  if (isTerminal(err)) {
    logger.error('reconcile failed with a terminal error; not retrying', {
      key,
      error: errorMessage(err),
    });
    return queue.forget(key);
  }
  // A 409 only means our view was stale: requeue quietly.
  const level = isConflict(err) ? 'debug' : 'error';
  logger[level]('reconcile failed; retrying with backoff', {
    key,
    error: errorMessage(err),
    requeues: queue.numRequeues(key),
  });
  queue.addRateLimited(key);
}
