// Service strategy: defaults, ClusterIP allocation, port validation and clusterIP immutability.
import { invalid as invalidError } from '../errors.ts';
import { duplicate, invalid, notSupported, required } from '../field-errors.ts';
import type { Strategy, StrategyContext } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import { isDNS1123Label } from './names.ts';
import type { Obj } from './util.ts';
import { child, goStrings, objAt, objList, setDefault, str, oneOf } from './util.ts';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const ips = (spec: Obj): string[] =>
  Array.isArray(spec.clusterIPs) ? spec.clusterIPs.map(String) : [];

/** SetDefaults_Service: type, session affinity, traffic policies, port protocol and targetPort. */
export function defaultService(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  for (const p of objList(spec, 'ports')) {
    setDefault(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '')
      p.targetPort = p.port;
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  }
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.type !== 'ExternalName') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (str(spec, 'clusterIP') && ips(spec).length === 0) spec.clusterIPs = [spec.clusterIP];
  if (!str(spec, 'clusterIP') && ips(spec)[0]) spec.clusterIP = ips(spec)[0];
}

function initFamilies(spec: Obj): void {
  if (spec.type === 'ExternalName') return;
  const headlessNoSelector = spec.clusterIP === 'None' && !objAt(spec, 'selector');
  setDefault(spec, 'ipFamilyPolicy', headlessNoSelector ? 'RequireDualStack' : 'SingleStack');
  setDefault(spec, 'ipFamilies', ['IPv4']);
}

/** Create-time allocation: a free ClusterIP unless headless, ExternalName, or given (then checked). */
export function allocateServiceIPs(obj: KubeObject, ctx: StrategyContext): void {
  const spec = child(obj, 'spec');
  if (spec.type === 'ExternalName') return;
  const given = str(spec, 'clusterIP') ?? '';
  if (given === '') {
    const ip = ctx.allocateClusterIP();
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  } else if (given !== 'None' && ctx.clusterIPInUse(given)) {
    const err = invalid(
      'spec.clusterIPs',
      goStrings(ips(spec)),
      `failed to allocate IP ${given}: provided IP is already allocated`,
    );
    throw invalidError('', 'Service', obj.metadata.name ?? '', [err]);
  }
  initFamilies(spec);
}

function validatePort(p: Obj, f: string, multi: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(p, 'name') ?? '';
  if (multi && name === '') errs.push(required(`${f}.name`, ''));
  else if (name !== '')
    errs.push(...isDNS1123Label(name).map((m) => invalid(`${f}.name`, name, m)));
  const port = p.port;
  if (typeof port !== 'number' || port < 1 || port > 65535) {
    errs.push(invalid(`${f}.port`, port ?? 0, 'must be between 1 and 65535, inclusive'));
  }
  if (!oneOf(p.protocol, PROTOCOLS))
    errs.push(notSupported(`${f}.protocol`, p.protocol, PROTOCOLS));
  const tp = p.targetPort;
  if (typeof tp === 'number' && (tp < 1 || tp > 65535)) {
    errs.push(invalid(`${f}.targetPort`, tp, 'must be between 1 and 65535, inclusive'));
  }
  return errs;
}

/** ValidateService (subset): type, affinity, ports (required unless headless/ExternalName). */
export function validateServiceSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!oneOf(spec.type, TYPES)) errs.push(notSupported('spec.type', spec.type, TYPES));
  if (!oneOf(spec.sessionAffinity, AFFINITIES)) {
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  }
  if (spec.type === 'ExternalName' && !str(spec, 'externalName'))
    errs.push(required('spec.externalName', ''));
  const ports = objList(spec, 'ports');
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName')
    errs.push(required('spec.ports', ''));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    errs.push(...validatePort(p, f, ports.length > 1));
    const name = str(p, 'name') ?? '';
    if (name !== '' && names.has(name)) errs.push(duplicate(`${f}.name`, name));
    names.add(name);
  });
  return errs;
}

/** On update: keep allocated IPs the user left out, then reconcile clusterIP and clusterIPs. */
export function patchServiceUpdate(spec: Obj, oldSpec: Obj): void {
  if (spec.type !== 'ExternalName' && oldSpec.type !== 'ExternalName') {
    if (!str(spec, 'clusterIP')) spec.clusterIP = oldSpec.clusterIP;
    if (ips(spec).length === 0 && ips(oldSpec).length > 0) spec.clusterIPs = ips(oldSpec);
    setDefault(spec, 'ipFamilies', oldSpec.ipFamilies);
    setDefault(spec, 'ipFamilyPolicy', oldSpec.ipFamilyPolicy);
  }
  const sameIPs = ips(spec).join() === ips(oldSpec).join();
  if (spec.clusterIP !== oldSpec.clusterIP && sameIPs) {
    spec.clusterIPs = str(spec, 'clusterIP') ? [spec.clusterIP] : undefined;
  } else if (spec.clusterIP === oldSpec.clusterIP && !sameIPs) {
    spec.clusterIP = ips(spec)[0] ?? '';
  }
}

/** validateUpgradeDowngradeClusterIPs: allocated IPs may not change. */
export function validateClusterIPsUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (spec.clusterIP === 'None' && oldSpec.clusterIP === 'None') return [];
  const next = ips(spec);
  const prev = ips(oldSpec);
  const value = goStrings(next);
  const f = 'spec.clusterIPs';
  if (next.length === prev.length) {
    return prev.flatMap((ip, i) =>
      ip !== next[i] ? [invalid(`${f}[${i}]`, value, 'may not change once set')] : [],
    );
  }
  if (next.length === 0) return [invalid(`${f}[0]`, value, 'primary clusterIP can not be unset')];
  if (prev.length > 0 && next[0] !== prev[0])
    return [invalid(`${f}[0]`, value, 'may not change once set')];
  return [];
}

/** The Service strategy (DNS-1035 names). */
export const serviceStrategy: Strategy = {
  nameValidation: 'dns1035-label',
  applyDefaults: defaultService,
  prepareForCreate(obj: KubeObject, ctx: StrategyContext): void {
    allocateServiceIPs(obj, ctx);
    obj.status = { loadBalancer: {} };
  },
  validateCreate: (obj) => validateServiceSpec(child(obj, 'spec')),
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    patchServiceUpdate(child(obj, 'spec'), child(old, 'spec'));
  },
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    const spec = child(obj, 'spec');
    return [...validateServiceSpec(spec), ...validateClusterIPsUpdate(spec, child(old, 'spec'))];
  },
};
