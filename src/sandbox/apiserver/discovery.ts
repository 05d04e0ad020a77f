// Legacy discovery documents (/api, /apis, /api/v1, /apis/G/V) and /version.
import type { ResourceRegistry, Served } from './registry.ts';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-steward',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(host: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
  };
}

function groupEntry(group: string, versions: string[]): object {
  const gvs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: gvs, preferredVersion: gvs[0] };
}

export function apiGroupList(registry: ResourceRegistry): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groupVersions().map((g) => groupEntry(g.group, g.versions)),
  };
}

export function apiGroup(registry: ResourceRegistry, group: string): object | undefined {
  const g = registry.groupVersions().find((x) => x.group === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.group, g.versions) } : undefined;
}

function resourceEntries(s: Served): object[] {
  const t = s.type;
  const main: Record<string, unknown> = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
  };
  if (t.shortNames.length > 0) main.shortNames = t.shortNames;
  if (t.categories.length > 0) main.categories = t.categories;
  const subs = t.subresources.map((sub) => {
    const e: Record<string, unknown> = {
      name: `${t.plural}/${sub.name}`,
      singularName: '',
      namespaced: t.namespaced,
      kind: sub.kind,
      verbs: sub.verbs,
    };
    if (sub.group !== t.group || sub.version !== t.version) {
      e.group = sub.group;
      e.version = sub.version;
    }
    return e;
  });
  return [main, ...subs];
}

export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
): object | undefined {
  const served = registry.inGroupVersion(group, version);
  if (served.length === 0) return undefined;
  served.sort((a, b) => (a.type.plural < b.type.plural ? -1 : 1));
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: served.flatMap(resourceEntries),
  };
}
