// Confirmed death of the primary: its container exited and its pod says so. Then the lease may be
// taken at once instead of after its full duration (the "confirmed death" case; a clean
// shutdown needs nothing of this, the leaving primary releases the lease itself).
//
// The evidence is the kubelet's container status, which only the kubelet of the holder's node
// writes. A container that exited took PostgreSQL with it (its PID namespace, or here the
// watchdog, which fences when its agent's pipe closes). Two guards keep this from ever taking the
// lease of a live holder:
// - the container must not be running now (a restarted agent renews its own lease: let it), and
// - the exit must not be older than the lease's last renewal. Container times have whole-second
//   precision, so an exit in the same second as the last renewal is not evidence: the lease then
//   simply expires as usual.
import type { V1Pod } from '@kubernetes/client-node';
import { INSTANCE_CONTAINER_NAME } from '../api/instance.ts';
import type { LeaderElectionRecord } from '../kube/lease-lock.ts';

/** The instance container as its kubelet reports it: its last exit, and whether it runs again. */
export interface ContainerExit {
  /** When (epoch ms) it last terminated. */
  finishedAt: number;
  /** Running again (a restarted instance). */
  running: boolean;
}

const toMs = (t: Date | string | undefined): number | null => {
  if (t === undefined) return null;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
};

/** The instance container's last exit from a pod's status, or null if it never exited. */
export function containerExit(pod: V1Pod): ContainerExit | null {
  const c = pod.status?.containerStatuses?.find((s) => s.name === INSTANCE_CONTAINER_NAME);
  if (!c) return null;
  const terminated = c.state?.terminated ?? c.lastState?.terminated;
  const finishedAt = toMs(terminated?.finishedAt);
  if (finishedAt === null) return null;
  return { finishedAt, running: c.state?.running !== undefined };
}

/**
 * Why the lease holder is known to be gone, or null without such evidence. `exit` is the holder
 * pod's container exit (null: no pod seen, or its container never exited).
 */
export function holderGoneReason(
  record: LeaderElectionRecord,
  exit: ContainerExit | null,
): string | null {
  if (!exit || exit.running) return null;
  const renewed = Date.parse(record.renewTime);
  if (!Number.isFinite(renewed) || exit.finishedAt < renewed) return null;
  const at = new Date(exit.finishedAt).toISOString();
  return (
    `${record.holderIdentity}'s container exited at ${at}, after its last renewal ` +
    `(${record.renewTime}), and has not restarted: its pod says so`
  );
}
