// Applies a StatefulSet sync plan through the client, recording upstream's events
// (`recordPodEvent`, `recordClaimEvent` in `stateful_pod_control.go`).
import { ApiError } from '../../apiserver/errors.ts';
import type { EventRecorder } from '../events.ts';
import { R, type LocalClient } from '../local-client.ts';
import type { SyncAction } from './plan.ts';
import type { StatefulSet } from './types.ts';

const isAlreadyExists = (err: unknown): boolean =>
  err instanceof ApiError && err.status.reason === 'AlreadyExists';
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Where plan actions are applied. */
export interface ApplyDeps {
  client: LocalClient;
  recorder: EventRecorder;
}

function podEvent(
  deps: ApplyDeps,
  set: StatefulSet,
  verb: string,
  pod: string,
  err?: unknown,
): void {
  const title = verb[0]?.toUpperCase() + verb.slice(1);
  const setName = set.metadata.name ?? '';
  if (err === undefined) {
    deps.recorder.event(
      set,
      'Normal',
      `Successful${title}`,
      `${verb} Pod ${pod} in StatefulSet ${setName} successful`,
    );
  } else {
    deps.recorder.event(
      set,
      'Warning',
      `Failed${title}`,
      `${verb} Pod ${pod} in StatefulSet ${setName} failed error: ${messageOf(err)}`,
    );
  }
}

function createClaim(
  deps: ApplyDeps,
  set: StatefulSet,
  a: Extract<SyncAction, { kind: 'createClaim' }>,
): void {
  const claim = a.claim.metadata.name ?? '';
  const setName = set.metadata.name ?? '';
  try {
    deps.client.create(R.pvcs, a.claim);
    deps.recorder.event(
      set,
      'Normal',
      'SuccessfulCreate',
      `create Claim ${claim} Pod ${a.pod} in StatefulSet ${setName} success`,
    );
  } catch (err) {
    if (!isAlreadyExists(err)) {
      const msg = `create Claim ${claim} for Pod ${a.pod} in StatefulSet ${setName} failed error: ${messageOf(err)}`;
      deps.recorder.event(set, 'Warning', 'FailedCreate', msg);
    }
    const wrapped = new Error(`failed to create PVC ${claim}: ${messageOf(err)}`, { cause: err });
    podEvent(deps, set, 'create', a.pod, wrapped);
    throw wrapped;
  }
}

function createPod(
  deps: ApplyDeps,
  set: StatefulSet,
  a: Extract<SyncAction, { kind: 'createPod' }>,
): void {
  const name = a.pod.metadata.name ?? '';
  try {
    deps.client.create(R.pods, a.pod);
  } catch (err) {
    if (!isAlreadyExists(err)) podEvent(deps, set, 'create', name, err);
    throw err;
  }
  podEvent(deps, set, 'create', name);
}

function updatePod(
  deps: ApplyDeps,
  set: StatefulSet,
  a: Extract<SyncAction, { kind: 'updatePod' }>,
): void {
  const name = a.pod.metadata.name ?? '';
  try {
    deps.client.update(R.pods, a.pod);
  } catch (err) {
    podEvent(deps, set, 'update', name, err);
    throw err;
  }
  podEvent(deps, set, 'update', name);
}

function deletePod(
  deps: ApplyDeps,
  set: StatefulSet,
  a: Extract<SyncAction, { kind: 'deletePod' }>,
): void {
  try {
    deps.client.delete(R.pods, set.metadata.namespace, a.pod);
  } catch (err) {
    podEvent(deps, set, 'delete', a.pod, err);
    throw err;
  }
  podEvent(deps, set, 'delete', a.pod);
}

/** Applies one action; throws (after recording the failure event) when it fails. */
export function applyAction(deps: ApplyDeps, set: StatefulSet, a: SyncAction): void {
  switch (a.kind) {
    case 'createClaim':
      return createClaim(deps, set, a);
    case 'setClaimOwners':
      deps.client.mutate(R.pvcs, set.metadata.namespace, a.claim, (c) => {
        c.metadata.ownerReferences = a.ownerReferences;
      });
      return;
    case 'createPod':
      return createPod(deps, set, a);
    case 'failCreatePod':
      podEvent(deps, set, 'create', a.pod, new Error(a.error));
      throw new Error(a.error);
    case 'updatePod':
      return updatePod(deps, set, a);
    case 'deletePod':
      return deletePod(deps, set, a);
  }
}

/** Applies actions in order, stopping at the first failure; returns the failure, if any. */
export function applyActions(
  deps: ApplyDeps,
  set: StatefulSet,
  actions: SyncAction[],
): Error | undefined {
  for (const a of actions) {
    try {
      applyAction(deps, set, a);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }
  return undefined;
}
