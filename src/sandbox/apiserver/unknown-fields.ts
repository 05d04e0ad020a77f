// Unknown-field detection for built-in kinds (strict field validation).
export { findUnknownBuiltinFields as unknownBuiltinFields } from './schema/builtin-fields.ts';
