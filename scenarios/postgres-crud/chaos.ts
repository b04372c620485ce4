// --chaos kill-backends: halfway through each phase, terminate every server backend of the variant's
// connections (found by the application_name carrying the run id) from the separate control connection.
// Nothing retries the failed ops: they are counted, and the driver measures how long recovery took.

import type pg from 'pg';

/** Terminates the backends whose application_name is `appName`; returns how many. */
export async function killBackends(control: pg.Client, appName: string): Promise<number> {
  // MATERIALIZED: pick the victims first, so pg_terminate_backend() never runs on a row the filter rejects.
  const { rows } = await control.query<{ n: number }>(
    `WITH victims AS MATERIALIZED (
       SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()
     )
     SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM victims`,
    [appName],
  );
  return rows[0]?.n ?? 0;
}
