// The sandbox's volume backends: a plain directory (default) or a loop-mounted ext4 image
// (StorageClass parameter `type: loop`, root only). The controllers call these; the kubelet
// bind-mounts `volumeDir(stateDir, handle)` into pods either way.
import { mkdirSync, rmSync } from 'node:fs';
import {
  createLoopVolume,
  deleteLoopVolume,
  growLoopDevice,
  growLoopFilesystem,
  mountLoopVolume,
} from './loop.ts';
import { volumeDir } from './paths.ts';
import type { HostOps } from './runner.ts';

/** How a volume is backed. */
export type VolumeMode = 'dir' | 'loop';

/** The mode a StorageClass's parameters ask for (`type: loop`), default a directory. */
export const volumeModeOf = (params: Record<string, string> | undefined): VolumeMode =>
  params?.type === 'loop' ? 'loop' : 'dir';

/** What the backends need: the state directory and host access (used in loop mode only). */
export interface VolumeBackend {
  stateDir: string;
  host: HostOps;
}

/** Creates a volume's storage (idempotent). */
export async function createVolume(
  b: VolumeBackend,
  handle: string,
  bytes: bigint,
  mode: VolumeMode,
): Promise<void> {
  if (mode === 'dir') {
    mkdirSync(volumeDir(b.stateDir, handle), { recursive: true });
    return;
  }
  if (!b.host.isRoot()) throw new Error('loop-device volumes need root');
  await createLoopVolume(b.host, b.stateDir, handle, bytes);
}

/** Makes an existing volume usable again after a restart (loop volumes are remounted). */
export async function activateVolume(
  b: VolumeBackend,
  handle: string,
  mode: VolumeMode,
): Promise<void> {
  if (mode === 'loop' && b.host.isRoot()) await mountLoopVolume(b.host, b.stateDir, handle);
}

/** Removes a volume's storage (reclaim policy Delete). */
export async function deleteVolume(
  b: VolumeBackend,
  handle: string,
  mode: VolumeMode,
): Promise<void> {
  if (mode === 'loop') await deleteLoopVolume(b.host, b.stateDir, handle);
  else rmSync(volumeDir(b.stateDir, handle), { recursive: true, force: true });
}

/** Controller-side expansion (the "disk" grows); a no-op for directories. */
export async function expandVolume(
  b: VolumeBackend,
  handle: string,
  bytes: bigint,
  mode: VolumeMode,
): Promise<void> {
  if (mode === 'loop') await growLoopDevice(b.host, b.stateDir, handle, bytes);
}

/** Node-side expansion (the filesystem grows); `online: false` when it had to be done offline. */
export async function expandFilesystem(
  b: VolumeBackend,
  handle: string,
  mode: VolumeMode,
  opts: { allowOffline: boolean },
): Promise<{ online: boolean }> {
  if (mode === 'loop') return growLoopFilesystem(b.host, b.stateDir, handle, opts);
  return { online: true };
}
