// Serves /openapi/v3 (the index and one document per group version).
import type { PathHandler } from './server.ts';
import type { ResourceRegistry } from './registry.ts';

/** Handler for /openapi/v3 paths (not yet served: answers 404 so kubectl reports it clearly). */
export function openApiPaths(_registry: ResourceRegistry): PathHandler {
  return () => false;
}
