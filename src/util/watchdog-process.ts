// The watchdog process (see watchdog.ts): reads run folder paths from stdin, one a line; when stdin closes,
// waits for its poolbench process to be gone, then removes those folders that are still there, with the
// servers recorded in them. Its only argument is the pid of the poolbench process it watches.

import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeLeftover } from './leftovers.js';
import { ownerGone, processGone } from './owner.js';
import { readMarker } from './run-folder.js';

const parent = Number(process.argv[2]);
const folders = new Set<string>();

async function cleanUp(): Promise<void> {
  // The pipe closes while the parent exits; its exit handlers may still be stopping servers.
  while (!processGone(parent)) await sleep(20);
  for (const path of folders) {
    const marker = readMarker(path);
    if (marker?.owner.pid !== parent) continue;
    const why = ownerGone(marker.owner);
    if (why) await removeLeftover(path, marker, why).catch(() => undefined);
  }
}

if (Number.isInteger(parent) && parent > 0) {
  createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })
    .on('line', (line) => {
      if (line) folders.add(line);
    })
    .on('close', () => {
      void cleanUp().finally(() => process.exit(0));
    });
}
