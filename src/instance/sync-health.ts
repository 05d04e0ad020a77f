// The primary's status line about synchronous replication: blocked commits or a degraded quorum.
import type { SyncState } from '../api/instance.ts';
import type { SyncConfig } from './sync.ts';

/** What the primary runs with, for its status line. */
export interface SyncHealthInputs {
  mode: 'off' | 'quorum' | 'strict';
  number: number;
  /** synchronous_standby_names as applied. */
  applied: SyncConfig;
  published: SyncState | null;
  /** Standbys streaming from us now. */
  streaming: readonly string[];
}

/**
 * A sentence for the primary's status when synchronous replication is not doing what was asked:
 * commits wait for standbys that are not there (strict, or a quorum not yet degraded), or quorum
 * mode fell back to asynchronous. Null when all is well.
 */
export function describeSyncHealth(i: SyncHealthInputs): string | null {
  const { applied } = i;
  if (applied.quorum > 0) {
    const connected = applied.members.filter((m) => i.streaming.includes(m));
    if (connected.length >= applied.quorum) return null;
    const names = connected.length === 0 ? 'none' : connected.join(', ');
    return (
      `writes are blocked waiting for synchronous standbys: ${applied.quorum} of ` +
      `${applied.members.join(', ')} must confirm each commit, connected: ${names} (mode ${i.mode})`
    );
  }
  if (i.mode !== 'off' && i.published?.degraded) {
    const n = i.streaming.length;
    return (
      `degraded to asynchronous replication: ${n} standby${n === 1 ? '' : 's'} streaming, ` +
      `${i.number} needed for synchronous commits (mode ${i.mode})`
    );
  }
  return null;
}
