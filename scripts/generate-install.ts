// Writes the install manifest generated from src/operator/install (run after changing it, the
// CRD's schema or the version in package.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_MANIFEST_PATH, installManifestYaml } from '../src/operator/install/index.ts';

const root = join(import.meta.dirname, '..');
writeFileSync(join(root, INSTALL_MANIFEST_PATH), installManifestYaml());
console.log(`wrote ${INSTALL_MANIFEST_PATH}`);
