// Which OS account the embedded PostgreSQL runs as. PostgreSQL refuses to run as root; run as root (every
// bare container), poolbench starts it as an unprivileged account that already exists — `postgres` where a
// PostgreSQL package made one, else `nobody`, which every system has — with a data folder that account owns.
// No account is ever created. POOLBENCH_PG_OS_USER names another one.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TargetError } from '../../../src/errors.js';

const run = promisify(execFile);

export const OS_USER_VARIABLE = 'POOLBENCH_PG_OS_USER';
export const DEFAULT_OS_USERS = ['postgres', 'nobody'] as const;

export interface OsAccount {
  name: string;
  uid: number;
  gid: number;
  /** Why the server runs as this account: the one line a run shows. */
  why: string;
}

async function lookUp(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all(
      ['-u', '-g'].map(async (flag) => Number.parseInt((await run('id', [flag, name])).stdout, 10)),
    );
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid: uid!, gid: gid! } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The account to run the server as, or undefined to run it as ourselves (we are not root). `candidates`
 * are tried in order (tests pass their own to play a system without a `postgres` user).
 */
export async function serverAccount(
  candidates: readonly string[] = DEFAULT_OS_USERS,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OsAccount | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const chosen = env[OS_USER_VARIABLE];
  if (chosen) {
    const ids = await lookUp(chosen);
    if (!ids || ids.uid === 0) {
      throw new TargetError(
        `${OS_USER_VARIABLE}=${chosen}: ${ids ? 'that account is root, which PostgreSQL refuses' : 'no such OS user here'}; name an existing unprivileged account (e.g. nobody), or unset it`,
      );
    }
    return { name: chosen, ...ids, why: `chosen by ${OS_USER_VARIABLE}` };
  }
  for (const [i, name] of candidates.entries()) {
    const ids = await lookUp(name);
    if (!ids || ids.uid === 0) continue;
    const missing = candidates.slice(0, i).map((n) => `'${n}'`);
    const why = `PostgreSQL refuses to run as root${missing.length > 0 ? `, and there is no ${missing.join(' or ')} OS user` : ''}`;
    return { name, ...ids, why };
  }
  throw new TargetError(
    `cannot start the embedded PostgreSQL: poolbench runs as root, PostgreSQL refuses to, and there is no ${candidates.map((n) => `'${n}'`).join(' or ')} OS user to run it as: set ${OS_USER_VARIABLE} to an unprivileged account, run poolbench as another user, or point it at a server with --pg-url / DATABASE_URL`,
  );
}
