// Loop-device volumes (root only, StorageClass parameter `type: loop`): a sparse ext4 image
// attached with losetup and mounted at the volume directory, so a full disk is real. Growth is
// `truncate` + `losetup -c` (the "controller" step) then `resize2fs` (the "node" step), online
// when the kernel allows it, else offline (unmount, fsck, resize, mount).
import {
  mkdirSync,
  openSync,
  closeSync,
  ftruncateSync,
  statSync,
  rmSync,
  existsSync,
  readdirSync,
} from 'node:fs';
import type { HostOps } from './runner.ts';
import { mountPointsUnder } from './runner.ts';
import { volumeDir, volumeImage, volumesRoot } from './paths.ts';

/** Loop devices currently backed by `image` (`losetup -j`). */
export async function loopDevicesOf(host: HostOps, image: string): Promise<string[]> {
  const out = await host.run('losetup', ['-j', image]);
  return out
    .split('\n')
    .map((l) => l.slice(0, l.indexOf(':')))
    .filter((d) => d.startsWith('/dev/'));
}

const isMounted = (host: HostOps, dir: string): boolean =>
  mountPointsUnder(host.mounts(), dir).includes(dir);

/** Grows (never shrinks) a sparse file to `bytes`. */
function growFile(path: string, bytes: bigint): void {
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w');
  try {
    if (BigInt(statSync(path).size) < bytes) ftruncateSync(fd, Number(bytes));
  } finally {
    closeSync(fd);
  }
}

/** Creates the image (sparse, ext4) of a new volume and mounts it; idempotent. */
export async function createLoopVolume(
  host: HostOps,
  stateDir: string,
  handle: string,
  bytes: bigint,
): Promise<void> {
  const image = volumeImage(stateDir, handle);
  mkdirSync(volumeDir(stateDir, handle), { recursive: true });
  if (!existsSync(image)) {
    growFile(`${image}.tmp`, bytes);
    await host.run('mkfs.ext4', ['-q', '-F', '-m', '0', '-E', 'nodiscard', `${image}.tmp`]);
    await host.run('mv', [`${image}.tmp`, image]);
  }
  await mountLoopVolume(host, stateDir, handle);
}

/** Attaches the image to a loop device and mounts it at the volume directory; idempotent. */
export async function mountLoopVolume(
  host: HostOps,
  stateDir: string,
  handle: string,
): Promise<string> {
  const dir = volumeDir(stateDir, handle);
  const image = volumeImage(stateDir, handle);
  mkdirSync(dir, { recursive: true });
  const existing = (await loopDevicesOf(host, image))[0];
  const dev = existing ?? (await host.run('losetup', ['--find', '--show', image])).trim();
  if (!isMounted(host, dir)) await host.run('mount', ['-t', 'ext4', dev, dir]);
  return dev;
}

/** Controller-side growth: the image file and its loop device get the new size. */
export async function growLoopDevice(
  host: HostOps,
  stateDir: string,
  handle: string,
  bytes: bigint,
): Promise<void> {
  const image = volumeImage(stateDir, handle);
  growFile(image, bytes);
  for (const dev of await loopDevicesOf(host, image)) await host.run('losetup', ['-c', dev]);
}

/**
 * Node-side growth of the filesystem; `online: false` when it had to unmount to grow. Offline
 * growth is only safe when no pod has the volume mounted (a pod's private mount namespace keeps
 * the filesystem alive unseen by resize2fs), so the caller must say so with `allowOffline`.
 */
export async function growLoopFilesystem(
  host: HostOps,
  stateDir: string,
  handle: string,
  opts: { allowOffline: boolean },
): Promise<{ online: boolean }> {
  const dir = volumeDir(stateDir, handle);
  const dev = await mountLoopVolume(host, stateDir, handle);
  try {
    await host.run('resize2fs', [dev]);
    return { online: true };
  } catch (err) {
    if (!opts.allowOffline)
      throw new Error(
        'online file system resize refused; it will be done offline at the next mount',
        { cause: err },
      );
    await host.run('umount', [dir]);
    await host.run('e2fsck', ['-f', '-y', dev]).catch(() => undefined);
    await host.run('resize2fs', [dev]);
    await host.run('mount', ['-t', 'ext4', dev, dir]);
    return { online: false };
  }
}

/** Unmounts a volume and detaches its loop devices (lazily when still busy). */
export async function releaseLoopVolume(
  host: HostOps,
  stateDir: string,
  handle: string,
): Promise<void> {
  const dir = volumeDir(stateDir, handle);
  if (isMounted(host, dir))
    await host.run('umount', [dir]).catch(() => host.run('umount', ['-l', dir]));
  const image = volumeImage(stateDir, handle);
  if (existsSync(image))
    for (const dev of await loopDevicesOf(host, image)) await host.run('losetup', ['-d', dev]);
}

/** Deletes a loop volume: release, then remove the image and the directory. */
export async function deleteLoopVolume(
  host: HostOps,
  stateDir: string,
  handle: string,
): Promise<void> {
  await releaseLoopVolume(host, stateDir, handle);
  rmSync(volumeImage(stateDir, handle), { force: true });
  rmSync(volumeDir(stateDir, handle), { recursive: true, force: true });
}

/** Handles of the loop volumes of a state directory (their `.img` files). */
export function loopVolumeHandles(stateDir: string): string[] {
  const root = volumesRoot(stateDir);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((f) => f.endsWith('.img'))
    .map((f) => f.slice(0, -'.img'.length));
}

/** Unmounts everything under `DIR/volumes` and detaches every loop device of its images (for `down`). */
export async function cleanupVolumes(stateDir: string, host: HostOps): Promise<number> {
  const points = mountPointsUnder(host.mounts(), volumesRoot(stateDir));
  for (const p of points) await host.run('umount', [p]).catch(() => host.run('umount', ['-l', p]));
  let detached = 0;
  for (const handle of loopVolumeHandles(stateDir)) {
    for (const dev of await loopDevicesOf(host, volumeImage(stateDir, handle))) {
      await host.run('losetup', ['-d', dev]);
      detached++;
    }
  }
  return points.length + detached;
}
