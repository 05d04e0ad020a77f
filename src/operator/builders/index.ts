// Public API of the operator's pure object builders: cluster in, Kubernetes objects out.
export * from './names.ts';
export * from './metadata.ts';
export * from './secret.ts';
export * from './rbac.ts';
export * from './services.ts';
export * from './affinity.ts';
export * from './pod-template-hash.ts';
export * from './container.ts';
export * from './pod-template.ts';
export * from './statefulset.ts';
export * from './pod-disruption-budget.ts';
