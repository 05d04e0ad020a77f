// Authentication: the admin bearer token and service-account tokens (HS256 JWTs) the server issues.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ObjectStore } from './store.ts';

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

export interface ServiceAccountClaims {
  namespace: string;
  name: string;
  uid: string;
  pod?: { name: string; uid: string };
}

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** Issues and verifies bearer tokens. */
export class Authenticator {
  private readonly adminToken: string;
  private readonly key: Buffer;
  private readonly store: ObjectStore;
  readonly issuer = 'https://kubernetes.default.svc.cluster.local';

  constructor(opts: { adminToken: string; signingKey: Buffer; store: ObjectStore }) {
    this.adminToken = opts.adminToken;
    this.key = opts.signingKey;
    this.store = opts.store;
  }

  /** A signed service-account token valid for `seconds` from `now` (ms). */
  issue(sa: ServiceAccountClaims, nowMs: number, seconds: number, audiences: string[]): string {
    const iat = Math.floor(nowMs / 1000);
    const payload = {
      aud: audiences,
      exp: iat + seconds,
      iat,
      nbf: iat,
      iss: this.issuer,
      sub: `system:serviceaccount:${sa.namespace}:${sa.name}`,
      'kubernetes.io': {
        namespace: sa.namespace,
        serviceaccount: { name: sa.name, uid: sa.uid },
        ...(sa.pod ? { pod: sa.pod } : {}),
      },
    };
    const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64(JSON.stringify(payload));
    const sig = createHmac('sha256', this.key).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  }

  /** The user a request's `Authorization` header names, or undefined when it is not valid. */
  authenticate(header: string | undefined, nowMs: number): UserInfo | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    const token = m?.[1];
    if (!token) return undefined;
    if (safeEqual(token, this.adminToken)) {
      return { username: 'steward-admin', groups: ['system:masters', 'system:authenticated'] };
    }
    return this.verifyServiceAccount(token, nowMs);
  }

  private verifyServiceAccount(token: string, nowMs: number): UserInfo | undefined {
    const [head, body, sig] = token.split('.');
    if (!head || !body || !sig) return undefined;
    const expect = createHmac('sha256', this.key).update(`${head}.${body}`).digest('base64url');
    if (!safeEqual(sig, expect)) return undefined;
    let claims: {
      exp?: number;
      'kubernetes.io'?: { namespace: string; serviceaccount: { name: string; uid: string } };
    };
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return undefined;
    }
    if (claims.exp === undefined || claims.exp * 1000 < nowMs) return undefined;
    const k = claims['kubernetes.io'];
    if (!k) return undefined;
    const sa = this.store.get('/serviceaccounts', k.namespace, k.serviceaccount.name);
    if (!sa || sa.obj.metadata.uid !== k.serviceaccount.uid) return undefined;
    return {
      username: `system:serviceaccount:${k.namespace}:${k.serviceaccount.name}`,
      uid: k.serviceaccount.uid,
      groups: [
        'system:serviceaccounts',
        `system:serviceaccounts:${k.namespace}`,
        'system:authenticated',
      ],
    };
  }
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
