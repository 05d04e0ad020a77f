// The Dockerfiles are not built here (no container runtime in CI); these checks keep them in line
// with the install manifest, the instance pods and the sandbox's image mapping.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { instanceImage } from '../../api/postgres-cluster.ts';
import { INSTANCE_ARGS } from '../builders/container.ts';
import { sampleCluster } from '../builders/sample-cluster.ts';
import { OPERATOR_ARGS, OPERATOR_IMAGE, OPERATOR_UID } from './names.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const ENTRYPOINT = ['node', 'src/cli/main.ts'];
const PG_BIN = '/usr/lib/postgresql/15/bin';

interface Instruction {
  op: string;
  args: string;
}

/** The instructions of a Dockerfile: comments dropped, continuation lines joined. */
function dockerfile(name: string): Instruction[] {
  const text = readFileSync(join(root, 'images', name, 'Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l));
  return lines
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const last = (ins: Instruction[], op: string) => ins.filter((i) => i.op === op).at(-1)?.args;
const json = (s: string | undefined): unknown => JSON.parse(s ?? 'null');
const all = (ins: Instruction[], op: string) => ins.filter((i) => i.op === op).map((i) => i.args);

interface ImageEntry {
  match: string;
  entrypoint?: string[];
  cmd?: string[];
  env?: Record<string, string>;
}

/** The sandbox's image mapping entry for `image` (first match wins, `*` is a wildcard). */
function sandboxEntry(image: string): ImageEntry {
  const text = readFileSync(join(root, 'sandbox', 'images.yaml'), 'utf8');
  const { images } = parse(text) as { images: ImageEntry[] };
  const glob = (m: string) =>
    new RegExp(
      `^${m
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*')}$`,
    );
  const e = images.find((i) => glob(i.match).test(image));
  assert.ok(e, `no sandbox image mapping for ${image}`);
  return e;
}

test('operator image: node:24-slim, production deps, src/, non-root, `steward operator run`', () => {
  const ins = dockerfile('operator');
  assert.equal(ins[0]?.op, 'FROM');
  assert.equal(ins[0]?.args, 'node:24-slim');
  assert.equal(last(ins, 'WORKDIR'), '/app');
  assert.ok(all(ins, 'COPY').includes('package.json package-lock.json ./'));
  assert.ok(all(ins, 'COPY').includes('src/ ./src/'));
  assert.ok(all(ins, 'RUN').some((r) => r.includes('npm ci --omit=dev')));
  assert.equal(last(ins, 'USER'), `${OPERATOR_UID}:${OPERATOR_UID}`);
  assert.deepEqual(json(last(ins, 'ENTRYPOINT')), ENTRYPOINT);
  assert.deepEqual(json(last(ins, 'CMD')), OPERATOR_ARGS);
});

test('instance image: bookworm, Debian postgresql-15, Node 24, postgres user, `steward instance run`', () => {
  const ins = dockerfile('instance');
  const froms = all(ins, 'FROM');
  assert.equal(froms[0], 'node:24-slim AS app');
  assert.match(froms.at(-1) ?? '', /^debian:bookworm(-slim)?$/);
  const runs = all(ins, 'RUN').join('\n');
  assert.match(runs, /apt-get install .*postgresql-15/);
  assert.match(runs, /useradd .*--uid 999 .*postgres/);
  assert.ok(all(ins, 'COPY').includes('--from=app /usr/local/bin/node /usr/local/bin/node'));
  assert.ok(all(ins, 'COPY').includes('--from=app /app ./'));
  assert.equal(last(ins, 'WORKDIR'), '/app');
  assert.match(last(ins, 'ENV') ?? '', new RegExp(`PATH=${PG_BIN}:`));
  assert.equal(last(ins, 'USER'), '999:999');
  assert.deepEqual(json(last(ins, 'ENTRYPOINT')), ENTRYPOINT);
  assert.deepEqual(json(last(ins, 'CMD')), INSTANCE_ARGS);
});

test('the sandbox runs both images as the Dockerfiles do', () => {
  const cases = [
    { image: OPERATOR_IMAGE, dir: 'operator', cmd: OPERATOR_ARGS },
    { image: instanceImage(sampleCluster().spec), dir: 'instance', cmd: INSTANCE_ARGS },
  ];
  for (const c of cases) {
    const e = sandboxEntry(c.image);
    const ep = ENTRYPOINT.slice(1).map((p) => `\${PROJECT}/${p}`);
    assert.deepEqual(e.entrypoint, ['${NODE}', ...ep], c.image);
    assert.deepEqual(e.cmd, c.cmd, c.image);
    assert.deepEqual(json(last(dockerfile(c.dir), 'CMD')), e.cmd, c.dir);
  }
  assert.ok(sandboxEntry(instanceImage(sampleCluster().spec)).env?.['PATH']?.startsWith(PG_BIN));
});
