// Test support: a stand-in for kubelets in sandboxes without nodes. It binds pods to a node name,
// reports them Running and Ready through the status subresource, and confirms graceful deletion.
import type { ApiCore } from '../../src/sandbox/apiserver/api-core.ts';
import { bindPod } from '../../src/sandbox/apiserver/pod-binding.ts';
import { formatTime } from '../../src/sandbox/apiserver/object-meta.ts';
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';
import { LocalClient, R } from '../../src/sandbox/controllers/local-client.ts';

type PodObj = KubeObject & { spec?: { nodeName?: string }; status?: Record<string, unknown> };

export interface FakeKubeletOptions {
  /** Run every new pod automatically (otherwise call `run`). */
  auto: boolean;
  /** Node name pods are bound to. */
  node?: string;
}

/** A fake kubelet over the registry. */
export class FakeKubelet {
  readonly client: LocalClient;
  private readonly opts: FakeKubeletOptions;
  private unsubscribe: (() => void) | undefined;
  private readonly pending = new Set<string>();
  private auto: boolean;

  constructor(core: ApiCore, opts: FakeKubeletOptions) {
    this.client = new LocalClient(core, 'fake-kubelet');
    this.opts = opts;
    this.auto = opts.auto;
  }

  /** Starts reacting to pod changes (`auto` overrides the option: run new pods too). */
  start(auto = this.opts.auto): this {
    this.stop();
    this.auto = auto;
    this.unsubscribe = this.client.watch(R.pods, (type, obj) => {
      if (type === 'DELETED') return;
      const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
      if (this.pending.has(key)) return;
      this.pending.add(key);
      setImmediate(() => {
        this.pending.delete(key);
        this.react(obj.metadata.namespace ?? '', obj.metadata.name ?? '');
      });
    });
    for (const p of this.client.list(R.pods))
      this.react(p.metadata.namespace ?? '', p.metadata.name ?? '');
    return this;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private react(ns: string, name: string): void {
    const pod = this.client.get<PodObj>(R.pods, ns, name);
    if (!pod) return;
    if (pod.metadata.deletionTimestamp) {
      this.client.delete(R.pods, ns, name, { gracePeriodSeconds: 0 });
      return;
    }
    if (this.auto && pod.status?.phase === 'Pending') this.run(ns, name);
  }

  /** Binds the pod and reports it Running, Ready or not. */
  run(ns: string, name: string, ready = true): void {
    const node = this.opts.node ?? 'node-1';
    const pod = this.client.get<PodObj>(R.pods, ns, name);
    if (!pod?.spec?.nodeName) bindPod(this.client.core, this.client.served(R.pods), ns, name, node);
    this.setReady(ns, name, ready);
  }

  /** Sets the pod's phase Running and its Ready condition. */
  setReady(ns: string, name: string, ready: boolean): void {
    const now = formatTime(new Date());
    const status = ready ? 'True' : 'False';
    this.client.mutate<PodObj>(
      R.pods,
      ns,
      name,
      (p) => {
        p.status = {
          ...(p.status ?? {}),
          phase: 'Running',
          podIP: '127.1.1.2',
          startTime: now,
          conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
            type,
            status: type === 'PodScheduled' || type === 'Initialized' ? 'True' : status,
            lastProbeTime: null,
            lastTransitionTime: now,
          })),
        };
      },
      true,
    );
  }

  /** Marks the pod Failed (its containers exited). */
  fail(ns: string, name: string): void {
    this.client.mutate<PodObj>(
      R.pods,
      ns,
      name,
      (p) => {
        p.status = { ...(p.status ?? {}), phase: 'Failed' };
      },
      true,
    );
  }
}
