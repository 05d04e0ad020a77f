// Pure planning of a container's mount namespace. Volumes are bind-mounted at their mountPath;
// a mountPath (or workingDir) missing on the host is never created on the host: its nearest
// existing ancestor is "shadowed" inside the namespace by a tmpfs holding bind mounts of the
// ancestor's entries, and the missing directories are made in that tmpfs. When the ancestor is
// "/" the container gets a shadow root and runs chrooted into it. Mounts of other pods' volumes
// that the new namespace copied from the host are released first, so they do not pin those
// filesystems (an unmounted loop filesystem can be grown offline). The script reports on
// READY_FD that the setup is done, right before it execs the container's command.
import { dirname, relative } from 'node:path';

/** A bind mount inside the container's mount namespace. */
export interface MountSpec {
  source: string;
  target: string;
  readOnly: boolean;
  /** The source is a file (the target is created as an empty file). */
  file: boolean;
}

/** The descriptor on which the setup script writes one byte when it is about to exec the command. */
export const READY_FD = 3;

/** Quotes a string for a POSIX shell. */
export const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The nearest existing ancestor of a path (the path itself when it exists). */
export function existingAncestor(path: string, exists: (p: string) => boolean): string {
  let p = path;
  while (p !== '/' && !exists(p)) p = dirname(p);
  return p;
}

/** Anchors to shadow: nearest existing ancestors of missing paths, shortest first. */
export function shadowAnchors(paths: string[], exists: (p: string) => boolean): string[] {
  const anchors = new Set<string>();
  for (const p of paths) if (!exists(p)) anchors.add(existingAncestor(dirname(p), exists));
  return [...anchors].sort((a, b) => a.length - b.length || a.localeCompare(b));
}

// shadow DIR TMP: a tmpfs at TMP with DIR's entries (symlinks copied, the rest bind-mounted).
const SHADOW_FN = [
  'shadow() {',
  '  mkdir -p "$2"; mount -t tmpfs -o mode=755 tmpfs "$2"',
  '  for e in "${1%/}"/* "${1%/}"/.[!.]* "${1%/}"/..?*; do',
  '    [ -e "$e" ] || [ -L "$e" ] || continue',
  '    n="${e##*/}"',
  '    if [ -L "$e" ]; then ln -s "$(readlink "$e")" "$2/$n"',
  '    elif [ -d "$e" ]; then mkdir "$2/$n"; mount --rbind "$e" "$2/$n"',
  '    else : > "$2/$n"; mount --bind "$e" "$2/$n"; fi',
  '  done',
  '}',
];

/** A path as /proc/self/mountinfo prints it (space, tab, newline and backslash as octal escapes). */
export const mountinfoEscape = (p: string): string =>
  p.replace(/[ \t\n\\]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`);

// release ESCAPED_ROOT ROOT KEEP: lazily unmounts every mount under ROOT (deepest first) except
// those of the volumes named in KEEP (space-separated first path components under ROOT).
const RELEASE_FN = [
  'release() {',
  '  while read -r _ _ _ _ m _; do',
  '    case "$m" in "$1"/*) r="${m#"$1"/}" ;; *) continue ;; esac',
  '    case " $3 " in *" ${r%%/*} "*) continue ;; esac',
  '    printf \'%s\\n\' "$r"',
  '  done < /proc/self/mountinfo | LC_ALL=C sort -r | while read -r r; do umount -l "$2/$r" || :; done',
  '}',
];

/** Setup lines releasing the mounts under `volumesRoot` of volumes other than the `sources`' ones. */
export function releaseLines(volumesRoot: string, sources: string[]): string[] {
  const keep = new Set<string>();
  for (const s of sources) {
    const rel = relative(volumesRoot, s);
    const first = rel.split('/')[0];
    if (first && first !== '..') keep.add(first);
  }
  const root = shq(volumesRoot);
  return [
    ...RELEASE_FN,
    `release ${shq(mountinfoEscape(volumesRoot))} ${root} ${shq([...keep].join(' '))}`,
  ];
}

/** The planned setup: a script to run in the new namespace, and whether it ends chrooted. */
export interface MountPlan {
  script: string;
  chroot: boolean;
}

/** What planning needs to know about the host filesystem. */
export interface HostFs {
  exists(p: string): boolean;
  /** The path with symlinks in its existing part resolved (mount(8) follows them outside a chroot). */
  canonical(p: string): string;
}

/**
 * Plans the namespace setup. `scratch` is a host directory owned by the kubelet (tmpfs mounts go
 * under it, inside the namespace only); mounts under `volumesRoot` not used by this container
 * are released.
 */
export function planMounts(
  specMounts: MountSpec[],
  specWorkingDir: string | undefined,
  scratch: string,
  fs: HostFs,
  volumesRoot?: string,
): MountPlan {
  const exists = (p: string): boolean => fs.exists(p);
  const mounts = specMounts.map((m) => ({ ...m, target: fs.canonical(m.target) }));
  const workingDir = specWorkingDir === undefined ? undefined : fs.canonical(specWorkingDir);
  const wanted = [...mounts.map((m) => m.target), ...(workingDir ? [workingDir] : [])];
  const anchors = shadowAnchors(wanted, exists);
  const chroot = anchors.includes('/');
  const root = chroot ? `${scratch}/root` : '';
  const lines = ['set -e', ...SHADOW_FN];
  if (volumesRoot !== undefined)
    lines.push(
      ...releaseLines(
        fs.canonical(volumesRoot),
        specMounts.map((m) => fs.canonical(m.source)),
      ),
    );
  if (chroot) lines.push(`shadow / ${shq(root)}`);
  anchors
    .filter((a) => a !== '/')
    .forEach((a, i) => {
      const tmp = `${scratch}/shadow-${String(i)}`;
      lines.push(`shadow ${shq(a)} ${shq(tmp)}`, `mount --rbind ${shq(tmp)} ${shq(root + a)}`);
    });
  for (const m of mounts) {
    const t = shq(root + m.target);
    if (m.file) lines.push(`mkdir -p ${shq(root + dirname(m.target))}`, `[ -e ${t} ] || : > ${t}`);
    else lines.push(`mkdir -p ${t}`);
    lines.push(`mount --bind ${shq(m.source)} ${t}`);
    if (m.readOnly) lines.push(`mount -o remount,bind,ro ${t}`);
  }
  if (workingDir) lines.push(`mkdir -p ${shq(root + workingDir)}`);
  const wd = shq(specWorkingDir ?? '/');
  const fd = String(READY_FD);
  const ready = `printf . >&${fd} && exec "$@" ${fd}>&-`;
  if (chroot) lines.push(`exec chroot ${shq(root)} sh -c 'cd "$0" && ${ready}' ${wd} "$@"`);
  else lines.push(...(specWorkingDir ? [`cd ${wd}`] : []), ready);
  return { script: lines.join('\n'), chroot };
}
