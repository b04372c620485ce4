// Keys a killed run left under poolbench:. Every run marks its key space with an owner key,
// `poolbench:<runid>:owner`, naming its process (pid space, pid and start time, see src/util/owner.ts),
// removed with the rest of its keys at the end. A run removes the keys of every run whose process is gone,
// or that started more than a day ago; it never touches a prefix without an owner key.

import type { Redis } from 'ioredis';
import { ownerGone, parseOwner, thisProcess } from '../../src/util/owner.js';
import { deleteKeys, scanKeys } from './workload.js';

const OWNER = 'owner';
const OWNER_KEY = /^poolbench:[0-9a-f]+:owner$/;

function readOwner(text: string | null) {
  try {
    return text ? parseOwner(JSON.parse(text)) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes this run's owner key under `prefix` ('poolbench:<runid>:'), removes abandoned runs' keys; one line each. */
export async function markRun(admin: Redis, prefix: string): Promise<string[]> {
  const own = `${prefix}${OWNER}`;
  await admin.set(own, JSON.stringify(thisProcess()));
  const owners: string[] = [];
  await scanKeys(admin, `poolbench:*:${OWNER}`, (keys) => {
    owners.push(...keys.filter((k) => OWNER_KEY.test(k) && k !== own));
  });
  const removed: string[] = [];
  for (const key of owners) {
    const owner = readOwner(await admin.get(key));
    const why = owner && ownerGone(owner);
    if (!why) continue;
    const runPrefix = key.slice(0, -OWNER.length);
    // The owner key goes too, and is not counted.
    const count = (await deleteKeys(admin, runPrefix)) - 1;
    removed.push(
      `removed ${count} keys under ${runPrefix}, left by a poolbench run that did not finish: ${why}`,
    );
  }
  return removed;
}
