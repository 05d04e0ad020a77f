// Subresources other than status: scale, eviction, binding, namespace finalize.
import { selfSubjectAccessReview, selfSubjectReview } from './reviews.ts';
import { deleteObject, type DeleteOptions } from './deletion.ts';
import { bindPod } from './pod-binding.ts';
import type { Stored } from './store.ts';
import {
  badRequest,
  internal,
  methodNotSupported,
  tooManyRequests,
  unsupportedMediaType,
} from './errors.ts';
import {
  handlePatch,
  statusSubresource,
  type RequestContext,
  type SubresourceHandler,
} from './handlers.ts';
import { decodeBody, mediaType, readBody, sendJson } from './http-util.ts';
import { formatTime } from './object-meta.ts';
import { resKeyOf, type Served } from './registry.ts';
import {
  formatSelectorObject,
  matchesLabels,
  selectorObjectToRequirements,
  type LabelSelectorObject,
} from './selectors.ts';
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

function scalePaths(served: Served): {
  spec: string;
  status: string;
  selector: string | undefined;
} {
  const c = served.custom?.scale;
  if (c)
    return {
      spec: c.specReplicasPath,
      status: c.statusReplicasPath,
      selector: c.labelSelectorPath,
    };
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
    status: {
      replicas: Number(getPath(obj, paths.status) ?? 0),
      ...(typeof sel === 'string' && sel !== '' ? { selector: sel } : {}),
    },
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
    if (type === 'application/merge-patch+json')
      desired = deps.patch.merge(currentScale, patch) as KubeObject;
    else if (type === 'application/json-patch+json')
      desired = deps.patch.json(currentScale, patch) as KubeObject;
    else if (type === 'application/strategic-merge-patch+json')
      desired = deps.patch.merge(currentScale, patch) as KubeObject;
    else
      throw unsupportedMediaType(type, [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
      ]);
  } else {
    throw methodNotSupported(
      served.type.group,
      `${served.type.plural}/scale`,
      method.toLowerCase(),
    );
  }
  const replicas = (desired.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas))
    throw badRequest('spec.replicas: Invalid value: must be an integer');
  const sentRv = desired.metadata?.resourceVersion;
  const obj = structuredClone(current.obj);
  setPath(obj, scalePaths(served).spec, replicas);
  if (sentRv) obj.metadata.resourceVersion = sentRv;
  const stored = deps.core.update(served, info.namespace, info.name ?? '', obj, {
    old: current,
    fieldManager: ctx.user,
  });
  sendJson(ctx.res, 200, buildScale(served, stored.obj));
};

function isHealthyForPdb(pod: KubeObject): boolean {
  const status = pod.status as { conditions?: { type: string; status: string }[] } | undefined;
  return (
    !pod.metadata.deletionTimestamp &&
    (status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

interface PdbStatus {
  disruptionsAllowed?: number;
  observedGeneration?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
}

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/** The one PDB that covers a pod, if any (500 when several do, as upstream). */
function pdbFor(
  ctx: RequestContext,
  pod: KubeObject,
): { served: Served; stored: Stored } | undefined {
  const served = ctx.deps.core.deps.registry.lookup('policy', 'v1', 'poddisruptionbudgets');
  if (!served) return undefined;
  const pdbs = ctx.deps.core.store.list(resKeyOf(served.type), ctx.info.namespace).filter((s) => {
    const sel = (s.obj.spec as { selector?: LabelSelectorObject }).selector;
    return matchesLabels(selectorObjectToRequirements(sel), pod.metadata.labels);
  });
  if (pdbs.length > 1) {
    throw internal(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  }
  return pdbs[0] ? { served, stored: pdbs[0] } : undefined;
}

/** Refuses (429) or records the disruption of `pod` in its PDB. */
function chargeBudget(ctx: RequestContext, pod: KubeObject): void {
  const pdb = pdbFor(ctx, pod);
  if (!pdb) return;
  const obj = pdb.stored.obj;
  const st = (obj.status ?? {}) as PdbStatus;
  if ((st.observedGeneration ?? 0) < (obj.metadata.generation ?? 0)) {
    throw tooManyRequests(
      VIOLATION,
      [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget is still being processed by the server.',
        },
      ],
      10,
    );
  }
  const policy = (obj.spec as { unhealthyPodEvictionPolicy?: string }).unhealthyPodEvictionPolicy;
  if (policy === 'AlwaysAllow' && !isHealthyForPdb(pod)) return;
  if ((st.disruptionsAllowed ?? 0) <= 0) {
    const msg = `The disruption budget ${obj.metadata.name ?? ''} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`;
    throw tooManyRequests(VIOLATION, [{ reason: 'DisruptionBudget', message: msg }]);
  }
  const updated = structuredClone(obj);
  updated.status = {
    ...st,
    disruptionsAllowed: (st.disruptionsAllowed ?? 0) - 1,
    disruptedPods: {
      ...(st.disruptedPods ?? {}),
      [pod.metadata.name ?? '']: formatTime(ctx.deps.core.deps.now()),
    },
  };
  ctx.deps.core.commitUpdate(pdb.served, updated, obj);
}

/** POST pods/x/eviction: deletes a pod unless a PodDisruptionBudget forbids it (429). */
const eviction: SubresourceHandler = async (ctx) => {
  const { deps, info } = ctx;
  if (ctx.req.method !== 'POST')
    throw methodNotSupported('', 'pods/eviction', (ctx.req.method ?? '').toLowerCase());
  const body = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as {
    deleteOptions?: DeleteOptions;
  };
  const pod = deps.core.get(ctx.served, info.namespace, info.name ?? '').obj;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const exempt =
    phase === 'Pending' ||
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    pod.metadata.deletionTimestamp !== undefined;
  if (!exempt) chargeBudget(ctx, pod);
  deleteObject(deps.core, ctx.served, info.namespace, info.name ?? '', body.deleteOptions ?? {});
  sendJson(ctx.res, 201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
};

/** POST pods/x/binding: assigns the pod to a node (what the scheduler does). */
const binding: SubresourceHandler = async (ctx) => {
  const { deps, info } = ctx;
  const body = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as {
    target?: { name?: string };
  };
  const node = body.target?.name;
  if (!node) throw badRequest('Binding target name is required');
  bindPod(deps.core, ctx.served, info.namespace, info.name ?? '', node);
  sendJson(ctx.res, 201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
};

/** PUT namespaces/x/finalize: replaces spec.finalizers. */
const finalize: SubresourceHandler = async (ctx) => {
  const { deps, info } = ctx;
  const body = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as KubeObject;
  const current = deps.core.get(ctx.served, undefined, info.name ?? '');
  const obj = structuredClone(current.obj);
  obj.spec = {
    ...(obj.spec as object),
    finalizers: (body.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [],
  };
  const stored = deps.core.commitUpdate(ctx.served, obj, current.obj);
  sendJson(ctx.res, 200, stored.json);
};

/** Default subresource handlers. */
export function builtinSubresources(
  extra: Record<string, SubresourceHandler> = {},
): Record<string, SubresourceHandler> {
  return {
    '*/status': statusSubresource,
    '*/scale': scale,
    '/pods/eviction': eviction,
    '/pods/binding': binding,
    '/namespaces/finalize': finalize,
    // Create-only reviews, answered rather than stored (key: `group/plural/` + empty subresource).
    'authentication.k8s.io/selfsubjectreviews/': selfSubjectReview,
    'authorization.k8s.io/selfsubjectaccessreviews/': selfSubjectAccessReview,
    ...extra,
  };
}

export type { RequestContext };
export { handlePatch };
