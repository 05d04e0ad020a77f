// Expansion: the expand controller and the external resizer (controller step), plus
// completeNodeExpansion, the node step the kubelet calls for a claim whose filesystem must grow.
import { formatTime } from '../../apiserver/object-meta.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import { expandVolume, volumeModeOf } from '../../storage/volumes.ts';
import type { EventRecorder } from '../events.ts';
import { R, type LocalClient } from '../local-client.ts';
import type { ReconcileResult, Reconciler } from '../runtime.ts';
import { keyOf, splitKey } from '../runtime.ts';
import * as C from './constants.ts';
import type { StorageDeps } from './deps.ts';
import {
  nodeExpansionPending,
  nodeResizeFailedStatus,
  nodeResizeFinishedStatus,
  nodeResizePendingStatus,
  planExpansion,
  resizeStartedStatus,
} from './expansion.ts';
import type { Claim, Volume } from './objects.ts';
import { bytesOf, volumeCapacity } from './objects.ts';

/** Reconciles claim expansion (key `namespace/name`). */
export class ResizeController implements Reconciler {
  readonly name = 'volume-expand-controller';
  readonly watches: Reconciler['watches'];
  private readonly d: StorageDeps;

  constructor(deps: StorageDeps) {
    this.d = deps;
    this.watches = [{ resKey: R.pvcs, keys: (o) => [keyOf(o)] }];
  }

  initialKeys(): string[] {
    return this.d.client.list(R.pvcs).map(keyOf);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    const c = this.d.client;
    const claim = c.get<Claim>(R.pvcs, namespace, name);
    if (!claim?.spec.volumeName) return 'done';
    const volume = c.get<Volume>(R.pvs, undefined, claim.spec.volumeName);
    const step = planExpansion(claim, volume, this.d.driver);
    if (step.kind === 'annotate') {
      const ann = { ...(claim.metadata.annotations ?? {}), [C.ANN_STORAGE_RESIZER]: this.d.driver };
      const out = c.update(R.pvcs, { ...claim, metadata: { ...claim.metadata, annotations: ann } });
      this.d.recorders.expand.event(out, 'Warning', 'ExternalExpanding', C.MSG_EXTERNAL_EXPANDING);
    } else if (step.kind === 'controller-expand' && volume) {
      await this.expand(claim, volume, step.target);
    }
    return 'done';
  }

  /** The resizer: Resizing → volume grown, PV capacity → FileSystemResizePending. */
  private async expand(claim: Claim, volume: Volume, target: string): Promise<void> {
    const c = this.d.client;
    const now = formatTime(new Date(this.d.clock.now()));
    const started = c.updateStatus(R.pvcs, {
      ...claim,
      status: resizeStartedStatus(claim, target, now),
    });
    this.d.recorders.resizer.event(
      started,
      'Normal',
      'Resizing',
      C.msgResizing(volume.metadata.name ?? ''),
    );
    const csi = volume.spec.csi;
    if (csi)
      await expandVolume(
        this.d.backend,
        csi.volumeHandle,
        bytesOf(target),
        volumeModeOf(csi.volumeAttributes),
      );
    if (volumeCapacity(volume) < bytesOf(target)) {
      c.mutate<Volume>(R.pvs, undefined, volume.metadata.name ?? '', (v) => {
        v.spec.capacity = { ...(v.spec.capacity ?? {}), storage: target };
      });
    }
    const pending = c.updateStatus(R.pvcs, {
      ...started,
      status: nodeResizePendingStatus(started, now),
    });
    this.d.recorders.resizer.event(
      pending,
      'Normal',
      'FileSystemResizeRequired',
      C.MSG_FS_RESIZE_REQUIRED,
    );
  }
}

/** What completeNodeExpansion needs: read a claim, write its status, record events. */
export interface ClaimStatusAccess {
  getClaim(namespace: string, name: string): Promise<Claim | undefined> | Claim | undefined;
  /** Replaces the claim's status (fails on a stale resourceVersion). */
  writeClaimStatus(claim: Claim): Promise<void> | void;
  event(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void> | void;
}

/** Adapts an in-process client and recorder (source `kubelet`) to ClaimStatusAccess. */
export function localClaimAccess(client: LocalClient, recorder: EventRecorder): ClaimStatusAccess {
  return {
    getClaim: (ns, name) => client.get<Claim>(R.pvcs, ns, name),
    writeClaimStatus: (claim) => {
      client.updateStatus(R.pvcs, claim);
    },
    event: (obj, type, reason, message) => recorder.event(obj, type, reason, message),
  };
}

/** Options of the node step: the node, the pod that mounts the claim, and the filesystem growth. */
export interface NodeExpansionOptions {
  nodeName?: string;
  pod?: KubeObject;
  /** Grows the filesystem: 'deferred' leaves the claim pending until the next mount. */
  grow?: () => Promise<'resized' | 'deferred'>;
}

/** Result of the node step. */
export type NodeExpansionResult = 'not-pending' | 'resized' | 'deferred' | 'failed';

/**
 * The kubelet's node step for a claim in FileSystemResizePending: grows the filesystem (when
 * `grow` is given), then sets status.capacity, clears the conditions and records
 * FileSystemResizeSuccessful on the claim (and the pod). Failures set NodeResizeFailed.
 */
export async function completeNodeExpansion(
  access: ClaimStatusAccess,
  pvcKey: string,
  opts: NodeExpansionOptions = {},
): Promise<NodeExpansionResult> {
  const { namespace, name } = splitKey(pvcKey);
  const claim = await access.getClaim(namespace ?? '', name);
  if (!claim || !nodeExpansionPending(claim)) return 'not-pending';
  const pv = claim.spec.volumeName ?? '';
  const targets = opts.pod ? [claim, opts.pod] : [claim];
  try {
    if (opts.grow && (await opts.grow()) === 'deferred') return 'deferred';
  } catch (err) {
    await access.writeClaimStatus({ ...claim, status: nodeResizeFailedStatus(claim) });
    const msg = C.msgNodeExpandFailed(pv, err instanceof Error ? err.message : String(err));
    for (const t of targets) await access.event(t, 'Warning', 'FileSystemResizeFailed', msg);
    return 'failed';
  }
  await access.writeClaimStatus({ ...claim, status: nodeResizeFinishedStatus(claim) });
  for (const t of targets)
    await access.event(
      t,
      'Normal',
      'FileSystemResizeSuccessful',
      C.msgNodeExpandOk(pv, opts.nodeName ?? ''),
    );
  return 'resized';
}
