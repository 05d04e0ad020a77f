// A small connection helper over `pg`: short timeouts, application_name=steward, typed errors.
import pg from 'pg';
import { StewardError, errorMessage } from '../lib/errors.ts';

/** Where and as whom to connect; `host` is an IP, a host name, or a Unix socket directory. */
export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database?: string;
  readonly connectTimeoutMs?: number;
  /** Server-side statement_timeout and client-side query timeout (default 10 s). */
  readonly statementTimeoutMs?: number;
  readonly applicationName?: string;
}

/** What SQL helpers need: run a query, get rows. */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/** An open connection; close it when done. */
export interface SqlConnection extends SqlClient {
  close(): Promise<void>;
}

/** Opens a connection; throws StewardError PG_CONNECT_FAILED. */
export async function connect(o: ConnectOptions): Promise<SqlConnection> {
  const timeout = o.statementTimeoutMs ?? 10_000;
  const client = new pg.Client({
    host: o.host,
    port: o.port,
    user: o.user,
    database: o.database ?? 'postgres',
    ...(o.password === undefined ? {} : { password: o.password }),
    application_name: o.applicationName ?? 'steward',
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5_000,
    statement_timeout: timeout,
    query_timeout: timeout + 1_000,
  });
  // An idle connection whose server dies emits 'error'; unhandled, it would crash the agent.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new StewardError(
      'PG_CONNECT_FAILED',
      `connecting to ${o.host}:${o.port} as ${o.user}: ${errorMessage(err)}`,
      { cause: err },
    );
  }
  return wrap(client);
}

function wrap(client: pg.Client): SqlConnection {
  return {
    async query<R>(text: string, values?: readonly unknown[]): Promise<R[]> {
      try {
        const res = await client.query(text, values === undefined ? undefined : [...values]);
        return res.rows as R[];
      } catch (err) {
        const state = (err as { code?: unknown }).code;
        const suffix = typeof state === 'string' ? ` (SQLSTATE ${state})` : '';
        throw new StewardError('SQL_FAILED', `${errorMessage(err)}${suffix}`, { cause: err });
      }
    },
    close: () => closeWithin(client, CLOSE_TIMEOUT_MS),
  };
}

/** How long a polite close may take before the socket is destroyed. */
const CLOSE_TIMEOUT_MS = 1_000;

/**
 * Ends the session, but never waits long: a server that is frozen or behind a dead link never
 * answers the Terminate, and `end()` would then wait for ever (hanging whoever closes it).
 */
async function closeWithin(client: pg.Client, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const ended = client.end().then(
    () => 'ended' as const,
    () => 'ended' as const,
  );
  const first = await Promise.race([ended, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') {
    // pg keeps the socket on `connection.stream`; destroying it releases the handle.
    (
      client as unknown as { connection?: { stream?: { destroy(): void } } }
    ).connection?.stream?.destroy();
  }
}

/** Runs `fn` on a fresh connection and always closes it. */
export async function withConnection<T>(
  o: ConnectOptions,
  fn: (c: SqlClient) => Promise<T>,
): Promise<T> {
  const c = await connect(o);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** SQLSTATE of a failed query (from a SQL_FAILED error's cause), if any. */
export function sqlState(err: unknown): string | undefined {
  const cause = err instanceof StewardError ? err.cause : err;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Quotes an identifier (role, database, slot) for SQL text. */
export function quoteIdent(name: string): string {
  return pg.escapeIdentifier(name);
}

/** Quotes a string literal for SQL text (where parameters cannot be used, e.g. DDL). */
export function quoteLiteral(value: string): string {
  return pg.escapeLiteral(value);
}
