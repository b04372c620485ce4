// A client poolbench does not ship: MariaDB (or MySQL) through mysql2, a point lookup by primary key, as a
// new connection per query vs mysql2's own pool. Its own table (poolbench_example_items_<pid>), dropped
// when the run ends. mysql2 is the project's devDependency (`npm install mysql2` in your own project).
//
//   npx poolbench run examples/mariadb.scenario.ts -c 10 -d 2s
//   MYSQL_URL=mysql://app:secret@db:3306/app npx poolbench run examples/mariadb.scenario.ts

import mysql from 'mysql2/promise';
import { defineScenario, option } from 'poolbench';

export default defineScenario({
  id: 'mariadb',
  description: 'A lookup by primary key: a mysql2 connection per query vs mysql2.createPool',
  options: {
    url: option.url({
      flag: '--mysql-url <url>',
      env: 'MYSQL_URL',
      default: 'mysql://root@127.0.0.1:3306/test',
      secret: true,
      description: 'MariaDB or MySQL to query',
    }),
    rows: option.int({ flag: '--rows <n>', default: 10_000, description: 'rows in the table' }),
    poolSize: option.int({
      flag: '--pool-size <n>',
      default: 10,
      usedBy: ['pooled'],
      description: 'connectionLimit',
    }),
    table: option.string({ hidden: true, description: 'the table made by the main thread' }),
  },
  open: async (options) => {
    const table = options.table ?? `poolbench_example_items_${process.pid}`;
    const admin = await mysql.createConnection(options.url);
    const owner = options.table === undefined;
    const drop = () => admin.query(`DROP TABLE IF EXISTS ${table}`);
    if (owner) {
      try {
        await admin.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)`);
        for (let first = 1; first <= options.rows; first += 1000) {
          const ids = Array.from({ length: Math.min(1000, options.rows - first + 1) }, (_, i) => first + i);
          await admin.query(`INSERT INTO ${table} (id, name) VALUES ?`, [
            ids.map((id) => [id, `item ${id}`]),
          ]);
        }
      } catch (err) {
        await drop();
        await admin.end();
        throw err;
      }
    }
    const [[row]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [{ version: string }[]];
    return {
      sql: `SELECT name FROM ${table} WHERE id = ?`,
      target: {
        description: 'MariaDB/MySQL',
        url: options.url,
        server: 'mariadb',
        serverVersion: row?.version,
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
        const connection = await mysql.createConnection(options.url);
        try {
          await connection.execute(session.sql, [1 + (iteration % options.rows)]);
        } finally {
          await connection.end();
        }
      },
    }),
    pooled: ({ session, options }) => {
      const pool = mysql.createPool({ uri: options.url, connectionLimit: options.poolSize });
      let created = 0;
      pool.on('connection', () => created++);
      return {
        op: async ({ iteration }) => {
          await pool.execute(session.sql, [1 + (iteration % options.rows)]);
        },
        gauges: () => ({ created }),
        teardown: () => pool.end(),
      };
    },
  },
});
