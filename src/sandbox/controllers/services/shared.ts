// Helpers the service controllers share: which Services a pod change concerns, and creates that
// give up quietly when the namespace is gone or terminating (as upstream drops such items).
import { ApiError } from '../../apiserver/errors.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import { keyOf, type Reconciler } from '../runtime.ts';
import { R, type LocalClient } from '../local-client.ts';
import { selectsPod } from './pod-endpoints.ts';
import type { PodObject, ServiceObject } from './types.ts';

/** Keys of the Services selecting the pod before or after a change. */
export function servicesForPod(
  client: LocalClient,
  pod: KubeObject,
  prev: KubeObject | undefined,
): string[] {
  const services = client.list<ServiceObject>(R.services, pod.metadata.namespace);
  return services
    .filter(
      (s) =>
        selectsPod(s, pod as PodObject) || (prev !== undefined && selectsPod(s, prev as PodObject)),
    )
    .map(keyOf);
}

/** Creates an object; undefined when its namespace is missing or terminating (403/404). */
export function createUnlessNamespaceGone<T extends KubeObject>(
  client: LocalClient,
  resKey: string,
  obj: T,
): T | undefined {
  try {
    return client.create(resKey, obj);
  } catch (err) {
    if (err instanceof ApiError && (err.code === 403 || err.code === 404)) return undefined;
    throw err;
  }
}

/** Keys of every Service (initial keys of the service controllers). */
export const allServiceKeys = (client: LocalClient): string[] => client.list(R.services).map(keyOf);

/** The watches every per-Service controller needs: Services themselves and the pods they select. */
export function serviceAndPodWatches(client: LocalClient): Reconciler['watches'] {
  return [
    { resKey: R.services, keys: (obj) => [keyOf(obj)] },
    { resKey: R.pods, keys: (obj, prev) => servicesForPod(client, obj, prev) },
  ];
}
