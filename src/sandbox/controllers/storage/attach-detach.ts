// The attach/detach controller (one cluster-wide reconcile over a snapshot, as upstream's
// reconciler loop) and the external attacher (marks VolumeAttachments attached / detached).
import type { KubeObject } from '../../apiserver/types.ts';
import { isConflict, R } from '../local-client.ts';
import type { ReconcileResult, Reconciler } from '../runtime.ts';
import { keyOf } from '../runtime.ts';
import { planAttachDetach } from './attach-detach-plan.ts';
import type { AdAction, AdAttachment, AdNode, AdSnapshot } from './attach-detach-state.ts';
import { newAdState } from './attach-detach-state.ts';
import * as C from './constants.ts';
import type { StorageDeps } from './deps.ts';
import type { Claim, Volume } from './objects.ts';
import { addFinalizer, removeFinalizer } from './protection.ts';

interface NodeObj extends KubeObject {
  spec?: { taints?: { key: string; effect?: string }[] };
  status?: {
    conditions?: { type: string; status: string }[];
    volumesInUse?: string[];
    volumesAttached?: { name: string; devicePath?: string }[];
  };
}

interface AttachmentObj extends KubeObject {
  spec: { attacher: string; nodeName: string; source: { persistentVolumeName?: string } };
  status?: { attached?: boolean; attachmentMetadata?: Record<string, string> };
}

/** The controller's view of a Node object. */
export function adNode(n: NodeObj): AdNode {
  return {
    name: n.metadata.name ?? '',
    ready: (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    outOfService: (n.spec?.taints ?? []).some((t) => t.key === C.OUT_OF_SERVICE_TAINT),
    volumesInUse: n.status?.volumesInUse ?? [],
    volumesAttached: (n.status?.volumesAttached ?? []).map((v) => v.name),
  };
}

const CLUSTER_KEY = 'cluster';

/** Attach/detach controller: a single key, recomputed on any change of its inputs. */
export class AttachDetachController implements Reconciler {
  readonly name = 'attachdetach-controller';
  readonly watches: Reconciler['watches'];
  private readonly d: StorageDeps;
  private readonly state = newAdState();

  constructor(deps: StorageDeps) {
    this.d = deps;
    const all = (): string[] => [CLUSTER_KEY];
    this.watches = [R.pods, R.nodes, R.pvcs, R.pvs, R.volumeattachments].map((resKey) => ({
      resKey,
      keys: all,
    }));
  }

  initialKeys(): string[] {
    return [CLUSTER_KEY];
  }

  private snapshot(): AdSnapshot {
    const c = this.d.client;
    const attachments: AdAttachment[] = c
      .list<AttachmentObj>(R.volumeattachments)
      .filter((va) => va.spec.attacher === this.d.driver)
      .map((va) => ({
        name: va.metadata.name ?? '',
        pv: va.spec.source.persistentVolumeName ?? '',
        node: va.spec.nodeName,
        attached: va.status?.attached === true,
        deleting: !!va.metadata.deletionTimestamp,
      }));
    return {
      pods: c.list(R.pods),
      claims: new Map(c.list<Claim>(R.pvcs).map((x) => [keyOf(x), x])),
      volumes: new Map(c.list<Volume>(R.pvs).map((x) => [x.metadata.name ?? '', x])),
      nodes: new Map(c.list<NodeObj>(R.nodes).map((n) => [n.metadata.name ?? '', adNode(n)])),
      attachments,
    };
  }

  reconcile(): ReconcileResult {
    const opts = {
      driver: this.d.driver,
      maxWaitForUnmountMs: this.d.maxWaitForUnmountMs,
      now: this.d.clock.now(),
    };
    const plan = planAttachDetach(this.snapshot(), this.state, opts);
    for (const a of plan.actions) this.apply(a);
    return plan.requeueAfterMs === undefined
      ? 'done'
      : { requeueAfterMs: Math.max(1, plan.requeueAfterMs) };
  }

  private apply(a: AdAction): void {
    const c = this.d.client;
    switch (a.type) {
      case 'node-volumes':
        c.mutate<NodeObj>(
          R.nodes,
          undefined,
          a.node,
          (n) => {
            n.status = { ...(n.status ?? {}), volumesAttached: a.volumesAttached };
            if (a.volumesAttached.length === 0) delete n.status.volumesAttached;
          },
          true,
        );
        return;
      case 'detach':
        this.d.log.info(a.log, { volume: a.pv, node: a.node });
        c.delete(R.volumeattachments, undefined, a.name);
        return;
      case 'attach':
        this.attach(a.name, a.pv, a.node);
        return;
      case 'event':
        this.d.recorders.attachDetach.event(a.pod, a.eventType, a.reason, a.message);
        return;
    }
  }

  private attach(name: string, pv: string, node: string): void {
    try {
      this.d.client.create<AttachmentObj>(R.volumeattachments, {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: { name },
        spec: { attacher: this.d.driver, nodeName: node, source: { persistentVolumeName: pv } },
      });
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
}

/** The external attacher: finalizer + `status.attached: true`; on deletion, detached + finalizer off. */
export class ExternalAttacher implements Reconciler {
  readonly name = 'csi-attacher';
  readonly watches: Reconciler['watches'];
  private readonly d: StorageDeps;

  constructor(deps: StorageDeps) {
    this.d = deps;
    this.watches = [{ resKey: R.volumeattachments, keys: (o) => [keyOf(o)] }];
  }

  initialKeys(): string[] {
    return this.d.client.list(R.volumeattachments).map(keyOf);
  }

  reconcile(name: string): ReconcileResult {
    const c = this.d.client;
    const va = c.get<AttachmentObj>(R.volumeattachments, undefined, name);
    if (!va || va.spec.attacher !== this.d.driver) return 'done';
    const fin = C.attacherFinalizer(this.d.driver);
    if (va.metadata.deletionTimestamp) {
      const detached = va.status?.attached
        ? c.updateStatus(R.volumeattachments, { ...va, status: { ...va.status, attached: false } })
        : va;
      if (removeFinalizer(detached, fin)) c.update(R.volumeattachments, detached);
      return 'done';
    }
    const withFin = addFinalizer(va, fin) ? c.update(R.volumeattachments, va) : va;
    if (withFin.status?.attached !== true)
      c.updateStatus(R.volumeattachments, { ...withFin, status: { attached: true } });
    return 'done';
  }
}
