// The generic registry: create/get/list/update/patch of any served resource, with upstream's
// semantics for resourceVersion, generation, the status split, admission and validation.
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  OBJECT_MODIFIED,
} from './errors.ts';
import * as fe from './field-errors.ts';
import type { SchemaHooks } from './hooks.ts';
import {
  apiVersionOf,
  formatTime,
  jsonEqual,
  newUid,
  randomSuffix,
  specPart,
  dropEmptyMeta,
} from './object-meta.ts';
import { resKeyOf, type ResourceRegistry, type Served } from './registry.ts';
import type { ObjectStore, Stored } from './store.ts';
import {
  strategyKey,
  type Strategy,
  type StrategyContext,
  type StrategyTable,
} from './strategy.ts';
import type { FieldError, KubeObject } from './types.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Per-request options of a write. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  /** Warnings to return in `Warning` headers. */
  warnings?: string[];
  /** Set for server-side apply, whose managed fields the apply engine already recorded. */
  applied?: boolean;
}

export interface ApiCoreDeps {
  store: ObjectStore;
  registry: ResourceRegistry;
  strategies: StrategyTable;
  schema: SchemaHooks;
  now: () => Date;
  /** Validates metadata (name rules, labels, annotations); returns field errors. */
  validateMeta: (
    obj: KubeObject,
    rule: NonNullable<Strategy['nameValidation']>,
    namespaced: boolean,
  ) => FieldError[];
  /** Records managed fields of a non-apply write (may be a no-op). */
  recordUpdate?: (
    old: KubeObject | undefined,
    updated: KubeObject,
    manager: string,
    now: Date,
  ) => void;
  serviceCidrBase?: string;
}

const noStrategy: Strategy = {};

/** The generic store logic shared by every resource (upstream's registry/generic/registry.Store). */
export class ApiCore {
  readonly deps: ApiCoreDeps;
  private readonly ipInUse = new Set<string>();
  private nextIp = 10;

  constructor(deps: ApiCoreDeps) {
    this.deps = deps;
    for (const s of deps.store.list('/services')) {
      for (const ip of (s.obj.spec as { clusterIPs?: string[] } | undefined)?.clusterIPs ?? [])
        this.ipInUse.add(ip);
    }
  }

  get store(): ObjectStore {
    return this.deps.store;
  }

  strategyFor(served: Served): Strategy {
    return this.deps.strategies[strategyKey(served.type)] ?? noStrategy;
  }

  /** What strategies may read and allocate. */
  context(): StrategyContext {
    const store = this.deps.store;
    return {
      now: this.deps.now(),
      get: (group, plural, ns, name) => store.get(`${group}/${plural}`, ns, name)?.obj,
      list: (group, plural, ns) => store.list(`${group}/${plural}`, ns).map((s) => s.obj),
      allocateClusterIP: () => this.allocateIp(),
      clusterIPInUse: (ip) => this.ipInUse.has(ip),
    };
  }

  private allocateIp(): string {
    const base = this.deps.serviceCidrBase ?? '10.96';
    for (let i = 0; i < 65_000; i++) {
      const n = this.nextIp++;
      if (this.nextIp > 65_000) this.nextIp = 10;
      const ip = `${base}.${Math.floor(n / 256)}.${n % 256}`;
      if (n % 256 !== 0 && n % 256 !== 255 && !this.ipInUse.has(ip)) return ip;
    }
    throw badRequest('the service IP range is exhausted');
  }

  /** A 409 Conflict about an object of this resource. */
  conflictError(served: Served, name: string, why: string): Error {
    return conflict(served.type.group, served.type.plural, name, why);
  }

  /** Reads one object or throws 404. */
  get(served: Served, ns: string | undefined, name: string): Stored {
    const s = this.deps.store.get(
      resKeyOf(served.type),
      served.type.namespaced ? ns : undefined,
      name,
    );
    if (!s) throw notFound(served.type.group, served.type.plural, name);
    return s;
  }

  /** Checks the namespace of a namespaced write exists and is not terminating. */
  private checkNamespace(
    served: Served,
    ns: string | undefined,
    name: string,
    creating: boolean,
  ): void {
    if (!served.type.namespaced || ns === undefined) return;
    const nsObj = this.deps.store.get('/namespaces', undefined, ns);
    if (!nsObj) throw notFound('', 'namespaces', ns);
    if (creating && nsObj.obj.metadata.deletionTimestamp) {
      throw forbidden(
        served.type.group,
        served.type.plural,
        name,
        `unable to create new content in namespace ${ns} because it is being terminated`,
      );
    }
  }

  /** Common checks of a decoded body against the request. */
  private checkBody(
    served: Served,
    ns: string | undefined,
    body: KubeObject,
    urlName?: string,
  ): void {
    const t = served.type;
    const expected = apiVersionOf(t.group, t.version);
    if (body.apiVersion !== undefined && body.apiVersion !== expected) {
      throw badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`,
      );
    }
    if (body.kind !== undefined && body.kind !== t.kind) {
      throw badRequest(
        `the kind in the data (${String(body.kind)}) does not match the expected kind (${t.kind})`,
      );
    }
    if (
      typeof body.metadata !== 'object' ||
      body.metadata === null ||
      Array.isArray(body.metadata)
    ) {
      if (body.metadata === undefined) body.metadata = {};
      else
        throw badRequest(
          `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: metadata must be an object`,
        );
    }
    const bodyNs = body.metadata.namespace;
    if (t.namespaced) {
      if (bodyNs !== undefined && bodyNs !== '' && ns !== undefined && bodyNs !== ns) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      if (ns !== undefined) body.metadata.namespace = ns;
    } else {
      delete body.metadata.namespace;
    }
    if (
      urlName !== undefined &&
      body.metadata.name !== undefined &&
      body.metadata.name !== urlName
    ) {
      throw badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${urlName})`,
      );
    }
    body.apiVersion = expected;
    body.kind = t.kind;
  }

  /** Strict/Warn handling of unknown fields, and custom-resource pruning and defaulting. */
  private checkFields(served: Served, obj: KubeObject, opts: WriteOptions): FieldError[] {
    const t = served.type;
    const mode = opts.fieldValidation ?? 'Ignore';
    let unknown: string[];
    let errors: FieldError[] = [];
    if (served.custom) {
      unknown = this.deps.schema.defaultAndPruneCustom(obj, served.custom);
      errors = this.deps.schema.validateCustom(obj, served.custom);
    } else {
      unknown = this.deps.schema.unknownBuiltinFields(
        apiVersionOf(t.group, t.version),
        t.kind,
        obj,
      );
    }
    if (unknown.length > 0 && mode === 'Strict') {
      const list = unknown.map((p) => `unknown field "${p}"`).join(', ');
      throw badRequest(
        `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: strict decoding error: ${list}`,
      );
    }
    if (unknown.length > 0 && mode === 'Warn')
      opts.warnings?.push(...unknown.map((p) => `unknown field "${p}"`));
    return errors;
  }

  private validateNameAndMeta(served: Served, obj: KubeObject): FieldError[] {
    const rule = this.strategyFor(served).nameValidation ?? 'subdomain';
    return this.deps.validateMeta(obj, rule, served.type.namespaced);
  }

  /** Creates an object (POST). */
  create(
    served: Served,
    ns: string | undefined,
    body: KubeObject,
    opts: WriteOptions = {},
  ): Stored {
    const t = served.type;
    this.checkBody(served, ns, body);
    const obj = body;
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (t.namespaced && !meta.namespace)
      throw badRequest('the server could not find the requested resource');
    this.checkNamespace(served, meta.namespace, meta.name ?? '', true);
    const fieldErrors = this.checkFields(served, obj, opts);
    const strategy = this.strategyFor(served);
    const ctx = this.context();
    if (t.hasStatusSubresource && t.kind !== 'Node') delete obj.status;
    // Server-owned metadata: whatever the client sent is replaced (uid first: strategies use it).
    meta.uid = newUid();
    strategy.applyDefaults?.(obj, ctx);
    strategy.prepareForCreate?.(obj, ctx);
    dropEmptyMeta(obj);
    meta.creationTimestamp = formatTime(this.deps.now());
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    delete meta.selfLink;
    if (t.hasGeneration || served.custom) meta.generation = 1;
    else delete meta.generation;
    const errs = [
      ...this.validateNameAndMeta(served, obj),
      ...fieldErrors,
      ...(strategy.validateCreate?.(obj, ctx) ?? []),
    ];
    if (errs.length > 0) throw invalid(t.group, t.kind, meta.name ?? '', errs);
    strategy.admit?.(obj, undefined, ctx);
    const key = resKeyOf(t);
    if (this.deps.store.get(key, meta.namespace, meta.name ?? ''))
      throw alreadyExists(t.group, t.plural, meta.name ?? '');
    if (!opts.applied)
      this.deps.recordUpdate?.(undefined, obj, opts.fieldManager ?? 'unknown', this.deps.now());
    if (opts.dryRun) return { obj, json: JSON.stringify(obj) };
    const stored = this.deps.store.put(key, obj, 'ADDED');
    this.trackIps(t.plural, undefined, obj);
    return stored;
  }

  private trackIps(plural: string, old: KubeObject | undefined, obj: KubeObject | undefined): void {
    if (plural !== 'services' || resKeyOf({ group: '', plural }) !== '/services') return;
    const ips = (o: KubeObject | undefined): string[] =>
      ((o?.spec as { clusterIPs?: string[] } | undefined)?.clusterIPs ?? []).filter(
        (ip) => ip !== 'None',
      );
    for (const ip of ips(old)) this.ipInUse.delete(ip);
    for (const ip of ips(obj)) this.ipInUse.add(ip);
  }

  /**
   * Replaces an object (PUT), or its status when `subresource` is 'status'.
   * `old` may be passed when the caller already holds the current object (patch).
   */
  update(
    served: Served,
    ns: string | undefined,
    name: string,
    body: KubeObject,
    opts: WriteOptions & { subresource?: 'status'; old?: Stored } = {},
  ): Stored {
    const t = served.type;
    this.checkBody(served, ns, body, name);
    const current = opts.old ?? this.get(served, ns, name);
    const old = current.obj;
    const sentRv = body.metadata.resourceVersion;
    if (sentRv !== undefined && sentRv !== '' && sentRv !== old.metadata.resourceVersion) {
      throw conflict(t.group, t.plural, name, OBJECT_MODIFIED);
    }
    const status = opts.subresource === 'status';
    const strategy = this.strategyFor(served);
    const ctx = this.context();
    const { obj, fieldErrors } = this.prepareUpdate(served, old, body, opts);
    if (!status && (t.hasGeneration || served.custom)) {
      obj.metadata.generation =
        (old.metadata.generation ?? 1) + (this.specChanged(served, obj, old) ? 1 : 0);
    }
    const errs = [
      ...this.validateNameAndMeta(served, obj),
      ...fieldErrors,
      ...(status
        ? (strategy.validateStatusUpdate?.(obj, old, ctx) ?? [])
        : (strategy.validateUpdate?.(obj, old, ctx) ?? [])),
      ...this.finalizerRules(obj, old),
    ];
    if (errs.length > 0) throw invalid(t.group, t.kind, name, errs);
    if (!status) strategy.admit?.(obj, old, ctx);
    if (!opts.applied)
      this.deps.recordUpdate?.(old, obj, opts.fieldManager ?? 'unknown', this.deps.now());
    if (opts.dryRun) return { obj, json: JSON.stringify(obj) };
    // A no-op write does not bump the resourceVersion (as the etcd3 store's GuaranteedUpdate).
    if (jsonEqual(obj, old)) return current;
    return this.commitUpdate(served, obj, old);
  }

  /** The new object of an update with defaults and server-owned metadata applied, and schema errors. */
  private prepareUpdate(
    served: Served,
    old: KubeObject,
    body: KubeObject,
    opts: WriteOptions & { subresource?: 'status' },
  ): { obj: KubeObject; fieldErrors: FieldError[] } {
    let fieldErrors: FieldError[] = [];
    let obj: KubeObject;
    if (opts.subresource === 'status') {
      obj = this.statusOnly(old, body);
      if (served.custom) fieldErrors = this.deps.schema.validateCustom(obj, served.custom);
    } else {
      const ctx = this.context();
      const strategy = this.strategyFor(served);
      obj = this.mainOnly(served, old, body);
      fieldErrors = this.checkFields(served, obj, opts);
      strategy.applyDefaults?.(obj, ctx);
      strategy.prepareForUpdate?.(obj, old, ctx);
    }
    this.keepServerMeta(obj, old);
    dropEmptyMeta(obj);
    return { obj, fieldErrors };
  }

  /** Whether a write changes the spec (everything but metadata and status, or also status for CRs without a status subresource). */
  private specChanged(served: Served, obj: KubeObject, old: KubeObject): boolean {
    if (served.type.hasStatusSubresource || !served.custom)
      return !jsonEqual(specPart(obj), specPart(old));
    return !jsonEqual(
      { ...specPart(obj), status: obj.status },
      { ...specPart(old), status: old.status },
    );
  }

  /** Writes an updated object, finishing a pending deletion when nothing holds it any more. */
  commitUpdate(served: Served, obj: KubeObject, old: KubeObject): Stored {
    const key = resKeyOf(served.type);
    const m = obj.metadata;
    const held =
      key === '/namespaces' &&
      ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
    if (
      m.deletionTimestamp &&
      !held &&
      (m.finalizers ?? []).length === 0 &&
      (m.deletionGracePeriodSeconds ?? 0) === 0
    ) {
      const removed = this.deps.store.remove(key, m.namespace, m.name ?? '');
      this.trackIps(served.type.plural, old, undefined);
      if (removed) return removed;
    }
    const stored = this.deps.store.put(key, obj, 'MODIFIED');
    this.trackIps(served.type.plural, old, obj);
    return stored;
  }

  /** Finalizers may not be added to an object that is being deleted. */
  private finalizerRules(obj: KubeObject, old: KubeObject): FieldError[] {
    if (!old.metadata.deletionTimestamp) return [];
    const before = new Set(old.metadata.finalizers ?? []);
    const added = (obj.metadata.finalizers ?? []).filter((f) => !before.has(f));
    return added.length > 0
      ? [
          fe.forbidden(
            'metadata.finalizers',
            `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
          ),
        ]
      : [];
  }

  /** The main resource's write: status comes from the stored object when a status subresource exists. */
  private mainOnly(served: Served, old: KubeObject, body: KubeObject): KubeObject {
    const obj = structuredClone(body);
    if (served.type.hasStatusSubresource) {
      if (old.status === undefined) delete obj.status;
      else obj.status = structuredClone(old.status);
    }
    return obj;
  }

  /** A status write: everything but status (and metadata's mutable parts upstream allows) comes from the stored object. */
  private statusOnly(old: KubeObject, body: KubeObject): KubeObject {
    const obj = structuredClone(old);
    if (body.status === undefined) delete obj.status;
    else obj.status = structuredClone(body.status);
    return obj;
  }

  /** Fields the server owns survive any update. */
  private keepServerMeta(obj: KubeObject, old: KubeObject): void {
    const m = obj.metadata;
    const o = old.metadata;
    m.uid = o.uid;
    m.creationTimestamp = o.creationTimestamp;
    m.name = o.name;
    if (o.namespace !== undefined) m.namespace = o.namespace;
    if (o.deletionTimestamp !== undefined) m.deletionTimestamp = o.deletionTimestamp;
    else delete m.deletionTimestamp;
    if (o.deletionGracePeriodSeconds !== undefined)
      m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
    else delete m.deletionGracePeriodSeconds;
    if (o.generation !== undefined) m.generation = o.generation;
    else delete m.generation;
    delete m.resourceVersion;
    m.resourceVersion = o.resourceVersion;
    delete m.selfLink;
    if (m.generateName === undefined && o.generateName !== undefined)
      m.generateName = o.generateName;
  }
}
