import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pod, svc } from './fixtures.test-util.ts';
import {
  findPort,
  podIPv4,
  selectsPod,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './pod-endpoints.ts';

test('findPort resolves numbers and named container ports of the same protocol', () => {
  const p = pod('a', '127.1.1.2');
  assert.equal(findPort(p, { port: 80, targetPort: 9000 }), 9000);
  assert.equal(findPort(p, { port: 80, targetPort: 'web', protocol: 'TCP' }), 8080);
  assert.equal(findPort(p, { port: 80, targetPort: 'web', protocol: 'UDP' }), undefined);
  assert.equal(findPort(p, { port: 80, targetPort: 'nope' }), undefined);
  assert.equal(findPort(p, { port: 80 }), 80);
});

test('shouldPodBeInEndpoints excludes terminal pods, pods without IP, and terminating unless asked', () => {
  assert.equal(shouldPodBeInEndpoints(pod('a', '127.1.1.2'), false), true);
  assert.equal(shouldPodBeInEndpoints(pod('a', undefined), true), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', '127.1.1.2', { phase: 'Succeeded' }), true), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', '127.1.1.2', { phase: 'Failed' }), true), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', '127.1.1.2', { terminating: true }), false), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', '127.1.1.2', { terminating: true }), true), true);
});

test('hostname only with spec.hostname and spec.subdomain equal to the Service name', () => {
  const s = svc();
  assert.equal(
    shouldSetHostname(pod('a', '1.1.1.1', { hostname: 'a', subdomain: 'web' }), s),
    true,
  );
  assert.equal(
    shouldSetHostname(pod('a', '1.1.1.1', { hostname: 'a', subdomain: 'other' }), s),
    false,
  );
  assert.equal(shouldSetHostname(pod('a', '1.1.1.1', { subdomain: 'web' }), s), false);
});

test('selection is by equality selector in the same namespace; empty selectors select nothing', () => {
  const p = pod('a', '127.1.1.2');
  assert.equal(selectsPod(svc(), p), true);
  assert.equal(selectsPod(svc({ selector: { app: 'db' } }), p), false);
  assert.equal(selectsPod(svc({ selector: {} }), p), false);
  assert.equal(selectsPod(svc(), { ...p, metadata: { ...p.metadata, namespace: 'other' } }), false);
  assert.equal(podIPv4(p), '127.1.1.2');
});
