// Status errors that the PATCH handlers answer with, shaped as upstream's apiserver sends them.
import { ApiError } from '../errors.ts';
import type { Status } from '../errors.ts';

function status(code: number, reason: string | undefined, message: string): Status {
  const s: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    code,
  };
  if (reason !== undefined) s.reason = reason;
  return s;
}

/**
 * 422 for a patch that decodes but cannot be applied (a failing `test`, a missing path).
 * Upstream builds it with NewGenericServerResponse, which drops the library's own message.
 */
export const patchNotApplicable = (): ApiError =>
  new ApiError({
    ...status(422, 'Invalid', 'the server rejected our request due to an error in our request'),
    details: {},
  });

/** 400 for a patch body that does not decode as the patch type requires. */
export const patchBadRequest = (message: string): ApiError =>
  new ApiError(status(400, 'BadRequest', message));

/** 413 for a JSON patch with too many operations. */
export const patchTooLarge = (message: string): ApiError =>
  new ApiError(status(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`));

/** 500 with no reason: what upstream answers for a plain (non-Status) error from the patch code. */
export const patchInternal = (message: string): ApiError =>
  new ApiError(status(500, undefined, message));
