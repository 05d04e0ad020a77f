import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldError } from '../field-errors.ts';
import { crdStatusFor, takenNames } from './crd-status.ts';
import type { Crd } from './crd-types.ts';
import { defaultCrd, validateCrd, validateCrdUpdate } from './crd.ts';

function crd(over: Partial<Crd['spec']> = {}, name = 'widgets.example.com'): Crd {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
            },
          },
        },
      ],
      ...over,
    },
  };
}

const errors = (c: Crd): string[] => validateCrd(defaultCrd(c)).map(formatFieldError);

void describe('defaultCrd', () => {
  void it('fills singular, listKind and conversion', () => {
    const c = defaultCrd(crd());
    assert.equal(c.spec.names?.singular, 'widget');
    assert.equal(c.spec.names?.listKind, 'WidgetList');
    assert.deepEqual(c.spec.conversion, { strategy: 'None' });
  });
});

void describe('validateCrd', () => {
  void it('accepts a good CRD', () => {
    assert.deepEqual(errors(crd()), []);
  });

  void it('requires the name to match plural.group', () => {
    assert.deepEqual(errors(crd({}, 'gadgets.example.com')), [
      'metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group',
    ]);
  });

  void it('checks group, scope and storage versions', () => {
    const c = crd({ group: 'example', scope: 'Global' }, 'widgets.example');
    const v = c.spec.versions![0]!;
    v.storage = false;
    const msgs = errors(c);
    assert.ok(
      msgs.includes(
        'spec.group: Invalid value: "example": should be a domain with at least one dot',
      ),
    );
    assert.ok(
      msgs.includes(
        'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      ),
    );
    assert.ok(
      msgs.some(
        (m) =>
          m.startsWith('spec.versions: Invalid value: ') &&
          m.endsWith('must have exactly one version marked as storage version'),
      ),
    );
  });

  void it('requires structural schemas', () => {
    const c = crd();
    c.spec.versions![0]!.schema = {
      openAPIV3Schema: {
        type: 'object',
        properties: { spec: { properties: { a: { type: 'string' } } } },
      },
    };
    assert.deepEqual(errors(c), [
      'spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    ]);
    c.spec.versions![0]!.schema = undefined as never;
    delete c.spec.versions![0]!.schema;
    assert.deepEqual(errors(c), [
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
    ]);
  });

  void it('restricts root metadata and validates defaults', () => {
    const c = crd();
    c.spec.versions![0]!.schema = {
      openAPIV3Schema: {
        type: 'object',
        properties: {
          metadata: { type: 'object', properties: { labels: { type: 'object' } } },
          spec: { type: 'object', properties: { n: { type: 'integer', default: 'x' } } },
        },
      },
    };
    const at = 'spec.validation.openAPIV3Schema.properties[spec].properties[n].default';
    assert.deepEqual(errors(c), [
      `${at}: Invalid value: "string": ${at} in body must be of type integer: "string"`,
      'spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    ]);
  });

  void it('checks names', () => {
    const c = crd(
      { names: { plural: 'Widgets', kind: 'Widget', listKind: 'Widget' } },
      'Widgets.example.com',
    );
    const msgs = errors(c);
    assert.ok(
      msgs.some((m) =>
        m.startsWith('spec.names.plural: Invalid value: "Widgets": a DNS-1035 label'),
      ),
    );
    assert.ok(
      msgs.includes(
        'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
      ),
    );
  });

  void it('keeps group and plural immutable', () => {
    const old = defaultCrd(crd());
    const next = defaultCrd(
      crd({ names: { plural: 'gizmos', kind: 'Widget' } }, 'gizmos.example.com'),
    );
    assert.deepEqual(validateCrdUpdate(next, old).map(formatFieldError), [
      'spec.names.plural: Invalid value: "gizmos": field is immutable',
    ]);
  });
});

void describe('crdStatusFor', () => {
  const now = '2026-01-01T00:00:00Z';

  void it('accepts fresh names and establishes the CRD', () => {
    const c = defaultCrd(crd());
    const status = crdStatusFor(c, takenNames('example.com', [], []), now);
    assert.deepEqual(status, {
      acceptedNames: {
        plural: 'widgets',
        singular: 'widget',
        kind: 'Widget',
        listKind: 'WidgetList',
        shortNames: ['wd'],
      },
      storedVersions: ['v1'],
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: now,
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: now,
        },
      ],
    });
  });

  void it('reports conflicts with other CRDs in the group', () => {
    const other = defaultCrd(
      crd(
        { names: { plural: 'gadgets', kind: 'Gadget', shortNames: ['wd'] } },
        'gadgets.example.com',
      ),
    );
    other.status = crdStatusFor(other, takenNames('example.com', [], []), now);
    const c = defaultCrd(crd());
    const status = crdStatusFor(
      c,
      takenNames('example.com', [other], [], 'widgets.example.com'),
      now,
    );
    assert.deepEqual(
      status.conditions.map((x) => [x.type, x.status, x.reason, x.message]),
      [
        ['NamesAccepted', 'False', 'ShortNamesConflict', '"wd" is already in use'],
        ['Established', 'False', 'NotAccepted', 'not all names are accepted'],
      ],
    );
    assert.equal(status.acceptedNames.plural, 'widgets');
    assert.equal(status.acceptedNames.shortNames, undefined);
  });
});
