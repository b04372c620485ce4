// The installed version of a client library, for the result: which pg, postgres.js, ioredis or node-redis
// was measured. Read from the package's own package.json next to its entry point (some packages do not
// export ./package.json).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

export function libraryVersion(name: string): string {
  const known = cache.get(name);
  if (known) return known;
  let version = 'unknown';
  try {
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 5; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === name && pkg.version) {
          version = pkg.version;
          break;
        }
      } catch {
        // no package.json here: look one folder up
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed
  }
  cache.set(name, version);
  return version;
}
