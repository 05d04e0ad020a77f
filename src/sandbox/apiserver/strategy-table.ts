// The strategies of every resource the sandbox serves.
import { CRD_CLEANUP_FINALIZER } from './crd-registrar.ts';
import { defaultCrd, validateCrd, validateCrdUpdate } from './schema/crd.ts';
import type { Crd } from './schema/crd-types.ts';
import type { Strategy, StrategyTable } from './strategy.ts';
import { BUILTIN_STRATEGIES } from './strategies/index.ts';
import { createPodStrategy } from './strategies/pods.ts';

const crdStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults(obj) {
    Object.assign(obj, defaultCrd(obj as Crd));
  },
  prepareForCreate(obj) {
    const fins = obj.metadata.finalizers ?? [];
    if (!fins.includes(CRD_CLEANUP_FINALIZER))
      obj.metadata.finalizers = [...fins, CRD_CLEANUP_FINALIZER];
  },
  validateCreate: (obj) => validateCrd(obj as Crd),
  validateUpdate: (obj, old) => validateCrdUpdate(obj as Crd, old as Crd),
};

/** Strategies by `group/plural`; `defaultTolerationSeconds` configures pod admission. */
export function sandboxStrategies(opts: { defaultTolerationSeconds?: number } = {}): StrategyTable {
  return {
    ...BUILTIN_STRATEGIES,
    ...(opts.defaultTolerationSeconds !== undefined
      ? { '/pods': createPodStrategy({ defaultTolerationSeconds: opts.defaultTolerationSeconds }) }
      : {}),
    'apiextensions.k8s.io/customresourcedefinitions': crdStrategy,
  };
}
