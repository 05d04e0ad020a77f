// Runs src/kube/kube.integration.test.ts (which needs STEWARD_TEST_KUBECONFIG) against a sandbox
// started here, so the lease-lock contract and the API-server tests run in the normal suite.
import { after } from 'node:test';
import { startTestSandbox } from '../support/sandbox.ts';

const sb = await startTestSandbox();
process.env.STEWARD_TEST_KUBECONFIG = sb.kubeconfig;
process.env.STEWARD_TEST_NAMESPACE = 'default';
await import('../../src/kube/kube.integration.test.ts');
// Registered after the imported file's own `after` (lease clean-up), so it runs last.
after(() => sb.stop());
