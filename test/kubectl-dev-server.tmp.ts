import { startTestSandbox } from './support/sandbox.ts';
const t = await startTestSandbox({ dir: '/tmp/kx/sb' });
console.log(t.kubeconfig);
process.on('SIGTERM', () => {
  void t.stop().then(() => process.exit(0));
});
setInterval(() => undefined, 1 << 30);
