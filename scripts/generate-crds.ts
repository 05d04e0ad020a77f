// Writes the CRDs generated from src/api under deploy/crds/ (run after changing a schema).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POSTGRES_CLUSTER_CRD_PATH, postgresClusterCrdYaml } from '../src/api/crd.ts';

const root = join(import.meta.dirname, '..');
const files: Record<string, string> = { [POSTGRES_CLUSTER_CRD_PATH]: postgresClusterCrdYaml() };
for (const [path, text] of Object.entries(files)) {
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
