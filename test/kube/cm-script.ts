// Writes ConfigMaps through client-node and keeps the event log an informer on them must produce.
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { KubeClients } from '../../src/kube/config.ts';

/** Creates, updates and deletes ConfigMaps, recording `add|update|delete name rv` for matching ones. */
export class CmScript {
  /** The handler log an informer on `labels` must show, in order (delete rvs are '*'). */
  readonly expected: string[] = [];
  private readonly c: KubeClients;
  private readonly namespace: string;
  private readonly labels: Record<string, string>;

  constructor(c: KubeClients, namespace: string, labels: Record<string, string>) {
    this.c = c;
    this.namespace = namespace;
    this.labels = labels;
  }

  /** Creates `name`; `matching: false` gives it labels the informer does not select. */
  async create(name: string, value: string, matching = true): Promise<void> {
    const labels = matching ? this.labels : { other: 'yes' };
    const cm = await this.c.core.createNamespacedConfigMap({
      namespace: this.namespace,
      body: { metadata: { name, labels }, data: { v: value } },
    });
    if (matching) this.expected.push(`add ${name} ${rvOf(cm)}`);
  }

  /** Replaces the data of `name` (read-modify-write). */
  async update(name: string, value: string, matching = true): Promise<void> {
    const ns = this.namespace;
    const cur = await this.c.core.readNamespacedConfigMap({ name, namespace: ns });
    const cm = await this.c.core.replaceNamespacedConfigMap({
      name,
      namespace: ns,
      body: { ...cur, data: { v: value } },
    });
    if (matching) this.expected.push(`update ${name} ${rvOf(cm)}`);
  }

  /** Deletes `name`. */
  async remove(name: string, matching = true): Promise<void> {
    await this.c.core.deleteNamespacedConfigMap({ name, namespace: this.namespace });
    if (matching) this.expected.push(`delete ${name} *`);
  }
}

function rvOf(cm: V1ConfigMap): string {
  return cm.metadata?.resourceVersion ?? '?';
}

/** Replaces the rv of delete entries by '*' (a DELETED event carries the deletion's own rv). */
export function maskDeletes(seen: string[]): string[] {
  return seen.map((s) => (s.startsWith('delete ') ? s.replace(/ \S+$/, ' *') : s));
}

/**
 * Replays a handler log (`add|update|delete name rv`) and returns the final `name rv` picture,
 * failing on an add of a known object, an update or delete of an unknown one, or an rv that
 * does not increase.
 */
export function replaySeen(seen: string[]): string[] {
  const state = new Map<string, number>();
  for (const line of seen) {
    const [type, name = '', rvText = ''] = line.split(' ');
    const rv = Number(rvText);
    const known = state.get(name);
    if (type === 'add' && known !== undefined) throw new Error(`duplicate add: ${line}`);
    if (type !== 'add' && known === undefined) throw new Error(`${type} of unknown: ${line}`);
    if (type !== 'delete' && known !== undefined && !(rv > known))
      throw new Error(`rv went backwards: ${line}`);
    if (type === 'delete') state.delete(name);
    else state.set(name, rv);
  }
  return [...state].map(([name, rv]) => `${name} ${String(rv)}`).sort();
}
