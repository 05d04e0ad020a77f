// Credentials Secrets (kubernetes.io/basic-auth) and password generation.
import { Buffer } from 'node:buffer';
import type { V1Secret } from '@kubernetes/client-node';
import { clusterSecretNames } from '../../api/instance.ts';
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import { clusterIdentity, objectMeta } from './metadata.ts';

/** Which of the cluster's three credentials. */
export type SecretKind = 'superuser' | 'replication' | 'app';

/** Cryptographically strong random bytes (`crypto.randomBytes` in production). */
export type RandomBytes = (size: number) => Uint8Array;

/** Length of generated passwords: 32 characters of 62 ≈ 190 bits. */
export const PASSWORD_LENGTH = 32;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Bytes at or above this are rejected, so every character is equally likely.
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/** A random alphanumeric password (safe in connection strings without quoting). */
export function generatePassword(random: RandomBytes, length = PASSWORD_LENGTH): string {
  let out = '';
  while (out.length < length) {
    for (const b of random(length)) {
      if (b < UNBIASED_LIMIT && out.length < length) out += ALPHABET[b % ALPHABET.length];
    }
  }
  return out;
}

/** Name of the Secret of `kind` (the app Secret may be one the user named in the spec). */
export function secretName(cluster: PostgresCluster, kind: SecretKind): string {
  const { name } = clusterIdentity(cluster);
  return clusterSecretNames(name, cluster.spec.bootstrap.initdb.secret?.name)[kind];
}

/** The PostgreSQL role a Secret of `kind` holds. */
export function secretUsername(cluster: PostgresCluster, kind: SecretKind): string {
  switch (kind) {
    case 'superuser':
      return 'postgres';
    case 'replication':
      return 'streaming_replica';
    case 'app':
      return cluster.spec.bootstrap.initdb.owner;
  }
}

/** Kinds whose Secret the operator generates: all but an app Secret the user supplies. */
export function generatedSecretKinds(cluster: PostgresCluster): SecretKind[] {
  const kinds: SecretKind[] = ['superuser', 'replication'];
  return cluster.spec.bootstrap.initdb.secret ? kinds : [...kinds, 'app'];
}

/** A generated credentials Secret; created when absent, never overwritten. */
export function buildSecret(
  cluster: PostgresCluster,
  kind: SecretKind,
  password: string,
): V1Secret {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(cluster, secretName(cluster, kind)),
    type: 'kubernetes.io/basic-auth',
    data: { username: b64(secretUsername(cluster, kind)), password: b64(password) },
  };
}
