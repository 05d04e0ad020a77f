// HTTP plumbing of the API server: bodies, content types, JSON/Status responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, requestEntityTooLarge, type Status } from './errors.ts';
import { decodeKubernetesProtobuf, PROTOBUF_MEDIA_TYPE } from './protobuf/envelope.ts';

/** Upstream's request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole request body, refusing bodies over the limit. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw requestEntityTooLarge(limit);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** The media type of a request, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (
    (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? ''
  );
}

/** Parses a JSON or YAML body into a value; malformed input is a 400 as upstream words it. */
export function decodeBody(buf: Buffer, type: string, what: string): unknown {
  if (type === PROTOBUF_MEDIA_TYPE) return decodeKubernetesProtobuf(buf).object;
  const text = buf.toString('utf8');
  if (text.trim() === '') throw badRequest(`Object '${what}' is missing in '${text}'`);
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml') {
    try {
      return parseYaml(text, { strict: true, uniqueKeys: true, maxAliasCount: 100 }) as unknown;
    } catch (err) {
      throw badRequest(
        `error converting YAML to JSON: ${(err as Error).message.split('\n')[0] ?? ''}`,
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/** Sends a JSON body (a string is sent as is). */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends an error as its Status body. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof ApiError) {
    // An unread request body (413) leaves the connection unusable: close it after answering.
    const extra: Record<string, string> = err.code === 413 ? { Connection: 'close' } : {};
    sendJson(res, err.code, err.status, { ...err.headers, ...extra });
    return;
  }
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
    reason: 'InternalError',
    code: 500,
  };
  sendJson(res, 500, status);
}

/** Whether the client asked for a Table (`kubectl get`). */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.split(',').some((part) => part.includes('as=Table'));
}

/** Value of `Warning` headers for warnings, as upstream formats them. */
export function warningHeaders(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}
