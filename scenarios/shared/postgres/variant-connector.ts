// What every PostgreSQL variant sets up first: its connections, named so that this set-up's backends can
// be told apart on the server (application_name), and a warning when they will not fit in the server's
// connection limit.

import type pg from 'pg';
import { type Connector, unpooled as perOpConnector, pooled as poolConnector } from './connectors.js';
import type { Control } from './control.js';
import { CONNECT_TIMEOUT_MS, connectedClients, connectionLimitWarning } from './server-limits.js';

export interface VariantConnection {
  connector: Connector;
  /** The application_name of this set-up's connections. */
  appName: string;
  warning: string | undefined;
}

export interface ConnectionPlan {
  variant: 'unpooled' | 'pooled';
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
    ...control.target.config,
    application_name: appName,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
  const pooled = plan.variant === 'pooled';
  const poolSize = plan.poolSize ?? plan.concurrency;
  const what = pooled
    ? `pooled (pool size ${poolSize}) at c=${plan.concurrency}`
    : `unpooled at c=${plan.concurrency}`;
  const connected = await connectedClients(control.client);
  const warning = connectionLimitWarning(
    control.facts,
    what,
    pooled ? poolSize : plan.concurrency,
    connected,
  );
  const connector = pooled
    ? await poolConnector(config, { size: poolSize, warm: plan.warm })
    : perOpConnector(config);
  return { connector, appName, warning };
}
