// Shared fixtures of the kubectl acceptance tests: a CRD with printer columns, short name,
// category `all`, status and scale subresources, plus small helpers.
import assert from 'node:assert/strict';
import { kubectl, kubectlOk, type KubectlResult } from '../support/kubectl.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

/** A CustomResourceDefinition of `widgets.example.com` (short name `wd`, category `all`). */
export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wd], categories: [all]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    additionalPrinterColumns:
    - {name: Size, type: string, jsonPath: .spec.size}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        description: A Widget is a test gadget.
        properties:
          spec:
            type: object
            description: Desired state of the widget.
            properties:
              size: {type: string, description: How big the widget is.}
              replicas: {type: integer, description: Number of copies.}
          status:
            type: object
            properties:
              replicas: {type: integer}
              conditions:
                type: array
                items:
                  type: object
                  properties:
                    type: {type: string}
                    status: {type: string}
                    reason: {type: string}
                    message: {type: string}
                    lastTransitionTime: {type: string, format: date-time}
`;

/** A Widget manifest. */
export const widget = (name: string, ns: string, size = 'big', replicas = 1): string =>
  `apiVersion: example.com/v1
kind: Widget
metadata: {name: ${name}, namespace: ${ns}}
spec: {size: ${size}, replicas: ${replicas}}
`;

/** A Namespace manifest. */
export const namespace = (name: string): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

/** A StatefulSet `web` with one volume claim template. */
export const statefulSet = (ns: string, image = 'nginx:1.25'): string => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: ${ns}, labels: {app: web}}
spec:
  serviceName: web
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: "${image}", ports: [{containerPort: 80}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

/** A bare pod bound to a node (so its deletion is graceful). */
export const pod = (name: string, ns: string, labels = '{app: web}'): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}
spec:
  nodeName: node-a
  containers:
  - {name: c, image: "busybox:1.36", command: [sleep, "3600"]}
`;

/**
 * Replaces each AGE cell (`0s` … `59s`, `2m3s`) by `##` padded to the same width, so that
 * tables can be compared exactly.
 */
export function ageless(text: string): string {
  return text.replace(/(?<= )\d+m?\d*s( *)(?=\S|$)/gm, (all) => '##'.padEnd(all.length));
}

/** One sandbox per test file, with kubectl helpers bound to its kubeconfig. */
export interface Kube {
  t: TestSandbox;
  run(args: string[], input?: string): Promise<KubectlResult>;
  ok(args: string[], input?: string): Promise<string>;
  apply(yaml: string, ...flags: string[]): Promise<string>;
}

/** Starts a sandbox and returns kubectl helpers for it. */
export async function openKube(): Promise<Kube> {
  const t = await startTestSandbox();
  const run = (args: string[], input?: string): Promise<KubectlResult> =>
    kubectl(t.kubeconfig, args, input === undefined ? {} : { input });
  const ok = (args: string[], input?: string): Promise<string> =>
    kubectlOk(t.kubeconfig, args, input === undefined ? {} : { input });
  const apply = (yaml: string, ...flags: string[]): Promise<string> =>
    ok(['apply', ...flags, '-f', '-'], yaml);
  return { t, run, ok, apply };
}

/** Installs the Widget CRD and waits until it is established. */
export async function installWidgets(k: Kube): Promise<void> {
  await k.apply(WIDGET_CRD);
  await k.ok(['wait', '--for=condition=established', 'crd/widgets.example.com', '--timeout=10s']);
}

/** Polls `fn` until it returns true (10 s at most). */
export async function until(fn: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('condition not met in time');
}
