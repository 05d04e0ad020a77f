// Pure: which (clusterIP, port) listeners the proxy needs for the current Services.
import type { ServiceObject } from '../controllers/services/types.ts';
import type { Affinity } from './backends.ts';

/** One TCP listener of a Service port. */
export interface ListenerSpec {
  /** `<ip>:<port>` */
  key: string;
  ip: string;
  port: number;
  namespace: string;
  service: string;
  portName: string;
  affinity: Affinity;
}

/** Default ClientIP affinity timeout (upstream DefaultClientIPServiceAffinitySeconds: 3 h). */
const DEFAULT_AFFINITY_SECONDS = 10_800;

function affinityOf(svc: ServiceObject): Affinity {
  if (svc.spec?.sessionAffinity !== 'ClientIP') return { kind: 'None' };
  const s = svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS;
  return { kind: 'ClientIP', timeoutMs: s * 1000 };
}

/** Listeners for every TCP port of every Service with a ClusterIP (not headless, not ExternalName). */
export function planListeners(services: ServiceObject[]): Map<string, ListenerSpec> {
  const out = new Map<string, ListenerSpec>();
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None' || svc.spec?.type === 'ExternalName') continue;
    for (const p of svc.spec?.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== 'TCP') continue;
      const key = `${ip}:${String(p.port)}`;
      out.set(key, {
        key,
        ip,
        port: p.port,
        namespace: svc.metadata.namespace ?? '',
        service: svc.metadata.name ?? '',
        portName: p.name ?? '',
        affinity: affinityOf(svc),
      });
    }
  }
  return out;
}
