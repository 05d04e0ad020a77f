// Pod strategy: defaults, create-time admission (SA token, tolerations, priority), validation.
import type { Strategy, StrategyContext } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import {
  admitDefaultTolerations,
  admitPriority,
  admitServiceAccount,
  randomSuffix,
} from './pod-admission.ts';
import { defaultPod } from './pod-defaults.ts';
import { validatePodSpecUpdate } from './pod-update.ts';
import { validatePodSpec } from './pod-validation.ts';
import { quantityOf } from '../../../lib/quantity.ts';
import type { Obj } from './util.ts';
import { child, objAt, objList } from './util.ts';

/** The pod's QoS class (BestEffort, Burstable, Guaranteed) from cpu/memory requests and limits. */
export function podQOSClass(spec: Obj): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const containers = [...objList(spec, 'containers'), ...objList(spec, 'initContainers')];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = objAt(c, 'resources');
    const req = objAt(res, 'requests');
    const lim = objAt(res, 'limits');
    for (const r of ['cpu', 'memory']) {
      const rq = quantityOf(req?.[r]);
      const lm = quantityOf(lim?.[r]);
      if ((rq ?? 0n) !== 0n || (lm ?? 0n) !== 0n) any = true;
      if (lm === undefined || lm === 0n) guaranteed = false;
      else if (rq !== undefined && rq !== 0n && rq !== lm) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Injected randomness for the token volume name. */
export interface PodStrategyDeps {
  randomSuffix?: () => string;
  /** DefaultTolerationSeconds admission plugin setting (upstream 300). */
  defaultTolerationSeconds?: number;
}

/** Builds the pod strategy; tests inject a fixed random suffix. */
export function createPodStrategy(deps: PodStrategyDeps = {}): Strategy {
  const suffix = deps.randomSuffix ?? (() => randomSuffix());
  return {
    nameValidation: 'subdomain',
    applyDefaults(obj: KubeObject): void {
      defaultPod(child(obj, 'spec'));
    },
    prepareForCreate(obj: KubeObject, ctx: StrategyContext): void {
      const spec = child(obj, 'spec');
      admitServiceAccount(spec, obj.metadata.namespace, ctx, suffix);
      admitDefaultTolerations(spec, deps.defaultTolerationSeconds);
      admitPriority(spec, ctx);
      obj.status = { phase: 'Pending', qosClass: podQOSClass(spec) };
    },
    validateCreate(obj: KubeObject): FieldError[] {
      return validatePodSpec(child(obj, 'spec'), 'spec');
    },
    validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
      return validatePodSpecUpdate(child(obj, 'spec'), child(old, 'spec'));
    },
  };
}

/** The pod strategy with real randomness. */
export const podStrategy: Strategy = createPodStrategy();
