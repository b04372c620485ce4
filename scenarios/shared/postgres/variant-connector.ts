// What every PostgreSQL variant sets up first: its connections, named so that this set-up's backends can
// be told apart on the server (application_name), and a warning when they will not fit in the server's
// connection limit.

import type pg from 'pg';
import { libraryVersion } from '../library-version.js';
import { type Connector, unpooled as perOpConnector, pooled as poolConnector } from './connectors.js';
import type { Control } from './control.js';
import { postgresjs } from './postgresjs-connector.js';
import { CONNECT_TIMEOUT_MS, connectedClients, connectionLimitWarning } from './server-limits.js';

export interface VariantConnection {
  connector: Connector;
  /** The application_name of this set-up's connections. */
  appName: string;
  warning: string | undefined;
}

/** The client side: a pg.Client per op, pg.Pool, or postgres.js's pool. */
export type ClientKind = 'per-op' | 'pg-pool' | 'postgresjs';

export interface ConnectionPlan {
  /** The variant's name, for its connections' application_name and its warnings. */
  variant: string;
  /** Default: pg.Pool for 'pooled', else a client per op. */
  client?: ClientKind;
  /**
   * Where the connections go instead of the target (PgBouncer in front of it), described for the result.
   * The server then sees the pooler's connections, not ours: no connection-limit warning here.
   */
  via?: { config: pg.ClientConfig; description: string };
  runId: string;
  /** This set-up's number within the run. */
  seq: number;
  concurrency: number;
  /** The pool's size (default: the concurrency). */
  poolSize: number | undefined;
  /** Open the pool's connections before measuring. */
  warm: boolean;
}

export async function connectVariant(
  control: Pick<Control, 'target' | 'client' | 'facts'>,
  plan: ConnectionPlan,
): Promise<VariantConnection> {
  const appName = `poolbench-${plan.runId}-${plan.variant}-${plan.seq}`;
  const config: pg.ClientConfig = {
    ...(plan.via?.config ?? control.target.config),
    application_name: appName,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
  const client = plan.client ?? (plan.variant === 'pooled' ? 'pg-pool' : 'per-op');
  const pooled = client !== 'per-op';
  const poolSize = plan.poolSize ?? plan.concurrency;
  const what = pooled
    ? `${plan.variant} (pool size ${poolSize}) at c=${plan.concurrency}`
    : `${plan.variant} at c=${plan.concurrency}`;
  const warning = plan.via
    ? undefined
    : connectionLimitWarning(
        control.facts,
        what,
        pooled ? poolSize : plan.concurrency,
        await connectedClients(control.client),
      );
  const settings = { size: poolSize, warm: plan.warm };
  const connector =
    client === 'postgresjs'
      ? await postgresjs(config, {
          ...settings,
          applicationName: appName,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
        })
      : client === 'pg-pool'
        ? await poolConnector(config, settings)
        : perOpConnector(config);
  const facts = {
    ...(client === 'postgresjs' ? {} : { client: `pg ${libraryVersion('pg')}` }),
    ...(plan.via ? { via: plan.via.description } : {}),
  };
  return { connector: withFacts(connector, facts), appName, warning };
}

/** The connector, with what it runs on (library version, route) added to its details. */
function withFacts(connector: Connector, facts: Record<string, string>): Connector {
  return { ...connector, details: () => ({ ...facts, ...connector.details() }) };
}
