// What the kubelet remembers about each container of a pod (persisted for restarts).
import type { BackoffEntry } from './backoff.ts';

/** How a container instance ended. */
export interface TerminatedInfo {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

/** The kubelet's record of one container (init or regular) of a pod. */
export interface ContainerRecord {
  name: string;
  init: boolean;
  image: string;
  imageID: string;
  restartCount: number;
  /** Set while an instance exists (running, or exited and not yet observed). */
  pid?: number;
  procStart?: string;
  /** The instance's own mount namespace (namespaced containers), to kill what it leaves behind. */
  mntNs?: string;
  startedAt?: number;
  /** The current instance ended (and no restart has happened yet). */
  terminated?: TerminatedInfo;
  /** Why the container is not running (ContainerCreating, CrashLoopBackOff, ErrImagePull ...). */
  waiting?: { reason: string; message?: string };
  lastTerminated?: TerminatedInfo;
  backoff?: BackoffEntry;
  /** When the last start failed before a process existed (image pull, config error). */
  failedAt?: number;
  started: boolean;
  ready: boolean;
  /** Environment and working directory of the running instance (for exec and probes). */
  env?: Record<string, string>;
  workingDir?: string;
}

/** A fresh record for a container not yet started. */
export function newRecord(name: string, image: string, init: boolean): ContainerRecord {
  return {
    name,
    init,
    image,
    imageID: '',
    restartCount: 0,
    started: false,
    ready: false,
    waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' },
  };
}

/** Whether the record has a live process. */
export const isRunning = (r: ContainerRecord | undefined): boolean =>
  r !== undefined && r.pid !== undefined && r.terminated === undefined;

/** Whether a container should be restarted after exiting with `exitCode` (restartPolicy). */
export function shouldRestart(policy: string | undefined, exitCode: number): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true;
}
