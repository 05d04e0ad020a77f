import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelDocs, parseModelDocs } from './builtin-docs.ts';
import { pruneUnknownBuiltinFields } from './builtin-fields.ts';

void describe('builtin model docs', () => {
  void it('parses class and field descriptions and required fields', () => {
    const d = parseModelDocs(
      "/**\n * header\n */\nimport x;\n/**\n* A thing.\n*/\nexport declare class V1X {\n    /**\n    * The name\\'s text.\n    */\n    'name': string;\n    'other'?: number;\n}\n",
    );
    assert.equal(d.description, 'A thing.');
    assert.equal(d.fields.get('name'), "The name's text.");
    assert.deepEqual(d.required, ['name']);
  });

  void it('reads client-node models', () => {
    assert.equal(
      modelDocs('V1Container')?.description,
      'A single application container that you want to run within a pod.',
    );
    assert.equal(modelDocs('NoSuchModel'), undefined);
  });

  void it('drops unknown built-in fields and reports them', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, bogus: 1 };
    assert.deepEqual(pruneUnknownBuiltinFields('v1', 'ConfigMap', cm), ['bogus']);
    assert.deepEqual(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  });
});
