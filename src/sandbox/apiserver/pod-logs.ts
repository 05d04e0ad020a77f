// GET pods/<name>/log: streams a container's log from its kubelet.
import { methodNotSupported } from './errors.ts';
import type { SubresourceHandler } from './handlers.ts';
import { kubeletRequest, kubeletTarget } from './kubelet-client.ts';

/** Handler of the `log` subresource. */
export function podLogHandler(kubeletToken: string): SubresourceHandler {
  return async (ctx) => {
    if (ctx.req.method !== 'GET')
      throw methodNotSupported('', 'pods/log', (ctx.req.method ?? '').toLowerCase());
    const q = ctx.url.searchParams;
    const target = kubeletTarget(
      ctx.deps.core,
      ctx.info.namespace ?? '',
      ctx.info.name ?? '',
      q.get('container'),
    );
    const params = new URLSearchParams();
    for (const k of [
      'follow',
      'previous',
      'tailLines',
      'limitBytes',
      'timestamps',
      'sinceSeconds',
    ]) {
      const v = q.get(k);
      if (v !== null) params.set(k, v);
    }
    const path = `/containerLogs/${encodeURIComponent(target.pod.metadata.namespace ?? '')}/${encodeURIComponent(target.pod.metadata.name ?? '')}/${encodeURIComponent(target.container)}?${params.toString()}`;
    const upstream = await kubeletRequest(target, 'GET', path, kubeletToken);
    ctx.res.writeHead(upstream.statusCode ?? 502, {
      'Content-Type': upstream.headers['content-type'] ?? 'text/plain',
      'Cache-Control': 'no-cache, private',
    });
    upstream.pipe(ctx.res);
    ctx.req.on('close', () => upstream.destroy());
  };
}
