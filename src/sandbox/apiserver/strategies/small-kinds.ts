// Strategies of the small kinds: Namespace, Node, Lease, PDB, Event, EndpointSlice, and others.
import { invalid, notSupported, required } from '../field-errors.ts';
import { GoLiteral } from '../field-errors.ts';
import type { Strategy } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import { regexError } from './names.ts';
import { child, deepEqual, objAt, objList, setDefault, oneOf } from './util.ts';

/** Namespace: `kubernetes.io/metadata.name` label, finalizer `kubernetes`, phase Active. */
export const namespaceStrategy: Strategy = {
  nameValidation: 'label',
  applyDefaults(obj: KubeObject): void {
    obj.metadata.labels = {
      ...obj.metadata.labels,
      'kubernetes.io/metadata.name': obj.metadata.name ?? '',
    };
    setDefault(child(obj, 'status'), 'phase', 'Active');
  },
  prepareForCreate(obj: KubeObject): void {
    obj.spec = { finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    obj.spec = structuredClone(old.spec ?? {});
  },
};

/** Node: allocatable defaults to capacity; nodes may set status on create. */
export const nodeStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults(obj: KubeObject): void {
    const status = objAt(obj, 'status');
    const cap = objAt(status, 'capacity');
    if (status && cap) setDefault(status, 'allocatable', structuredClone(cap));
  },
};

function positive(v: unknown, field: string, msg: string): FieldError[] {
  return typeof v === 'number' && v <= 0 ? [invalid(field, v, msg)] : [];
}

/** Lease: leaseDurationSeconds > 0, leaseTransitions ≥ 0. */
export function validateLease(obj: KubeObject): FieldError[] {
  const spec = objAt(obj, 'spec');
  const errs = positive(
    spec?.leaseDurationSeconds,
    'spec.leaseDurationSeconds',
    'must be greater than 0',
  );
  const t = spec?.leaseTransitions;
  if (typeof t === 'number' && t < 0) {
    errs.push(invalid('spec.leaseTransitions', t, 'must be greater than or equal to 0'));
  }
  return errs;
}

/** The Lease strategy. */
export const leaseStrategy: Strategy = {
  nameValidation: 'subdomain',
  validateCreate: validateLease,
  validateUpdate: validateLease,
};

function intOrPercent(v: unknown, field: string): FieldError[] {
  if (typeof v === 'number')
    return v < 0 ? [invalid(field, v, 'must be greater than or equal to 0')] : [];
  if (typeof v !== 'string') return [];
  const m = /^(\d+)%$/.exec(v);
  const msg = regexError(
    "a valid percent string must be a numeric string followed by an ending '%'",
    '[0-9]+%',
    '1%',
    '93%',
  );
  if (!m) return [invalid(field, v, msg)];
  return Number(m[1]) > 100 ? [invalid(field, v, 'must not be greater than 100%')] : [];
}

/** PodDisruptionBudget: minAvailable xor maxUnavailable, each an int ≥ 0 or a percentage ≤ 100%. */
export function validatePDB(obj: KubeObject): FieldError[] {
  const spec = child(obj, 'spec');
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(
      invalid(
        'spec',
        new GoLiteral('policy.PodDisruptionBudgetSpec{...}'),
        'minAvailable and maxUnavailable cannot be both set',
      ),
    );
  }
  errs.push(...intOrPercent(spec.minAvailable, 'spec.minAvailable'));
  errs.push(...intOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  const policy = spec.unhealthyPodEvictionPolicy;
  const policies = ['AlwaysAllow', 'IfHealthyBudget'];
  if (policy !== undefined && !oneOf(policy, policies)) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, policies));
  }
  return errs;
}

/** The PodDisruptionBudget strategy. */
export const pdbStrategy: Strategy = {
  nameValidation: 'subdomain',
  prepareForCreate(obj: KubeObject): void {
    obj.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
  },
  validateCreate: validatePDB,
  validateUpdate: validatePDB,
};

/** core/v1 Event: the involved object's namespace must match the event's. */
export function validateEvent(obj: KubeObject): FieldError[] {
  const io = objAt(obj, 'involvedObject');
  const ns = io?.namespace;
  if (typeof ns === 'string' && ns !== '' && ns !== obj.metadata.namespace) {
    return [invalid('involvedObject.namespace', ns, 'does not match event.namespace')];
  }
  return [];
}

/** The core/v1 Event strategy. */
export const eventStrategy: Strategy = {
  nameValidation: 'subdomain',
  validateCreate: validateEvent,
  validateUpdate: validateEvent,
};

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

/** EndpointSlice: addressType required and supported; each endpoint 1..100 addresses. */
export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const at = obj.addressType;
  if (at === undefined || at === '') errs.push(required('addressType', ''));
  else if (!oneOf(at, ADDRESS_TYPES)) errs.push(notSupported('addressType', at, ADDRESS_TYPES));
  objList(obj, 'endpoints').forEach((e, i) => {
    const n = Array.isArray(e.addresses) ? e.addresses.length : 0;
    if (n < 1 || n > 100) {
      errs.push(
        invalid(
          `endpoints[${i}].addresses`,
          n,
          'must contain at least 1 address but no more than 100 addresses',
        ),
      );
    }
  });
  return errs;
}

/** The EndpointSlice strategy: ports default to protocol TCP and name ""; addressType fixed. */
export const endpointSliceStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults(obj: KubeObject): void {
    for (const p of objList(obj, 'ports')) {
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'name', '');
    }
  },
  validateCreate: validateEndpointSlice,
  validateUpdate(obj, old): FieldError[] {
    const errs = validateEndpointSlice(obj);
    if (obj.addressType !== old.addressType)
      errs.push(invalid('addressType', obj.addressType, 'field is immutable'));
    return errs;
  },
};

/** ControllerRevision: data required, revision ≥ 0, data immutable. */
export const controllerRevisionStrategy: Strategy = {
  nameValidation: 'subdomain',
  validateCreate(obj: KubeObject): FieldError[] {
    const errs = obj.data === undefined ? [required('data', 'data is mandatory')] : [];
    const r = obj.revision;
    if (typeof r === 'number' && r < 0)
      errs.push(invalid('revision', r, 'must be greater than or equal to 0'));
    return errs;
  },
  validateUpdate(obj, old): FieldError[] {
    return deepEqual(obj.data, old.data)
      ? []
      : [invalid('data', new GoLiteral('runtime.RawExtension{...}'), 'field is immutable')];
  },
};

/** Kinds with only name rules: subdomain names. */
export const subdomainOnly: Strategy = { nameValidation: 'subdomain' };
/** RBAC kinds: names are URL path segments. */
export const pathSegmentOnly: Strategy = { nameValidation: 'path-segment' };
