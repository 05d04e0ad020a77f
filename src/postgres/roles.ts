// Idempotent creation of the cluster's roles and application database from credentials.
import { scramVerifier } from './scram.ts';
import { quoteIdent, quoteLiteral, type SqlClient } from './sql.ts';

/** A login role and its password. */
export interface RoleCredentials {
  readonly name: string;
  readonly password: string;
}

/** Role attributes Steward sets. */
export type RoleAttribute = 'LOGIN' | 'SUPERUSER' | 'REPLICATION' | 'CREATEDB' | 'CREATEROLE';

/** Every credential of a cluster (from its Secrets). */
export interface ClusterCredentials {
  readonly superuser: RoleCredentials;
  readonly replication: RoleCredentials;
  readonly app?: { readonly owner: RoleCredentials; readonly database: string };
}

/** Creates the role or updates its attributes and password; says which. */
export async function ensureRole(
  c: SqlClient,
  role: RoleCredentials,
  attributes: readonly RoleAttribute[],
): Promise<'created' | 'updated'> {
  const rows = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  const verb = rows.length === 0 ? 'CREATE' : 'ALTER';
  const attrs = attributes.join(' ');
  const password = quoteLiteral(scramVerifier(role.password));
  await c.query(`${verb} ROLE ${quoteIdent(role.name)} WITH ${attrs} PASSWORD ${password}`);
  return verb === 'CREATE' ? 'created' : 'updated';
}

/** Creates the database owned by `owner`, or gives an existing one to `owner`. */
export async function ensureDatabase(
  c: SqlClient,
  name: string,
  owner: string,
): Promise<'created' | 'exists'> {
  const rows = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rows.length === 0) {
    await c.query(`CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteIdent(owner)}`);
    return 'created';
  }
  await c.query(`ALTER DATABASE ${quoteIdent(name)} OWNER TO ${quoteIdent(owner)}`);
  return 'exists';
}

/** Functions pg_rewind calls on its source server (PostgreSQL documentation, pg_rewind). */
export const REWIND_FUNCTIONS = [
  'pg_catalog.pg_ls_dir(text, boolean, boolean)',
  'pg_catalog.pg_stat_file(text, boolean)',
  'pg_catalog.pg_read_binary_file(text)',
  'pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean)',
];

/** Lets `role` run pg_rewind against this server without being superuser (run in `postgres`). */
export async function grantRewindPermissions(c: SqlClient, role: string): Promise<void> {
  for (const fn of REWIND_FUNCTIONS) {
    await c.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${quoteIdent(role)}`);
  }
}

/**
 * Ensures the superuser's password, the replication role (REPLICATION, and the rights pg_rewind
 * needs) and the application owner with its database. Run on the primary as superuser,
 * connected to database `postgres`.
 */
export async function ensureClusterRoles(c: SqlClient, creds: ClusterCredentials): Promise<void> {
  await ensureRole(c, creds.superuser, ['SUPERUSER', 'LOGIN']);
  await ensureRole(c, creds.replication, ['LOGIN', 'REPLICATION']);
  await grantRewindPermissions(c, creds.replication.name);
  if (creds.app) {
    await ensureRole(c, creds.app.owner, ['LOGIN']);
    await ensureDatabase(c, creds.app.database, creds.app.owner.name);
  }
}
