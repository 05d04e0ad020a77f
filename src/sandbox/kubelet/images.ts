// The image mapping: how an image reference runs as a local process (sandbox/images.yaml,
// overridable by DIR/images.yaml), and the upstream command/args rules applied to it.
import { createHash } from 'node:crypto';
import { parse } from 'yaml';

/** One entry of the mapping file. */
export interface ImageMapping {
  /** Exact reference or a glob (`*` matches any run of characters), e.g. `busybox:*`. */
  match: string;
  /** The image's ENTRYPOINT (replaced by a container's `command`). */
  entrypoint?: string[];
  /** The image's CMD (replaced by a container's `args`). */
  cmd?: string[];
  /** Environment the image sets (container env wins). */
  env?: Record<string, string>;
  /** The image's WORKDIR (replaced by a container's `workingDir`). */
  workingDir?: string;
}

/** Variables expanded in mapping strings: `${PROJECT}`, `${NODE}`, `${PATH}`. */
export type MappingVars = Record<string, string>;

/** How a container runs, resolved from its image and spec. */
export interface ResolvedCommand {
  argv: string[];
  env: Record<string, string>;
  workingDir: string | undefined;
  imageID: string;
}

/** Parses a mapping file's text (`images: [...]`). */
export function parseImageMappings(text: string): ImageMapping[] {
  const doc = parse(text) as { images?: unknown } | null;
  const list = Array.isArray(doc?.images) ? (doc.images as unknown[]) : [];
  return list.filter(
    (e): e is ImageMapping =>
      typeof e === 'object' && e !== null && typeof (e as { match?: unknown }).match === 'string',
  );
}

/** Canonical form of an image reference: no `docker.io/library/` prefix, `:latest` when untagged. */
export function normalizeImage(image: string): string {
  let ref = image.replace(/^(docker\.io\/)?library\//, '').replace(/^docker\.io\//, '');
  const lastSlash = ref.lastIndexOf('/');
  const tail = ref.slice(lastSlash + 1);
  if (!tail.includes(':') && !tail.includes('@')) ref += ':latest';
  return ref;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** The first mapping matching an image (exact entries before globs), or undefined. */
export function findMapping(mappings: ImageMapping[], image: string): ImageMapping | undefined {
  const ref = normalizeImage(image);
  const exact = mappings.find((m) => !m.match.includes('*') && normalizeImage(m.match) === ref);
  return exact ?? mappings.find((m) => m.match.includes('*') && globToRegExp(m.match).test(ref));
}

/** Expands `${VAR}` references from `vars` (unknown ones become empty). */
export function expandVars(s: string, vars: MappingVars): string {
  return s.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_m, name: string) => vars[name] ?? '');
}

/** Applies upstream's command/args rules to an image mapping. */
export function resolveCommand(
  mapping: ImageMapping,
  container: { image?: string; command?: string[]; args?: string[]; workingDir?: string },
  vars: MappingVars,
): ResolvedCommand {
  const x = (l: string[] | undefined): string[] => (l ?? []).map((s) => expandVars(s, vars));
  const command = container.command?.length ? container.command : undefined;
  const args = container.args?.length ? container.args : undefined;
  let argv: string[];
  if (command) argv = [...command, ...(args ?? [])];
  else if (args) argv = [...x(mapping.entrypoint), ...args];
  else argv = [...x(mapping.entrypoint), ...x(mapping.cmd)];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping.env ?? {})) env[k] = expandVars(v, vars);
  const wd =
    container.workingDir ?? (mapping.workingDir ? expandVars(mapping.workingDir, vars) : undefined);
  return { argv, env, workingDir: wd, imageID: imageId(container.image ?? '', mapping) };
}

/** A stable image ID for a reference and its mapping (`<ref>@sha256:<hash>`). */
export function imageId(image: string, mapping: ImageMapping): string {
  const ref = normalizeImage(image);
  const digest = createHash('sha256').update(JSON.stringify(mapping)).digest('hex');
  return `${ref.replace(/[:@].*$/, '')}@sha256:${digest}`;
}

/** Upstream's pull-failure message for an image without a mapping. */
export function missingImageMessage(image: string): string {
  return `Failed to pull image "${image}": image "${image}" has no entry in the sandbox image mapping (sandbox/images.yaml)`;
}
