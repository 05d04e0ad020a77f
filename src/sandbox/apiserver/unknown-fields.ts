// Unknown-field detection for built-in kinds (strict field validation).

/** Paths of fields the kind does not define; empty until the built-in field tree is wired. */
export function unknownBuiltinFields(_apiVersion: string, _kind: string, _obj: unknown): string[] {
  return [];
}
