// Objects every cluster starts with: the system namespaces.
import type { ApiCore } from './api-core.ts';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Creates the system namespaces if they are missing (idempotent). */
export function bootstrapCluster(core: ApiCore): void {
  const served = core.deps.registry.byResKey('/namespaces');
  if (!served) return;
  for (const name of SYSTEM_NAMESPACES) {
    if (core.store.get('/namespaces', undefined, name)) continue;
    core.create(served, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    });
  }
}
