// A short, cmp.Diff-like rendering of changed top-level spec fields for "spec is immutable" errors.
import type { Obj } from './util.ts';
import { deepEqual } from './util.ts';

const goField = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);
const render = (v: unknown): string => (v === undefined ? 'nil' : JSON.stringify(v));

/**
 * Lines in the shape of Go's cmp.Diff between two specs, only for changed top-level fields
 * (upstream prints its full Go diff; the values here are JSON, not Go syntax).
 */
export function specDiff(typeName: string, oldSpec: Obj, newSpec: Obj): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  const lines = [`  ${typeName}{`];
  for (const k of keys) {
    if (deepEqual(oldSpec[k], newSpec[k])) continue;
    lines.push(`- \t${goField(k)}: ${render(oldSpec[k])},`);
    lines.push(`+ \t${goField(k)}: ${render(newSpec[k])},`);
  }
  lines.push('  }', '');
  return lines.join('\n');
}
