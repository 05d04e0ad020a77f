// Which objects belong to a controller (upstream ClaimPods / ClaimReplicaSets /
// ListControllerRevisions with adoption of matching orphans and release of owned objects that no
// longer match); shared by the workload controllers.
import {
  matchesLabels,
  selectorObjectToRequirements,
  type LabelSelectorObject,
} from '../../apiserver/selectors.ts';
import type { KubeObject, OwnerReference } from '../../apiserver/types.ts';
import type { ControllerRevision } from '../history/history.ts';
import type { LocalClient } from '../local-client.ts';
import { R } from '../local-client.ts';
import { controllerRefOf, isTerminating, type Pod } from '../replicaset/pod-util.ts';
import { isMemberOf, setControllerRef } from './identity.ts';
import type { StatefulSet } from './types.ts';

/** What to do with one candidate object. */
export type OwnershipDecision = 'owned' | 'adopt' | 'release' | 'ignore';

/** An owner with a selector (StatefulSet, ReplicaSet, Deployment). */
export type SelectingOwner = KubeObject & { spec: { selector?: LabelSelectorObject } };

/** ClaimObject: owned and matching → owned; orphan and matching → adopt; owned, not matching → release. */
export function decideOwnership(set: SelectingOwner, obj: KubeObject): OwnershipDecision {
  const ref = controllerRefOf(obj);
  const matches = matchesLabels(
    selectorObjectToRequirements(set.spec.selector),
    obj.metadata.labels,
  );
  if (ref) {
    if (ref.uid !== set.metadata.uid) return 'ignore';
    return matches ? 'owned' : 'release';
  }
  if (!matches || set.metadata.deletionTimestamp || isTerminating(obj)) return 'ignore';
  return 'adopt';
}

/** Lists objects of a resource for the owner, adopting and releasing as upstream does. */
export function claimObjects<T extends KubeObject>(
  client: LocalClient,
  resKey: string,
  owner: { set: SelectingOwner; ref: OwnerReference },
  filter: (o: T) => boolean,
): T[] {
  const { set, ref } = owner;
  const ns = set.metadata.namespace;
  const out: T[] = [];
  for (const obj of client.list<T>(resKey, ns)) {
    if (!filter(obj)) continue;
    const decision = decideOwnership(set, obj);
    const name = obj.metadata.name ?? '';
    if (decision === 'owned') out.push(obj);
    else if (decision === 'adopt') {
      const adopted = client.mutate<T>(resKey, ns, name, (o) => {
        o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []), ref];
      });
      if (adopted) out.push(adopted);
    } else if (decision === 'release') {
      client.mutate<T>(resKey, ns, name, (o) => {
        o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter(
          (r) => r.uid !== set.metadata.uid,
        );
      });
    }
  }
  return out;
}

/** getPodsForStatefulSet: the set's pods (members by name only). */
export const claimPods = (client: LocalClient, set: StatefulSet): Pod[] =>
  claimObjects<Pod>(client, R.pods, { set, ref: setControllerRef(set) }, (p) => isMemberOf(set, p));

/** ListRevisions + AdoptOrphanRevisions. */
export const claimRevisions = (client: LocalClient, set: StatefulSet): ControllerRevision[] =>
  claimObjects<ControllerRevision>(
    client,
    R.controllerrevisions,
    { set, ref: setControllerRef(set) },
    () => true,
  );
