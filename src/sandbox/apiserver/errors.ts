// Status error bodies exactly as upstream (apimachinery/pkg/api/errors), thrown as ApiError.
import { errorBody, formatAggregate } from './field-errors.ts';
import type { FieldError } from './types.ts';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** An error that is answered with a Status body and its HTTP code. */
export class ApiError extends Error {
  readonly status: Status;
  readonly headers: Record<string, string>;
  constructor(status: Status, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? 'error');
    this.status = status;
    this.headers = headers;
  }
  get code(): number {
    return this.status.code;
  }
}

function failure(code: number, reason: string, message: string, details?: StatusDetails): ApiError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) {
    // Go's omitempty: empty strings are left out of the details.
    const d: StatusDetails = { ...details };
    if (!d.name) delete d.name;
    if (!d.group) delete d.group;
    if (!d.kind) delete d.kind;
    status.details = d;
  }
  return new ApiError(status);
}

/** `group/resource` qualified name as upstream prints it: `statefulsets.apps`, or `pods`. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** `Kind.group` as upstream prints it: `StatefulSet.apps`, or `Pod`. */
export function qualifiedKind(kind: string, group: string): string {
  return group ? `${kind}.${group}` : kind;
}

export const notFound = (group: string, resource: string, name: string): ApiError =>
  failure(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, {
    name,
    group,
    kind: resource,
  });

export const alreadyExists = (group: string, resource: string, name: string): ApiError =>
  failure(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, {
    name,
    group,
    kind: resource,
  });

export const conflict = (group: string, resource: string, name: string, why: string): ApiError =>
  failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`,
    { name, group, kind: resource },
  );

export const OBJECT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

export function invalid(group: string, kind: string, name: string, errs: FieldError[]): ApiError {
  return failure(
    422,
    'Invalid',
    `${qualifiedKind(kind, group)} "${name}" is invalid: ${formatAggregate(errs)}`,
    {
      name,
      group,
      kind,
      causes: errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
    },
  );
}

export const badRequest = (message: string): ApiError => failure(400, 'BadRequest', message);

export const expired = (message: string): ApiError => failure(410, 'Expired', message);

export const gone = (message: string): ApiError => failure(410, 'Gone', message);

export function forbidden(group: string, resource: string, name: string, why: string): ApiError {
  const subject = name
    ? `${qualifiedResource(resource, group)} "${name}"`
    : qualifiedResource(resource, group);
  return failure(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
    name,
    group,
    kind: resource,
  });
}

export const unauthorized = (): ApiError => failure(401, 'Unauthorized', 'Unauthorized');

export function methodNotSupported(group: string, resource: string, action: string): ApiError {
  return failure(
    405,
    'MethodNotAllowed',
    `${action} is not supported on resources of kind "${qualifiedResource(resource, group)}"`,
    { group, kind: resource },
  );
}

export const unsupportedMediaType = (contentType: string, accepted: string[]): ApiError =>
  failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { causes: [{ reason: 'UnsupportedMediaType', message: contentType }] },
  );

export function tooManyRequests(
  message: string,
  causes: StatusCause[],
  retryAfter?: number,
): ApiError {
  const details: StatusDetails = { causes };
  if (retryAfter !== undefined) details.retryAfterSeconds = retryAfter;
  const err = failure(429, 'TooManyRequests', message, details);
  return retryAfter !== undefined
    ? new ApiError(err.status, { 'Retry-After': String(retryAfter) })
    : err;
}

export const requestEntityTooLarge = (limit: number): ApiError =>
  failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);

export const internal = (message: string): ApiError =>
  failure(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });

/** A 404 for a path that names no resource (upstream answers these with a plain Status). */
export const pathNotFound = (): ApiError =>
  failure(404, 'NotFound', 'the server could not find the requested resource', {});

/** Success body that most DELETEs answer with. */
export function success(group: string, resource: string, name: string, uid?: string): Status {
  const details: StatusDetails = { name, group, kind: resource };
  if (uid) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}
