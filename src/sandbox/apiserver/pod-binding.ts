// Assigning a pod to a node, as the pods/binding subresource does (shared by the handler and the
// sandbox's scheduler): set spec.nodeName and the PodScheduled=True condition.
import type { ApiCore } from './api-core.ts';
import { formatTime } from './object-meta.ts';
import type { Served } from './registry.ts';
import type { Stored } from './store.ts';
import type { KubeObject } from './types.ts';

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  lastProbeTime?: null;
}

/** Binds pod `ns/name` to `node`; throws 404 if absent, 409 if already bound or being deleted. */
export function bindPod(
  core: ApiCore,
  served: Served,
  ns: string | undefined,
  name: string,
  node: string,
): Stored {
  const current = core.get(served, ns, name);
  const spec = current.obj.spec as { nodeName?: string };
  if (spec.nodeName) {
    throw core.conflictError(
      served,
      name,
      `pod ${name} is already assigned to node "${spec.nodeName}"`,
    );
  }
  if (current.obj.metadata.deletionTimestamp) {
    throw core.conflictError(
      served,
      name,
      `pod ${name} is being deleted, cannot be assigned to a host`,
    );
  }
  const obj: KubeObject = structuredClone(current.obj);
  (obj.spec as { nodeName?: string }).nodeName = node;
  const status = (obj.status ?? {}) as { conditions?: Condition[] };
  status.conditions = [
    ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
    {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: formatTime(core.deps.now()),
    },
  ];
  obj.status = status;
  return core.commitUpdate(served, obj, current.obj);
}
