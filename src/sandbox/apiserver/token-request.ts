// serviceaccounts/<name>/token: issues a bound service-account token (TokenRequest).
import type { Authenticator } from './auth.ts';
import { badRequest, methodNotSupported } from './errors.ts';
import type { SubresourceHandler } from './handlers.ts';
import { decodeBody, mediaType, readBody, sendJson } from './http-util.ts';
import { formatTime } from './object-meta.ts';

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; name?: string; uid?: string };
}

/** Handler for POST serviceaccounts/x/token. */
export function tokenRequestHandler(auth: Authenticator, nowMs: () => number): SubresourceHandler {
  return async (ctx) => {
    if (ctx.req.method !== 'POST')
      throw methodNotSupported('', 'serviceaccounts/token', (ctx.req.method ?? '').toLowerCase());
    const body = decodeBody(await readBody(ctx.req), mediaType(ctx.req), 'body') as {
      spec?: TokenRequestSpec;
    };
    const spec = body.spec ?? {};
    const seconds = spec.expirationSeconds ?? 3600;
    if (seconds < 600)
      throw badRequest(
        'spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes',
      );
    const sa = ctx.deps.core.get(ctx.served, ctx.info.namespace, ctx.info.name ?? '').obj;
    const ref = spec.boundObjectRef;
    const now = nowMs();
    const token = auth.issue(
      {
        namespace: sa.metadata.namespace ?? '',
        name: sa.metadata.name ?? '',
        uid: sa.metadata.uid ?? '',
        ...(ref?.kind === 'Pod' && ref.name && ref.uid
          ? { pod: { name: ref.name, uid: ref.uid } }
          : {}),
      },
      now,
      seconds,
      spec.audiences ?? [auth.issuer],
    );
    sendJson(ctx.res, 201, {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {
        name: sa.metadata.name,
        namespace: sa.metadata.namespace,
        creationTimestamp: null,
      },
      spec: {
        audiences: spec.audiences ?? [auth.issuer],
        expirationSeconds: seconds,
        boundObjectRef: ref ?? null,
      },
      status: { token, expirationTimestamp: formatTime(new Date(now + seconds * 1000)) },
    });
  };
}
