// What reconcile steps share: the cluster, the client, the clock, randomness and the outcome type.
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { HandlerResult } from '../../kube/run-workers.ts';
import type { RandomBytes } from '../builders/secret.ts';
import type { OperatorClient } from '../client.ts';

/** Dependencies of a reconcile. */
export interface ReconcileDeps {
  client: OperatorClient;
  clock: Clock;
  random: RandomBytes;
  logger: Logger;
}

/** One reconcile of one cluster. */
export interface ReconcileContext extends ReconcileDeps {
  cluster: PostgresCluster;
  /** Set by steps for the status step: why the cluster is not progressing (null when it is). */
  blocked: { reason: string; message: string } | null;
}

/** A step either lets the next one run or ends the reconcile with a result. */
export type StepResult = 'continue' | { stop: HandlerResult };

/** One ordered step. */
export type Step = (ctx: ReconcileContext) => Promise<StepResult>;
