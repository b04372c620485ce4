// Your own SQL through node-postgres: "the last 10 orders of a customer", run as a new pg.Client per query
// (connect, query, end) vs a pg.Pool. The scenario makes its own table (poolbench_example_orders_<pid>),
// fills it, and drops it when the run ends, also on Ctrl-C.
//
//   npx poolbench run examples/orders-query.scenario.ts -c 10 -d 2s
//   DATABASE_URL=postgres://app:secret@db:5432/app npx poolbench run examples/orders-query.scenario.ts

import pg from 'pg';
import { defineScenario, option } from 'poolbench';

const QUERY = 'SELECT id, total FROM %s WHERE customer = $1 ORDER BY id DESC LIMIT 10';

export default defineScenario({
  id: 'orders-query',
  description: "A customer's last 10 orders: a pg.Client per query vs pg.Pool",
  options: {
    pgUrl: option.url({
      flag: '--pg-url <url>',
      env: 'DATABASE_URL',
      default: 'postgres://postgres@127.0.0.1:5432/test',
      secret: true,
      description: 'PostgreSQL to query',
    }),
    customers: option.int({
      flag: '--customers <n>',
      default: 1000,
      description: 'customers (10 orders each)',
    }),
    poolSize: option.int({
      flag: '--pool-size <n>',
      default: 10,
      usedBy: ['pooled'],
      description: 'pg.Pool max',
    }),
    // set by the main thread for worker threads: they query the table it made
    table: option.string({ hidden: true, description: 'the table made by the main thread' }),
  },
  open: async (options) => {
    const table = options.table ?? `poolbench_example_orders_${process.pid}`;
    const admin = new pg.Client({ connectionString: options.pgUrl });
    await admin.connect();
    const owner = options.table === undefined;
    const drop = () => admin.query(`DROP TABLE IF EXISTS ${table}`);
    if (owner) {
      try {
        await admin.query(
          `CREATE TABLE ${table} (id serial PRIMARY KEY, customer int NOT NULL, total numeric NOT NULL)`,
        );
        await admin.query(
          `INSERT INTO ${table} (customer, total) SELECT c, round((random() * 100)::numeric, 2) FROM generate_series(1, $1) c, generate_series(1, 10)`,
          [options.customers],
        );
        await admin.query(`CREATE INDEX ON ${table} (customer, id)`);
      } catch (err) {
        await drop();
        await admin.end();
        throw err;
      }
    }
    const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]
      ?.server_version;
    return {
      sql: QUERY.replace('%s', table),
      target: {
        description: 'PostgreSQL',
        url: options.pgUrl,
        server: 'postgresql',
        serverVersion: version,
        embedded: false,
      },
      remoteOptions: () => ({ table }),
      close: async () => {
        if (owner) await drop();
        await admin.end();
      },
    };
  },
  variants: {
    unpooled: ({ session, options }) => ({
      op: async ({ iteration }) => {
        const client = new pg.Client({ connectionString: options.pgUrl });
        await client.connect();
        try {
          await client.query(session.sql, [1 + (iteration % options.customers)]);
        } finally {
          await client.end();
        }
      },
    }),
    pooled: ({ session, options }) => {
      const pool = new pg.Pool({ connectionString: options.pgUrl, max: options.poolSize });
      pool.on('error', () => {}); // an idle client's error is counted by the next query that uses the pool
      let created = 0;
      pool.on('connect', () => created++);
      return {
        op: async ({ iteration }) => {
          await pool.query(session.sql, [1 + (iteration % options.customers)]);
        },
        gauges: () => ({ created, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
        teardown: () => pool.end(),
      };
    },
  },
});
