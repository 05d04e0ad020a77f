// The claim side of the PV controller and the external provisioner: protection finalizer,
// binding, WaitForFirstConsumer, provisioning, lost claims.
import { formatTime } from '../../apiserver/object-meta.ts';
import { createVolume, volumeModeOf } from '../../storage/volumes.ts';
import { isConflict, R } from '../local-client.ts';
import type { ReconcileResult, Reconciler } from '../runtime.ts';
import { keyOf, splitKey } from '../runtime.ts';
import { planClaimSync } from './binding.ts';
import * as C from './constants.ts';
import type { StorageDeps } from './deps.ts';
import type { Claim, StorageClass, Volume } from './objects.ts';
import { claimClassName, claimRefKey, claimRequest, podClaimKeys } from './objects.ts';
import { addFinalizer, claimInUse, hasFinalizer, removeFinalizer } from './protection.ts';
import {
  bindClaimToVolume,
  bindVolumeToClaim,
  boundClaimStatus,
  buildProvisionedVolume,
  provisionedVolumeName,
} from './provision.ts';

/** Reconciles PersistentVolumeClaims (key `namespace/name`). */
export class ClaimController implements Reconciler {
  readonly name = 'persistentvolume-claim-controller';
  readonly resyncMs = 15_000;
  readonly watches: Reconciler['watches'];
  private readonly d: StorageDeps;

  constructor(deps: StorageDeps) {
    this.d = deps;
    this.watches = [
      { resKey: R.pvcs, keys: (o) => [keyOf(o)] },
      {
        resKey: R.pvs,
        keys: (o, prev) =>
          [o, prev].flatMap((v) =>
            v ? [claimRefKey(v as Volume)].filter((k) => k !== undefined) : [],
          ),
      },
      { resKey: R.pods, keys: (o) => podClaimKeys(o).filter((k) => this.claimDeleting(k)) },
      { resKey: R.storageclasses, keys: () => this.pendingKeys() },
    ];
  }

  initialKeys(): string[] {
    return this.d.client.list(R.pvcs).map(keyOf);
  }

  private claimDeleting(key: string): boolean {
    const { namespace, name } = splitKey(key);
    return (
      this.d.client.core.store.get(R.pvcs, namespace, name)?.obj.metadata.deletionTimestamp !==
      undefined
    );
  }

  private pendingKeys(): string[] {
    return this.d.client
      .list<Claim>(R.pvcs)
      .filter((c) => !c.spec.volumeName)
      .map(keyOf);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    const claim = this.d.client.get<Claim>(R.pvcs, namespace, name);
    if (!claim) return 'done';
    if (!this.protect(claim)) return 'done';
    const clsName = claimClassName(claim);
    const cls = clsName
      ? this.d.client.get<StorageClass>(R.storageclasses, undefined, clsName)
      : undefined;
    const action = planClaimSync(claim, this.d.client.list<Volume>(R.pvs), cls, this.d.driver);
    switch (action.kind) {
      case 'bind':
        this.bind(claim, action.volume);
        return 'done';
      case 'provision':
        await this.provision(claim, action.cls);
        return 'done';
      case 'wait-first-consumer':
        this.d.recorders.pv.event(
          claim,
          'Normal',
          'WaitForFirstConsumer',
          C.MSG_WAIT_FIRST_CONSUMER,
        );
        return 'done';
      case 'external':
        this.markExternal(claim, action.provisioner);
        return 'done';
      case 'no-class':
        this.d.recorders.pv.event(claim, 'Normal', 'FailedBinding', C.MSG_NO_CLASS);
        return 'done';
      case 'class-missing':
        this.d.recorders.pv.event(
          claim,
          'Warning',
          'ProvisioningFailed',
          C.msgClassNotFound(action.name),
        );
        return 'done';
      case 'lost':
        this.markLost(claim);
        return 'done';
      case 'none':
        return 'done';
    }
  }

  /** PVC protection; returns false when the claim is being deleted (nothing else to do). */
  private protect(claim: Claim): boolean {
    const c = this.d.client;
    if (claim.metadata.deletionTimestamp) {
      if (
        hasFinalizer(claim, C.PVC_PROTECTION) &&
        !claimInUse(claim, c.list(R.pods, claim.metadata.namespace))
      ) {
        c.mutate<Claim>(R.pvcs, claim.metadata.namespace, claim.metadata.name ?? '', (o) =>
          removeFinalizer(o, C.PVC_PROTECTION),
        );
      }
      return false;
    }
    if (addFinalizer(claim, C.PVC_PROTECTION)) Object.assign(claim, c.update(R.pvcs, claim));
    return true;
  }

  /** Binds both ways, as upstream's bind(): volume claimRef, volume phase, claim volumeName, claim phase. */
  private bind(claim: Claim, volume: Volume): void {
    const c = this.d.client;
    const v = bindVolumeToClaim(volume, claim);
    const written =
      JSON.stringify(v.spec) === JSON.stringify(volume.spec) &&
      JSON.stringify(v.metadata.annotations) === JSON.stringify(volume.metadata.annotations)
        ? v
        : c.update(R.pvs, v);
    if (written.status?.phase !== 'Bound') {
      c.updateStatus(R.pvs, {
        ...written,
        status: { ...written.status, phase: 'Bound', lastPhaseTransitionTime: this.now() },
      });
    }
    const bound = bindClaimToVolume(claim, volume);
    const cw =
      JSON.stringify(bound.spec) === JSON.stringify(claim.spec) &&
      JSON.stringify(bound.metadata.annotations) === JSON.stringify(claim.metadata.annotations)
        ? bound
        : c.update(R.pvcs, bound);
    const status = boundClaimStatus(cw, volume);
    if (JSON.stringify(status) !== JSON.stringify(cw.status))
      c.updateStatus(R.pvcs, { ...cw, status });
  }

  /** The PV controller hands the claim to the external provisioner (annotations + event). */
  private markExternal(claim: Claim, provisioner: string): Claim {
    const a = claim.metadata.annotations ?? {};
    let out = claim;
    if (
      a[C.ANN_STORAGE_PROVISIONER] !== provisioner ||
      a[C.ANN_BETA_STORAGE_PROVISIONER] !== provisioner
    ) {
      out = this.d.client.update(R.pvcs, {
        ...claim,
        metadata: {
          ...claim.metadata,
          annotations: {
            ...a,
            [C.ANN_BETA_STORAGE_PROVISIONER]: provisioner,
            [C.ANN_STORAGE_PROVISIONER]: provisioner,
          },
        },
      });
    }
    this.d.recorders.pv.event(
      out,
      'Normal',
      'ExternalProvisioning',
      C.msgExternalProvisioning(provisioner),
    );
    return out;
  }

  /** The external provisioner's part: storage, then the pre-bound PV (the binder finishes). */
  private async provision(claim: Claim, cls: StorageClass): Promise<void> {
    const out = this.markExternal(claim, cls.provisioner);
    const name = provisionedVolumeName(out);
    if (this.d.client.get(R.pvs, undefined, name)) return;
    const ns = out.metadata.namespace ?? '';
    this.d.recorders.provisioner.event(
      out,
      'Normal',
      'Provisioning',
      C.msgProvisioning(ns, out.metadata.name ?? ''),
    );
    const mode = volumeModeOf(cls.parameters);
    const volume = buildProvisionedVolume(out, cls, mode);
    try {
      await createVolume(this.d.backend, name, claimRequest(out), mode);
      this.d.client.create(R.pvs, volume);
    } catch (err) {
      if (isConflict(err)) return;
      const msg = err instanceof Error ? err.message : String(err);
      this.d.recorders.provisioner.event(
        out,
        'Warning',
        'ProvisioningFailed',
        `failed to provision volume with StorageClass "${cls.metadata.name ?? ''}": ${msg}`,
      );
      throw err;
    }
    this.d.recorders.provisioner.event(
      out,
      'Normal',
      'ProvisioningSucceeded',
      C.msgProvisioned(name),
    );
  }

  private markLost(claim: Claim): void {
    if (claim.status?.phase === 'Lost') return;
    this.d.client.updateStatus(R.pvcs, { ...claim, status: { ...claim.status, phase: 'Lost' } });
    this.d.recorders.pv.event(claim, 'Warning', 'ClaimLost', C.MSG_CLAIM_LOST);
  }

  private now(): string {
    return formatTime(new Date(this.d.clock.now()));
  }
}
