import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existingAncestor, planMounts, shadowAnchors, shq } from './mount-plan.ts';

const host = new Set(['/', '/etc', '/etc/hosts', '/var', '/var/lib', '/v']);
const exists = (p: string): boolean => host.has(p);
const body = (script: string): string[] =>
  script.split('\n').filter((l) => !/^(shadow\(\)| {2}|\})/.test(l));

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
    'exec "$@"',
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
    `exec chroot '/s/root' sh -c 'cd "$0" && exec "$@"' '/data' "$@"`,
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
