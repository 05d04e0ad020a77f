// Pod spec validation (subset of core/validation ValidatePodSpec) with upstream's messages.
import { duplicate, invalid, notSupported, required } from '../field-errors.ts';
import type { FieldError } from '../types.ts';
import { validateName } from './names.ts';
import type { Obj } from './util.ts';
import { num, objList, str, oneOf } from './util.ts';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_INT32 = 2147483647;

/** A `Not found` field error (no constructor in the shared helpers). */
export const notFound = (field: string, value: unknown): FieldError => ({
  type: 'FieldValueNotFound',
  field,
  value,
});

/** Upstream's restart-policy check (also used by workload templates). */
export function validateRestartPolicy(value: unknown, field: string): FieldError[] {
  if (value === undefined || value === '') return [required(field, '')];
  return oneOf(value, RESTART_POLICIES) ? [] : [notSupported(field, value, RESTART_POLICIES)];
}

function validateVolumes(spec: Obj, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objList(spec, 'volumes').forEach((v, i) => {
    const f = `${path}.volumes[${i}].name`;
    const name = str(v, 'name') ?? '';
    errs.push(...validateName('label', name, f));
    if (name && names.has(name)) errs.push(duplicate(f, name));
    names.add(name);
  });
  return { errs, names };
}

function validatePorts(c: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objList(c, 'ports').forEach((p, i) => {
    const f = `${path}.ports[${i}]`;
    const port = num(p, 'containerPort');
    if (!port) errs.push(required(`${f}.containerPort`, ''));
    else if (port < 1 || port > 65535) {
      errs.push(invalid(`${f}.containerPort`, port, 'must be between 1 and 65535, inclusive'));
    }
    const proto = p.protocol;
    if (proto !== undefined && !oneOf(proto, PROTOCOLS)) {
      errs.push(notSupported(`${f}.protocol`, proto, PROTOCOLS));
    }
  });
  return errs;
}

function validateMounts(c: Obj, path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  objList(c, 'volumeMounts').forEach((m, i) => {
    const f = `${path}.volumeMounts[${i}]`;
    const name = str(m, 'name') ?? '';
    if (!name) errs.push(required(`${f}.name`, ''));
    else if (!volumes.has(name)) errs.push(notFound(`${f}.name`, name));
    if (!str(m, 'mountPath')) errs.push(required(`${f}.mountPath`, ''));
  });
  return errs;
}

function validateContainerList(
  list: Obj[],
  path: string,
  seen: Set<string>,
  volumes: Set<string>,
): FieldError[] {
  const errs: FieldError[] = [];
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const name = str(c, 'name') ?? '';
    errs.push(...validateName('label', name, `${p}.name`));
    if (name && seen.has(name)) errs.push(duplicate(`${p}.name`, name));
    seen.add(name);
    if (!str(c, 'image')) errs.push(required(`${p}.image`, ''));
    errs.push(...validatePorts(c, p), ...validateMounts(c, p, volumes));
  });
  return errs;
}

/** Validates a (defaulted) pod spec at `path` (`spec` or `spec.template.spec`). */
export function validatePodSpec(spec: Obj, path: string): FieldError[] {
  const { errs, names } = validateVolumes(spec, path);
  const seen = new Set<string>();
  const containers = objList(spec, 'containers');
  if (containers.length === 0) errs.push(required(`${path}.containers`, ''));
  errs.push(...validateContainerList(containers, `${path}.containers`, seen, names));
  const inits = objList(spec, 'initContainers');
  errs.push(...validateContainerList(inits, `${path}.initContainers`, seen, names));
  errs.push(...validateRestartPolicy(spec.restartPolicy, `${path}.restartPolicy`));
  const dns = spec.dnsPolicy;
  if (dns === undefined || dns === '') errs.push(required(`${path}.dnsPolicy`, ''));
  else if (!oneOf(dns, DNS_POLICIES)) {
    errs.push(notSupported(`${path}.dnsPolicy`, dns, DNS_POLICIES));
  }
  const ads = spec.activeDeadlineSeconds;
  if (typeof ads === 'number' && (ads < 1 || ads > MAX_INT32)) {
    errs.push(
      invalid(
        `${path}.activeDeadlineSeconds`,
        ads,
        `must be between 1 and ${MAX_INT32}, inclusive`,
      ),
    );
  }
  return errs;
}
