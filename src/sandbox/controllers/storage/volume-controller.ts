// The volume side of the PV controller: PV protection, phases (Available, Bound, Released),
// unbinding, and reclaim policy Delete (the provisioner deletes the storage, then the PV).
import { formatTime } from '../../apiserver/object-meta.ts';
import { deleteVolume, volumeModeOf } from '../../storage/volumes.ts';
import { R } from '../local-client.ts';
import type { ReconcileResult, Reconciler } from '../runtime.ts';
import { keyOf } from '../runtime.ts';
import { planVolumeSync } from './binding.ts';
import * as C from './constants.ts';
import type { StorageDeps } from './deps.ts';
import type { Claim, Volume } from './objects.ts';
import { claimKey, claimRefKey } from './objects.ts';
import { addFinalizer, hasFinalizer, removeFinalizer } from './protection.ts';

/** Reconciles PersistentVolumes (key = name). */
export class VolumeController implements Reconciler {
  readonly name = 'persistentvolume-volume-controller';
  readonly resyncMs = 15_000;
  readonly watches: Reconciler['watches'];
  private readonly d: StorageDeps;

  constructor(deps: StorageDeps) {
    this.d = deps;
    this.watches = [
      { resKey: R.pvs, keys: (o) => [keyOf(o)] },
      {
        resKey: R.pvcs,
        keys: (o, prev) => this.volumesOfClaim(o as Claim, prev as Claim | undefined),
      },
    ];
  }

  initialKeys(): string[] {
    return this.d.client.list(R.pvs).map(keyOf);
  }

  private volumesOfClaim(c: Claim, prev: Claim | undefined): string[] {
    const names = new Set(
      [c.spec.volumeName, prev?.spec.volumeName].filter((n): n is string => !!n),
    );
    const key = claimKey(c);
    for (const v of this.d.client.list<Volume>(R.pvs))
      if (claimRefKey(v) === key) names.add(v.metadata.name ?? '');
    return [...names];
  }

  async reconcile(name: string): Promise<ReconcileResult> {
    const c = this.d.client;
    const v = c.get<Volume>(R.pvs, undefined, name);
    if (!v) return 'done';
    if (v.metadata.deletionTimestamp) {
      if (v.status?.phase !== 'Bound' && hasFinalizer(v, C.PV_PROTECTION))
        c.mutate<Volume>(R.pvs, undefined, name, (o) => removeFinalizer(o, C.PV_PROTECTION));
      return 'done';
    }
    if (addFinalizer(v, C.PV_PROTECTION)) Object.assign(v, c.update(R.pvs, v));
    const ref = v.spec.claimRef;
    const claim = ref?.name ? c.get<Claim>(R.pvcs, ref.namespace, ref.name) : undefined;
    const boundByUs = v.metadata.annotations?.[C.ANN_BOUND_BY_CONTROLLER] === 'yes';
    const action = planVolumeSync(v, claim, boundByUs);
    switch (action.kind) {
      case 'phase':
        c.updateStatus(R.pvs, {
          ...v,
          status: { ...v.status, phase: action.phase, lastPhaseTransitionTime: this.now() },
        });
        return 'done';
      case 'unbind':
        this.unbind(v);
        return 'done';
      case 'reclaim-delete':
        await this.reclaim(v);
        return 'done';
      case 'none':
        return 'done';
    }
  }

  private unbind(v: Volume): void {
    const out = structuredClone(v);
    delete out.spec.claimRef;
    const ann = { ...(out.metadata.annotations ?? {}) };
    delete ann[C.ANN_BOUND_BY_CONTROLLER];
    out.metadata.annotations = ann;
    const written = this.d.client.update(R.pvs, out);
    this.d.client.updateStatus(R.pvs, {
      ...written,
      status: { ...written.status, phase: 'Available', lastPhaseTransitionTime: this.now() },
    });
  }

  /** Deletes the storage of a volume our provisioner made, then the PV; others stay Released. */
  private async reclaim(v: Volume): Promise<void> {
    const csi = v.spec.csi;
    if (
      v.metadata.annotations?.[C.ANN_PROVISIONED_BY] !== this.d.driver ||
      csi?.driver !== this.d.driver
    )
      return;
    await deleteVolume(this.d.backend, csi.volumeHandle, volumeModeOf(csi.volumeAttributes));
    this.d.client.delete(R.pvs, undefined, v.metadata.name ?? '');
  }

  private now(): string {
    return formatTime(new Date(this.d.clock.now()));
  }
}
