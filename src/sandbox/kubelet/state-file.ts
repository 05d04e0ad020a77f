// Persists what a kubelet knows about a pod (container records, IP) so a restarted kubelet can
// adopt the processes it started, or clean them up.
import { existsSync, readFileSync, readdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerRecord } from './records.ts';

/** The persisted state of one pod (DIR/nodes/<node>/pods/<uid>/state.json). */
export interface PodStateFile {
  uid: string;
  namespace: string;
  name: string;
  startTime?: number;
  records: ContainerRecord[];
}

/** Writes a pod's state atomically. */
export function savePodState(podDir: string, s: PodStateFile): void {
  const tmp = join(podDir, 'state.json.tmp');
  writeFileSync(tmp, JSON.stringify(s));
  renameSync(tmp, join(podDir, 'state.json'));
}

/** Reads a pod's state, or undefined. */
export function loadPodState(podDir: string): PodStateFile | undefined {
  const p = join(podDir, 'state.json');
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as PodStateFile;
  } catch {
    return undefined;
  }
}

/** UIDs of the pods with a directory under `podsDir`. */
export function podDirs(podsDir: string): string[] {
  return existsSync(podsDir) ? readdirSync(podsDir) : [];
}
