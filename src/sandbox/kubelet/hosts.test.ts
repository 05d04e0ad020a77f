import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podHostsLine, renderHosts } from './hosts.ts';

test('the pod line uses hostname.subdomain when set', () => {
  const base = { name: 'pg-0', namespace: 'db', ip: '127.1.1.2' };
  assert.equal(podHostsLine(base, 'cluster.local'), '127.1.1.2\tpg-0');
  assert.equal(
    podHostsLine({ ...base, hostname: 'pg-0', subdomain: 'pg' }, 'cluster.local'),
    '127.1.1.2\tpg-0.pg.db.svc.cluster.local\tpg-0',
  );
});

test('renderHosts: header, pod line, DNS entries without comments or blanks', () => {
  const text = renderHosts(
    { name: 'p', namespace: 'n', ip: '127.1.1.3' },
    'cluster.local',
    '# x\n127.96.0.1 a.n.svc.cluster.local\n\n',
  );
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], '# Kubernetes-managed hosts file.');
  assert.equal(lines[1], '127.0.0.1\tlocalhost');
  assert.ok(lines.includes('127.1.1.3\tp'));
  assert.equal(lines.at(-1), '127.96.0.1 a.n.svc.cluster.local');
});
