// A standby that crashed (SIGKILL, power loss) cannot be rewound as it is: pg_rewind first finishes
// crash recovery in single-user mode, which refuses standby mode, and the rejoin would fall back to
// a full re-clone (leaving a copy of the old directory beside it). Replaying its own WAL as a
// standby without upstream and shutting it down cleanly ("shut down in recovery") is enough.
import { errorMessage } from '../lib/errors.ts';
import { readControlData } from '../postgres/controldata.ts';
import type { ActionContext } from './actions.ts';

/** Brings a crashed standby's data directory to a clean shutdown; a no-op for any other state. */
export async function recoverCrashedStandby(c: ActionContext): Promise<void> {
  const pg = c.deps.postgres;
  const cfg = c.state.config;
  if (!cfg || pg.running()) return;
  const control = await readControlData(c.deps.runner, c.deps.pg, pg.dataDir);
  if (control.state !== 'in archive recovery') return;
  c.agent.log('standby-recovery', 'replaying the WAL of a crashed standby before rewinding it');
  try {
    pg.creds = cfg.credentials;
    await c.deps.fence(); // leftovers of the crashed postmaster would keep its shared memory busy
    await pg.configure(
      { kind: 'standby', upstream: null },
      cfg.parameters,
      cfg.credentials,
      c.deps.identity.name,
    );
    await pg.start(30_000);
    await pg.stop('fast');
  } catch (err) {
    // pg_rewind (or the re-clone after it) still follows; this only spares the re-clone.
    c.agent.log('standby-recovery', `could not recover the standby: ${errorMessage(err)}`);
    await c.deps.fence();
    await pg.forget();
  }
}
