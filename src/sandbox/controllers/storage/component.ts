// The storage component of the sandbox: default StorageClass, PV controller (binder and
// provisioner), PVC/PV protection, expansion, attach/detach and the external attacher.
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import { cleanupVolumes, loopVolumeHandles } from '../../storage/loop.ts';
import { CSI_DRIVER } from '../../storage/paths.ts';
import { hostOps, type HostOps } from '../../storage/runner.ts';
import { activateVolume, volumeModeOf } from '../../storage/volumes.ts';
import { isConflict, R, type LocalClient } from '../local-client.ts';
import { Controller } from '../runtime.ts';
import { AttachDetachController, ExternalAttacher } from './attach-detach.ts';
import { ClaimController } from './claim-controller.ts';
import * as C from './constants.ts';
import type { StorageDeps } from './deps.ts';
import type { Volume } from './objects.ts';
import { buildDefaultStorageClass } from './provision.ts';
import { ResizeController } from './resizer.ts';
import { VolumeController } from './volume-controller.ts';

/** Creates the default StorageClass `standard` unless it exists. */
export function ensureDefaultStorageClass(client: LocalClient, driver = CSI_DRIVER): void {
  if (client.get(R.storageclasses, undefined, 'standard')) return;
  try {
    client.create(R.storageclasses, buildDefaultStorageClass(driver));
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}

/** Remounts the loop volumes of existing PVs (after a restart of the sandbox). */
async function activateVolumes(deps: StorageDeps): Promise<void> {
  for (const v of deps.client.list<Volume>(R.pvs)) {
    const csi = v.spec.csi;
    if (csi?.driver !== deps.driver) continue;
    try {
      await activateVolume(deps.backend, csi.volumeHandle, volumeModeOf(csi.volumeAttributes));
    } catch (err) {
      deps.log.warn('storage: could not activate volume', {
        volume: csi.volumeHandle,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

/** Starts the storage controllers; `host` overrides host access (tests). */
export function startStorage(ctx: ControlPlaneContext, host: HostOps = hostOps()): Component {
  const client = ctx.client('persistentvolume-controller');
  const deps: StorageDeps = {
    client,
    clock: ctx.clock,
    log: ctx.log,
    driver: CSI_DRIVER,
    backend: { stateDir: ctx.dir, host },
    recorders: {
      pv: ctx.recorder(C.PV_CONTROLLER),
      provisioner: ctx.recorder(C.externalProvisioner(CSI_DRIVER)),
      expand: ctx.recorder(C.EXPAND_CONTROLLER),
      resizer: ctx.recorder(C.externalResizer(CSI_DRIVER)),
      attachDetach: ctx.recorder(C.AD_CONTROLLER),
    },
    maxWaitForUnmountMs: ctx.timings.maxWaitForUnmountMs,
  };
  ensureDefaultStorageClass(client);
  const cdeps = { client, clock: ctx.clock, log: ctx.log };
  const reconcilers = [
    new ClaimController(deps),
    new VolumeController(deps),
    new ResizeController(deps),
    new AttachDetachController(deps),
    new ExternalAttacher(deps),
  ];
  const controllers = reconcilers.map((r) => new Controller(r, cdeps));
  const activated = activateVolumes(deps).finally(() => {
    for (const c of controllers) c.start();
  });
  return {
    async stop() {
      await activated;
      for (const c of controllers) await c.stop();
      if (loopVolumeHandles(ctx.dir).length > 0) await cleanupVolumes(ctx.dir, host).catch(() => 0);
    },
  };
}
