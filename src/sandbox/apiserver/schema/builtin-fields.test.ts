import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findUnknownBuiltinFields } from './builtin-fields.ts';
import { modelNameFor } from './builtin-models.ts';

void describe('modelNameFor', () => {
  void it('maps group versions and kinds to client-node models', () => {
    assert.equal(modelNameFor('apps/v1', 'Deployment'), 'V1Deployment');
    assert.equal(modelNameFor('v1', 'Pod'), 'V1Pod');
    assert.equal(modelNameFor('v1', 'Event'), 'CoreV1Event');
    assert.equal(modelNameFor('events.k8s.io/v1', 'Event'), 'EventsV1Event');
    assert.equal(
      modelNameFor('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
      'V1CustomResourceDefinition',
    );
    assert.equal(modelNameFor('example.com/v1', 'Widget'), undefined);
  });
});

void describe('findUnknownBuiltinFields', () => {
  void it('finds a typo deep inside a Deployment', () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'a/b': 'c' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            nodeSelector: { disk: 'ssd' },
            containers: [
              {
                name: 'web',
                image: 'nginx',
                imagePullPolicyy: 'Always',
                resources: { limits: { cpu: '1', memory: '1Gi' } },
                ports: [{ containerPort: 80, bogus: 1 }],
              },
            ],
          },
        },
      },
      extra: true,
    };
    assert.deepEqual(findUnknownBuiltinFields('apps/v1', 'Deployment', deploy), [
      'spec.template.spec.containers[0].imagePullPolicyy',
      'spec.template.spec.containers[0].ports[0].bogus',
      'extra',
    ]);
  });

  void it('accepts anything under free-form fields and unknown kinds', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { any: 'thing' },
    };
    assert.deepEqual(findUnknownBuiltinFields('v1', 'ConfigMap', cm), []);
    assert.deepEqual(findUnknownBuiltinFields('example.com/v1', 'Widget', { spec: { x: 1 } }), []);
    const crd = {
      spec: {
        versions: [
          {
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
                default: {},
              },
            },
          },
        ],
      },
    };
    assert.deepEqual(
      findUnknownBuiltinFields('apiextensions.k8s.io/v1', 'CustomResourceDefinition', crd),
      [],
    );
  });
});
