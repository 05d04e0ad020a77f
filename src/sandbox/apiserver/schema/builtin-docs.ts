// Descriptions and required fields of built-in models, read from the doc comments of
// @kubernetes/client-node's generated model declarations (they carry upstream's OpenAPI texts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** What `kubectl explain` needs of one model. */
export interface ModelDocs {
  description?: string;
  fields: Map<string, string>;
  required: string[];
}

const cache = new Map<string, ModelDocs | null>();
let modelsDir: string | null | undefined;

function dir(): string | null {
  if (modelsDir === undefined) {
    try {
      const index = fileURLToPath(import.meta.resolve('@kubernetes/client-node'));
      modelsDir = join(dirname(index), 'gen', 'models');
    } catch {
      modelsDir = null;
    }
  }
  return modelsDir;
}

const clean = (doc: string): string =>
  doc
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, ''))
    .join('\n')
    .trim()
    .replace(/\\(['"\\])/g, '$1');

/** Parses one generated model declaration. */
export function parseModelDocs(text: string): ModelDocs {
  const cls = /\/\*\*\n((?:(?!\*\/)[\s\S])*?)\*\/\nexport declare class/.exec(text);
  const fields = new Map<string, string>();
  const required: string[] = [];
  const prop = /(?:\/\*\*\n((?:(?!\*\/)[\s\S])*?)\*\/\n)?\s*'([^']+)'(\??): /g;
  const body = text.slice(text.indexOf('export declare class'));
  for (const m of body.matchAll(prop)) {
    const name = m[2] ?? '';
    if (m[1] !== undefined) fields.set(name, clean(m[1]));
    if (m[3] !== '?') required.push(name);
  }
  const out: ModelDocs = { fields, required };
  if (cls?.[1] !== undefined) out.description = clean(cls[1]);
  return out;
}

/** Docs of a client-node model (`V1Container`), or undefined when it has none. */
export function modelDocs(model: string): ModelDocs | undefined {
  let docs = cache.get(model);
  if (docs === undefined) {
    const d = dir();
    try {
      docs =
        d && /^\w+$/.test(model)
          ? parseModelDocs(readFileSync(join(d, `${model}.d.ts`), 'utf8'))
          : null;
    } catch {
      docs = null;
    }
    cache.set(model, docs);
  }
  return docs ?? undefined;
}
