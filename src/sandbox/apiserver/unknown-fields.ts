// Unknown-field detection and dropping for built-in kinds (field validation).
export { pruneUnknownBuiltinFields as unknownBuiltinFields } from './schema/builtin-fields.ts';
