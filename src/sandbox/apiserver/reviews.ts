// Create-only "review" resources that are answered, not stored: SelfSubjectReview (who am I)
// and SelfSubjectAccessReview (can I). RBAC is recorded but not enforced yet, so every
// authenticated user is allowed everything.
import type { SubresourceHandler } from './handlers.ts';
import { decodeBody, mediaType, readBody, sendJson } from './http-util.ts';

/** POST selfsubjectreviews: echoes the caller's identity. */
export const selfSubjectReview: SubresourceHandler = async (ctx) => {
  await readBody(ctx.req);
  sendJson(ctx.res, 201, {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: ctx.user, groups: ctx.groups } },
  });
};

/** POST selfsubjectaccessreviews: always allowed (RBAC is not enforced in the sandbox). */
export const selfSubjectAccessReview: SubresourceHandler = async (ctx) => {
  const body = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as {
    spec?: unknown;
  };
  sendJson(ctx.res, 201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: body.spec ?? {},
    status: { allowed: true, reason: 'the sandbox does not enforce RBAC' },
  });
};
