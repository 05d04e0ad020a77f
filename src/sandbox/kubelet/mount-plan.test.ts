import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existingAncestor,
  mountinfoEscape,
  planMounts,
  releaseLines,
  shadowAnchors,
  shq,
} from './mount-plan.ts';

const host = new Set(['/', '/etc', '/etc/hosts', '/var', '/var/lib', '/v']);
const exists = (p: string): boolean => host.has(p);
const body = (script: string): string[] =>
  script.split('\n').filter((l) => !/^((shadow|release)\(\)| {2}|\})/.test(l));

test('shq quotes for sh', () => {
  assert.equal(shq("it's"), `'it'\\''s'`);
});

test('anchors are the nearest existing ancestors of missing paths', () => {
  assert.equal(existingAncestor('/var/lib/db/x', exists), '/var/lib');
  assert.deepEqual(shadowAnchors(['/etc/hosts', '/etc/cfg', '/var/lib/db', '/data'], exists), [
    '/',
    '/etc',
    '/var/lib',
  ]);
});

test('existing targets are bind-mounted directly, no chroot', () => {
  const plan = planMounts(
    [
      { source: '/h', target: '/etc/hosts', readOnly: false, file: true },
      { source: '/c', target: '/etc/cfg', readOnly: true, file: false },
    ],
    undefined,
    '/s',
    { exists, canonical: (p) => p },
  );
  assert.equal(plan.chroot, false);
  assert.deepEqual(body(plan.script), [
    'set -e',
    "shadow '/etc' '/s/shadow-0'",
    "mount --rbind '/s/shadow-0' '/etc'",
    "mkdir -p '/etc'",
    "[ -e '/etc/hosts' ] || : > '/etc/hosts'",
    "mount --bind '/h' '/etc/hosts'",
    "mkdir -p '/etc/cfg'",
    "mount --bind '/c' '/etc/cfg'",
    "mount -o remount,bind,ro '/etc/cfg'",
    'printf . >&3 && exec "$@" 3>&-',
  ]);
});

test('a path missing under / gets a shadow root and a chroot', () => {
  const plan = planMounts(
    [{ source: '/v', target: '/data', readOnly: false, file: false }],
    '/data',
    '/s',
    { exists, canonical: (p) => p },
  );
  assert.equal(plan.chroot, true);
  assert.deepEqual(body(plan.script), [
    'set -e',
    "shadow / '/s/root'",
    "mkdir -p '/s/root/data'",
    "mount --bind '/v' '/s/root/data'",
    "mkdir -p '/s/root/data'",
    `exec chroot '/s/root' sh -c 'cd "$0" && printf . >&3 && exec "$@" 3>&-' '/data' "$@"`,
  ]);
});

test('targets are planned at their canonical path (a symlinked /var/run is /run)', () => {
  const fs = {
    exists: (p: string) => ['/', '/run', '/var'].includes(p),
    canonical: (p: string) => p.replace(/^\/var\/run/, '/run'),
  };
  const plan = planMounts(
    [{ source: '/t', target: '/var/run/secrets/x', readOnly: true, file: false }],
    undefined,
    '/s',
    fs,
  );
  assert.ok(plan.script.includes("shadow '/run' '/s/shadow-0'"));
  assert.ok(plan.script.includes("mount --bind '/t' '/run/secrets/x'"));
});

test('mountinfoEscape writes octal escapes as the kernel does', () => {
  assert.equal(mountinfoEscape('/a b\\c\td'), '/a\\040b\\134c\\011d');
});

test("other volumes' mounts are released first, this container's kept", () => {
  const lines = releaseLines('/d/volumes', ['/d/volumes/pvc-1', '/d/volumes/pvc-2/sub', '/h']);
  assert.equal(lines.at(-1), "release '/d/volumes' '/d/volumes' 'pvc-1 pvc-2'");
  const plan = planMounts(
    [{ source: '/d/volumes/pvc-1', target: '/etc/x', readOnly: false, file: false }],
    undefined,
    '/s',
    { exists, canonical: (p) => p },
    '/d/volumes',
  );
  assert.deepEqual(body(plan.script).slice(0, 3), [
    'set -e',
    "release '/d/volumes' '/d/volumes' 'pvc-1'",
    "shadow '/etc' '/s/shadow-0'",
  ]);
});
