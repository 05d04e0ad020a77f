// Pod writes the kubelet makes besides status: the final removal of a terminated pod.
import { isStatus, type ApiClient } from './api.ts';
import type { Pod } from './types.ts';

/** The body of the kubelet's final DELETE: grace 0, only for this incarnation of the pod (UID). */
export function finalDeleteOptions(uid: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid } };
}

/** Deletes a pod whose containers have stopped; a pod already gone or replaced is left alone. */
export async function finalDelete(client: ApiClient, pod: Pod): Promise<void> {
  const { name = '', namespace = '', uid = '' } = pod.metadata;
  try {
    await client.delete(`/api/v1/namespaces/${namespace}/pods/${name}`, finalDeleteOptions(uid));
  } catch (err) {
    if (!isStatus(err, 404) && !isStatus(err, 409)) throw err;
  }
}
