// Conformance: bearer tokens and service-account tokens issued by the server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';
import { rawClient } from '../support/http.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

describe('authentication', () => {
  let sb: TestSandbox;
  let t: Target;
  before(async () => {
    t = await openTarget('auth');
    sb = await startTestSandbox();
  });
  after(async () => {
    await t.close();
    await sb.stop();
  });

  it('refuses requests without a valid token with 401', async () => {
    const anon = rawClient(sb.url, sb.caCert, 'wrong');
    const r = await anon.request('GET', '/api/v1/namespaces');
    assert.equal(r.status, 401);
    assert.equal(r.json.reason, 'Unauthorized');
  });

  it('issues service-account tokens that the server accepts until the account is deleted', async () => {
    const admin = rawClient(sb.url, sb.caCert, sb.token);
    await admin.request('POST', '/api/v1/namespaces/default/serviceaccounts', {
      metadata: { name: 'robot' },
    });
    const tr = await admin.request(
      'POST',
      '/api/v1/namespaces/default/serviceaccounts/robot/token',
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      },
    );
    assert.equal(tr.status, 201, tr.text);
    const robot = rawClient(sb.url, sb.caCert, tr.json.status.token as string);
    assert.equal((await robot.request('GET', '/api/v1/namespaces/default/configmaps')).status, 200);
    await admin.request('DELETE', '/api/v1/namespaces/default/serviceaccounts/robot');
    assert.equal((await robot.request('GET', '/api/v1/namespaces/default/configmaps')).status, 401);
  });

  it('serves /version and health without a token', async () => {
    const anon = rawClient(sb.url, sb.caCert, '');
    const v = await anon.request('GET', '/version');
    assert.equal(v.status, 200);
    assert.equal(v.json.major, '1');
    assert.equal(v.json.minor, '32');
    assert.equal((await anon.request('GET', '/readyz')).status, 200);
  });
});
