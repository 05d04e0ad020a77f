// The sandbox's own admin API (what a cloud console would be): node faults and instance states.
// POST /sandbox/v1/nodes/<node>/<fault>  → {"message": "..."}; GET /sandbox/v1/nodes → states.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, pathNotFound } from '../apiserver/errors.ts';
import { sendJson } from '../apiserver/http-util.ts';
import type { PathHandler } from '../apiserver/server.ts';
import { NODE_FAULTS, type NodeFault, type NodeSupervisor } from './node-supervisor.ts';

/** Handler for /sandbox/v1 paths; `supervisor()` is undefined when the sandbox has no nodes. */
export function adminPaths(
  supervisor: () => NodeSupervisor | undefined,
  nodeNames: () => string[],
): PathHandler {
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const parts = url.pathname.split('/').filter((p) => p !== '');
    if (parts[0] !== 'sandbox' || parts[1] !== 'v1' || parts[2] !== 'nodes') return false;
    const sup = supervisor();
    if (!sup) throw pathNotFound();
    if (req.method === 'GET' && parts.length === 3) {
      sendJson(res, 200, {
        nodes: nodeNames().map((name) => ({ name, instance: sup.state(name) })),
      });
      return true;
    }
    const [node, fault] = [parts[3] ?? '', parts[4] ?? ''];
    if (req.method !== 'POST' || parts.length !== 5) throw pathNotFound();
    if (!NODE_FAULTS.includes(fault as NodeFault)) {
      throw badRequest(`unknown node action "${fault}": use one of ${NODE_FAULTS.join(', ')}`);
    }
    if (!nodeNames().includes(node)) throw badRequest(`node "${node}" does not exist`);
    sendJson(res, 200, { message: sup.fault(node, fault as NodeFault) });
    return true;
  };
}
