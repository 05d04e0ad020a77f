// Messages of `fieldValidation` (Strict / Warn) for unknown fields, as the apiserver's decoder
// words them: a 400 `... cannot be handled as a Deployment: strict decoding error: unknown field
// "spec.foo"`, or one `unknown field "spec.foo"` warning per field.

/** Text of one unknown field, e.g. `unknown field "spec.foo"`. */
export const unknownFieldText = (path: string): string => `unknown field ${JSON.stringify(path)}`;

/** The BadRequest message for Strict validation; `version` is the version part (`v1`). */
export function strictDecodingMessage(
  kind: string,
  version: string,
  paths: readonly string[],
): string {
  const list = paths.map(unknownFieldText).join(', ');
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${list}`;
}

/** The warnings for Warn validation (one per field, sent as `Warning: 299 - "..."` headers). */
export const unknownFieldWarnings = (paths: readonly string[]): string[] =>
  paths.map(unknownFieldText);
