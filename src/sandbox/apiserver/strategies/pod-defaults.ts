// Defaulting of pod specs and containers, as core/v1 SetDefaults_* (shared by pods and templates).
import type { Obj } from './util.ts';
import { child, isObj, objAt, objList, setDefault } from './util.ts';

/** `Always` when the image has tag `latest` or no tag and no digest, else `IfNotPresent`. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image === '') return 'IfNotPresent';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > lastSlash ? name.slice(colon + 1) : '';
  if (tag === '') return at >= 0 ? 'IfNotPresent' : 'Always';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(handler: Obj | undefined): void {
  const get = objAt(handler, 'httpGet');
  if (!get) return;
  setDefault(get, 'path', '/');
  setDefault(get, 'scheme', 'HTTP');
}

function defaultProbe(probe: Obj | undefined): void {
  if (!probe) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  defaultHttpGet(probe);
  const grpc = objAt(probe, 'grpc');
  if (grpc) setDefault(grpc, 'service', '');
}

function defaultEnv(c: Obj): void {
  for (const e of objList(c, 'env')) {
    const ref = objAt(objAt(e, 'valueFrom'), 'fieldRef');
    if (ref) setDefault(ref, 'apiVersion', 'v1');
  }
}

/** Container defaults: pull policy, termination message, resources, port protocol, probes. */
export function defaultContainer(c: Obj): void {
  setDefault(c, 'imagePullPolicy', defaultPullPolicy(typeof c.image === 'string' ? c.image : ''));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  child(c, 'resources');
  for (const p of objList(c, 'ports')) setDefault(p, 'protocol', 'TCP');
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(objAt(c, k));
  const lifecycle = objAt(c, 'lifecycle');
  defaultHttpGet(objAt(lifecycle, 'postStart'));
  defaultHttpGet(objAt(lifecycle, 'preStop'));
  defaultEnv(c);
}

const MODE_SOURCES = ['secret', 'configMap', 'projected', 'downwardAPI'];

/** Volume defaults: an empty source becomes emptyDir; file modes default to 0644 (420). */
export function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && isObj(v[k]));
  if (sources.length === 0) v.emptyDir = {};
  for (const k of MODE_SOURCES) {
    const src = objAt(v, k);
    if (src) setDefault(src, 'defaultMode', 420);
  }
  const hostPath = objAt(v, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
}

/** Limits without requests copy into requests (SetDefaults_Pod), per container. */
export function defaultRequestsFromLimits(c: Obj): void {
  const res = objAt(c, 'resources');
  const limits = objAt(res, 'limits');
  if (!res || !limits) return;
  const requests = child(res, 'requests');
  for (const [k, v] of Object.entries(limits)) setDefault(requests, k, v);
}

/** Pod spec defaults shared by pods and pod templates (SetDefaults_PodSpec and containers). */
export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  const sa = spec.serviceAccountName ?? spec.serviceAccount;
  if (typeof sa === 'string' && sa !== '') {
    setDefault(spec, 'serviceAccountName', sa);
    setDefault(spec, 'serviceAccount', sa);
  }
  for (const c of [...objList(spec, 'containers'), ...objList(spec, 'initContainers')]) {
    defaultContainer(c);
  }
  for (const v of objList(spec, 'volumes')) defaultVolume(v);
}

/** Defaults of a whole Pod object's spec (template defaults plus SetDefaults_Pod). */
export function defaultPod(spec: Obj): void {
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  for (const c of [...objList(spec, 'containers'), ...objList(spec, 'initContainers')]) {
    defaultRequestsFromLimits(c);
  }
}

/**
 * Defaults of a pod template (`spec.template` of workloads): spec defaults only (no
 * requests-from-limits, no enableServiceLinks, no admission). Go prints the template's zero
 * `creationTimestamp` as null, so it is stored that way.
 */
export function defaultPodTemplate(template: Obj): void {
  const meta = child(template, 'metadata');
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  defaultPodSpec(child(template, 'spec'));
}
