// What the storage controllers share: a client, time, logging, event recorders per upstream
// component, the CSI driver name and the volume backend.
import type { Clock } from '../../../lib/clock.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { VolumeBackend } from '../../storage/volumes.ts';
import type { EventRecorder } from '../events.ts';
import type { LocalClient } from '../local-client.ts';

/** Dependencies of the storage controllers. */
export interface StorageDeps {
  client: LocalClient;
  clock: Clock;
  log: Logger;
  driver: string;
  backend: VolumeBackend;
  recorders: {
    pv: EventRecorder;
    provisioner: EventRecorder;
    expand: EventRecorder;
    resizer: EventRecorder;
    attachDetach: EventRecorder;
  };
  /** Force-detach wait on a not-Ready node (upstream maxWaitForUnmountDuration, 6 min). */
  maxWaitForUnmountMs: number;
}
