// Service-account tokens for projected volumes (TokenRequest bound to the pod), cached and
// refreshed after 80 % of their lifetime as the kubelet's token manager does.
import type { ApiClient } from './api.ts';
import type { Pod, ProjectedSource } from './types.ts';

type TokenSource = NonNullable<ProjectedSource['serviceAccountToken']>;

interface Cached {
  token: string;
  issuedAt: number;
  expiresAt: number;
}

/** Whether a cached token should be replaced at `now` (older than 80 % of its life). */
export function needsRefresh(c: Cached | undefined, now: number): boolean {
  return !c || now >= c.issuedAt + 0.8 * (c.expiresAt - c.issuedAt);
}

/** Issues and caches pod-bound service-account tokens. */
export class TokenManager {
  private readonly client: ApiClient;
  private readonly now: () => number;
  private readonly cache = new Map<string, Cached>();

  constructor(client: ApiClient, now: () => number) {
    this.client = client;
    this.now = now;
  }

  /** A token for the pod's service account and the source's audience. */
  async token(pod: Pod, src: TokenSource): Promise<string> {
    const ns = pod.metadata.namespace ?? '';
    const sa = pod.spec.serviceAccountName ?? 'default';
    const key = `${pod.metadata.uid ?? ''}/${src.audience ?? ''}/${String(src.expirationSeconds ?? 3607)}`;
    const now = this.now();
    const have = this.cache.get(key);
    if (have && !needsRefresh(have, now)) return have.token;
    const body = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        ...(src.audience ? { audiences: [src.audience] } : {}),
        expirationSeconds: src.expirationSeconds ?? 3607,
        boundObjectRef: {
          apiVersion: 'v1',
          kind: 'Pod',
          name: pod.metadata.name,
          uid: pod.metadata.uid,
        },
      },
    };
    const res = await this.client.create<{
      status: { token: string; expirationTimestamp: string };
    }>(`/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, body);
    const expiresAt = Date.parse(res.status.expirationTimestamp);
    this.cache.set(key, { token: res.status.token, issuedAt: now, expiresAt });
    return res.status.token;
  }

  /** Forgets the tokens of a pod. */
  forget(uid: string): void {
    for (const k of [...this.cache.keys()]) if (k.startsWith(`${uid}/`)) this.cache.delete(k);
  }
}
