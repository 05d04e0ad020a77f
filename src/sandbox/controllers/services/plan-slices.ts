// Pure EndpointSlice reconciliation (upstream endpointslice reconciler): keep endpoints in the
// slices that already hold them, fill changed slices first, then the closest-to-full unchanged
// one, create new slices for the rest, recycle slices that would be deleted, keep a placeholder.
import { isDeepStrictEqual } from 'node:util';
import { endpointKey, portMapKey, type DesiredSlices, type PortGroup } from './slice-endpoints.ts';
import { formatTriggerTime } from './trigger-time.ts';
import {
  ANNOTATION_TRIGGER_TIME,
  isServiceIPSet,
  LABEL_HEADLESS,
  LABEL_SERVICE_NAME,
  LABEL_SLICE_MANAGED_BY,
  MAX_ENDPOINTS_PER_SLICE,
  SLICE_CONTROLLER_NAME,
  type EndpointSliceObject,
  type ServiceObject,
  type SliceEndpoint,
} from './types.ts';

/** Slices to create, update and delete. */
export interface SlicePlan {
  create: EndpointSliceObject[];
  update: EndpointSliceObject[];
  delete: EndpointSliceObject[];
}

const RESERVED = new Set([LABEL_SERVICE_NAME, LABEL_SLICE_MANAGED_BY, LABEL_HEADLESS]);
const unreserved = (l: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(l ?? {}).filter(([k]) => !RESERVED.has(k)));

/** Slice labels for a Service, and whether the slice's own (non-reserved) labels differ. */
export function sliceLabels(
  slice: EndpointSliceObject | undefined,
  svc: ServiceObject,
): { labels: Record<string, string>; changed: boolean } {
  const labels = unreserved(svc.metadata.labels);
  const changed = !isDeepStrictEqual(unreserved(slice?.metadata.labels), labels);
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name ?? '';
  labels[LABEL_SLICE_MANAGED_BY] = SLICE_CONTROLLER_NAME;
  return { labels, changed };
}

/** Whether the slice has the Service (by uid) as an owner. */
export const ownedBy = (slice: EndpointSliceObject, svc: ServiceObject): boolean =>
  (slice.metadata.ownerReferences ?? []).some(
    (o) => o.uid === svc.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );

/** A new, unnamed slice (generateName `<svc>-`) for a port group. */
export function newSlice(svc: ServiceObject, ports: PortGroup['ports']): EndpointSliceObject {
  const name = svc.metadata.name ?? '';
  const prefix = name.length + 1 <= 253 ? `${name}-` : name;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: prefix,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(undefined, svc).labels,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name,
          uid: svc.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    endpoints: [],
    ports: [...ports],
  };
}

function isPlaceholder(slice: EndpointSliceObject, svc: ServiceObject): boolean {
  return (
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0 &&
    ownedBy(slice, svc) &&
    isDeepStrictEqual(slice.metadata.labels ?? {}, sliceLabels(undefined, svc).labels)
  );
}

interface Work {
  byName: Map<string, EndpointSliceObject>;
  unchanged: Set<string>;
  toUpdate: Set<string>;
  toDelete: Set<string>;
}

/** Step 1: keep desired endpoints where they are; note changed, emptied and unchanged slices. */
function sweepExisting(
  svc: ServiceObject,
  existing: EndpointSliceObject[],
  desired: Map<string, SliceEndpoint>,
  w: Work,
): void {
  for (const slice of existing) {
    w.byName.set(slice.metadata.name ?? '', slice);
    const kept: SliceEndpoint[] = [];
    let changed = false;
    for (const ep of slice.endpoints ?? []) {
      const want = desired.get(endpointKey(ep));
      if (!want) continue;
      kept.push(want);
      if (!isDeepStrictEqual(want, ep)) changed = true;
      desired.delete(endpointKey(ep));
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, svc);
    const name = slice.metadata.name ?? '';
    if (changed || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) w.toDelete.add(name);
      else {
        w.byName.set(name, {
          ...structuredClone(slice),
          endpoints: kept,
          metadata: { ...slice.metadata, labels },
        });
        w.toUpdate.add(name);
      }
    } else if (labelsChanged) {
      w.byName.set(name, { ...structuredClone(slice), metadata: { ...slice.metadata, labels } });
      w.toUpdate.add(name);
    } else w.unchanged.add(name);
  }
}

/** The unchanged slice closest to full after adding `n` endpoints (upstream getSliceToFill). */
function sliceToFill(w: Work, n: number, max: number): EndpointSliceObject | undefined {
  let best: EndpointSliceObject | undefined;
  let bestDiff = max;
  for (const name of [...w.unchanged].sort()) {
    const s = w.byName.get(name);
    const diff = max - (n + (s?.endpoints ?? []).length);
    if (s && diff >= 0 && diff < bestDiff) [best, bestDiff] = [s, diff];
  }
  return best;
}

/** Reconciles the slices of one port group (upstream reconcileByPortMapping). */
function planPortGroup(
  svc: ServiceObject,
  existing: EndpointSliceObject[],
  group: PortGroup,
  max: number,
): SlicePlan {
  const w: Work = {
    byName: new Map(),
    unchanged: new Set(),
    toUpdate: new Set(),
    toDelete: new Set(),
  };
  const desired = new Map(group.endpoints.map((e) => [endpointKey(e), e]));
  sweepExisting(svc, existing, desired, w);
  const queue = [...desired.values()];
  const fill = (s: EndpointSliceObject): void => {
    const eps = (s.endpoints ??= []);
    while (queue.length > 0 && eps.length < max) eps.push(queue.shift() as SliceEndpoint);
  };
  const updating = [...w.toUpdate].map((n) => w.byName.get(n) as EndpointSliceObject);
  for (const s of updating.sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length))
    fill(s);
  const create: EndpointSliceObject[] = [];
  while (queue.length > 0) {
    const found = queue.length < max ? sliceToFill(w, queue.length, max) : undefined;
    const slice = found ? structuredClone(found) : newSlice(svc, group.ports);
    fill(slice);
    if (found) {
      const name = found.metadata.name ?? '';
      w.byName.set(name, slice);
      w.toUpdate.add(name);
      w.unchanged.delete(name);
    } else create.push(slice);
  }
  const pick = (names: Set<string>): EndpointSliceObject[] =>
    [...names].sort().map((n) => w.byName.get(n) as EndpointSliceObject);
  return { create, update: pick(w.toUpdate), delete: pick(w.toDelete) };
}

/** Plans all slice changes for a Service given the desired state and its existing managed slices. */
export function planSlices(
  svc: ServiceObject,
  desired: DesiredSlices,
  existing: EndpointSliceObject[],
  triggerTimeMs: number,
  max = MAX_ENDPOINTS_PER_SLICE,
): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const byPorts = new Map<string, EndpointSliceObject[]>();
  for (const s of existing) {
    if (s.addressType !== 'IPv4' || !ownedBy(s, svc)) plan.delete.push(s);
    else byPorts.set(portMapKey(s.ports), [...(byPorts.get(portMapKey(s.ports)) ?? []), s]);
  }
  for (const [key, group] of desired.groups) {
    const p = planPortGroup(svc, byPorts.get(key) ?? [], group, max);
    plan.create.push(...p.create);
    plan.update.push(...p.update);
    plan.delete.push(...p.delete);
  }
  for (const [key, slices] of byPorts) if (!desired.groups.has(key)) plan.delete.push(...slices);
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const only = plan.delete[0];
    if (plan.delete.length === 1 && only && isPlaceholder(only, svc)) plan.delete = [];
    else plan.create.push(newSlice(svc, []));
  }
  return finalize(svc, plan, triggerTimeMs);
}

/** Turns creates into updates of slices about to be deleted; stamps the trigger time (upstream finalize). */
function finalize(svc: ServiceObject, plan: SlicePlan, triggerTimeMs: number): SlicePlan {
  const del = [...plan.delete];
  const create = [...plan.create];
  const update = [...plan.update];
  for (let i = 0; i < del.length && create.length > 0;) {
    const old = del[i] as EndpointSliceObject;
    if (old.addressType === 'IPv4' && ownedBy(old, svc)) {
      const fresh = create.pop() as EndpointSliceObject;
      const { generateName: _g, ...meta } = fresh.metadata;
      update.push({
        ...old,
        ...fresh,
        metadata: { ...old.metadata, ...meta, name: old.metadata.name },
      });
      del.splice(i, 1);
    } else i++;
  }
  if (svc.metadata.deletionTimestamp) create.length = 0;
  for (const s of [...create, ...update]) {
    const a = { ...(s.metadata.annotations ?? {}) };
    if (triggerTimeMs > 0) a[ANNOTATION_TRIGGER_TIME] = formatTriggerTime(triggerTimeMs);
    else delete a[ANNOTATION_TRIGGER_TIME];
    s.metadata.annotations = a;
  }
  return { create, update, delete: del };
}
