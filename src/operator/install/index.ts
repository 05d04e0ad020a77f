// Public API of the install manifest's builders.
export * from './names.ts';
export * from './rbac.ts';
export * from './deployment.ts';
export * from './manifest.ts';
