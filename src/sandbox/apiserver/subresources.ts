// Subresources other than status: scale, eviction, binding, namespace finalize.
import { deleteObject } from './deletion.ts';
import { badRequest, internal, methodNotSupported, tooManyRequests, unsupportedMediaType } from './errors.ts';
import { handlePatch, statusSubresource, type RequestContext, type SubresourceHandler } from './handlers.ts';
import { decodeBody, mediaType, readBody, sendJson } from './http-util.ts';
import { formatTime } from './object-meta.ts';
import { resKeyOf, type Served } from './registry.ts';
import { formatSelectorObject, matchesLabels, selectorObjectToRequirements, type LabelSelectorObject } from './selectors.ts';
import type { KubeObject } from './types.ts';

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.replace(/^\./, '').split('.')) {
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] ?? ''] = value;
}

function scalePaths(served: Served): { spec: string; status: string; selector: string | undefined } {
  const c = served.custom?.scale;
  if (c) return { spec: c.specReplicasPath, status: c.statusReplicasPath, selector: c.labelSelectorPath };
  return { spec: '.spec.replicas', status: '.status.replicas', selector: undefined };
}

/** The autoscaling/v1 Scale view of a scalable object. */
function buildScale(served: Served, obj: KubeObject): KubeObject {
  const paths = scalePaths(served);
  const sel = paths.selector
    ? getPath(obj, paths.selector)
    : formatSelectorObject((obj.spec as { selector?: LabelSelectorObject } | undefined)?.selector);
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, paths.spec) ?? 0) },
    status: { replicas: Number(getPath(obj, paths.status) ?? 0), ...(sel ? { selector: String(sel) } : {}) },
  };
}

const scale: SubresourceHandler = async (ctx) => {
  const { served, info, deps } = ctx;
  const method = ctx.req.method ?? 'GET';
  const current = deps.core.get(served, info.namespace, info.name ?? '');
  if (method === 'GET') {
    sendJson(ctx.res, 200, buildScale(served, current.obj));
    return;
  }
  let desired: KubeObject;
  const currentScale = buildScale(served, current.obj);
  if (method === 'PUT') {
    desired = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as KubeObject;
  } else if (method === 'PATCH') {
    const type = mediaType(ctx.req);
    const patch = decodeBody(await readBody(ctx.req), type, 'patch');
    if (type === 'application/merge-patch+json') desired = deps.patch.merge(currentScale, patch) as KubeObject;
    else if (type === 'application/json-patch+json') desired = deps.patch.json(currentScale, patch) as KubeObject;
    else if (type === 'application/strategic-merge-patch+json') desired = deps.patch.merge(currentScale, patch) as KubeObject;
    else throw unsupportedMediaType(type, ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
  } else {
    throw methodNotSupported(served.type.group, `${served.type.plural}/scale`, method.toLowerCase());
  }
  const replicas = (desired.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw badRequest('spec.replicas: Invalid value: must be an integer');
  const sentRv = desired.metadata?.resourceVersion;
  const obj = structuredClone(current.obj);
  setPath(obj, scalePaths(served).spec, replicas);
  if (sentRv) obj.metadata.resourceVersion = sentRv;
  const stored = deps.core.update(served, info.namespace, info.name ?? '', obj, { old: current, fieldManager: ctx.user });
  sendJson(ctx.res, 200, buildScale(served, stored.obj));
};

function isHealthyForPdb(pod: KubeObject): boolean {
  const status = pod.status as { conditions?: { type: string; status: string }[] } | undefined;
  return !pod.metadata.deletionTimestamp && (status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** POST pods/x/eviction: deletes a pod unless a PodDisruptionBudget forbids it (429). */
const eviction: SubresourceHandler = async (ctx) => {
  const { deps, info } = ctx;
  if (ctx.req.method !== 'POST') throw methodNotSupported('', 'pods/eviction', (ctx.req.method ?? '').toLowerCase());
  const body = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as { deleteOptions?: Record<string, unknown> };
  const podServed = ctx.served;
  const pod = deps.core.get(podServed, info.namespace, info.name ?? '').obj;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const pdbServed = deps.core.deps.registry.lookup('policy', 'v1', 'poddisruptionbudgets');
  const exempt = phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp !== undefined;
  if (!exempt && pdbServed) {
    const pdbs = deps.core.store
      .list(resKeyOf(pdbServed.type), info.namespace)
      .filter((s) => matchesLabels(selectorObjectToRequirements((s.obj.spec as { selector?: LabelSelectorObject }).selector), pod.metadata.labels));
    if (pdbs.length > 1) throw internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const pdb = pdbs[0];
    if (pdb) {
      const st = (pdb.obj.status ?? {}) as { disruptionsAllowed?: number; observedGeneration?: number; currentHealthy?: number; desiredHealthy?: number; disruptedPods?: Record<string, string> };
      if ((st.observedGeneration ?? 0) < (pdb.obj.metadata.generation ?? 0)) {
        throw tooManyRequests('Cannot evict pod as it would violate the pod\'s disruption budget.', [{ reason: 'DisruptionBudget', message: 'The disruption budget is still being processed by the server.' }], 10);
      }
      const alwaysAllow = (pdb.obj.spec as { unhealthyPodEvictionPolicy?: string }).unhealthyPodEvictionPolicy === 'AlwaysAllow';
      if (!(alwaysAllow && !isHealthyForPdb(pod))) {
        if ((st.disruptionsAllowed ?? 0) <= 0) {
          throw tooManyRequests('Cannot evict pod as it would violate the pod\'s disruption budget.', [
            { reason: 'DisruptionBudget', message: `The disruption budget ${pdb.obj.metadata.name ?? ''} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently` },
          ]);
        }
        const updated = structuredClone(pdb.obj);
        const ust = (updated.status ?? {}) as typeof st;
        ust.disruptionsAllowed = (st.disruptionsAllowed ?? 0) - 1;
        ust.disruptedPods = { ...(st.disruptedPods ?? {}), [pod.metadata.name ?? '']: formatTime(deps.core.deps.now()) };
        updated.status = ust;
        deps.core.commitUpdate(pdbServed, updated, pdb.obj);
      }
    }
  }
  deleteObject(deps.core, podServed, info.namespace, info.name ?? '', body.deleteOptions ?? {});
  sendJson(ctx.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
};

/** POST pods/x/binding: assigns the pod to a node (what the scheduler does). */
const binding: SubresourceHandler = async (ctx) => {
  const { deps, info } = ctx;
  const body = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as { target?: { name?: string } };
  const node = body.target?.name;
  if (!node) throw badRequest('Binding target name is required');
  const current = deps.core.get(ctx.served, info.namespace, info.name ?? '');
  const spec = current.obj.spec as { nodeName?: string };
  if (spec.nodeName) {
    throw deps.core.conflictError(ctx.served, info.name ?? '', `pod ${info.name ?? ''} is already assigned to node "${spec.nodeName}"`);
  }
  const obj = structuredClone(current.obj);
  (obj.spec as { nodeName?: string }).nodeName = node;
  const status = (obj.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string; lastProbeTime?: null }[] };
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: formatTime(deps.core.deps.now()) }];
  obj.status = status;
  deps.core.commitUpdate(ctx.served, obj, current.obj);
  sendJson(ctx.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
};

/** PUT namespaces/x/finalize: replaces spec.finalizers. */
const finalize: SubresourceHandler = async (ctx) => {
  const { deps, info } = ctx;
  const body = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as KubeObject;
  const current = deps.core.get(ctx.served, undefined, info.name ?? '');
  const obj = structuredClone(current.obj);
  obj.spec = { ...(obj.spec as object), finalizers: (body.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [] };
  const stored = deps.core.commitUpdate(ctx.served, obj, current.obj);
  sendJson(ctx.res, 200, stored.json);
};

/** Default subresource handlers. */
export function builtinSubresources(extra: Record<string, SubresourceHandler> = {}): Record<string, SubresourceHandler> {
  return {
    '*/status': statusSubresource,
    '*/scale': scale,
    '/pods/eviction': eviction,
    '/pods/binding': binding,
    '/namespaces/finalize': finalize,
    ...extra,
  };
}

export type { RequestContext };
export { handlePatch };
