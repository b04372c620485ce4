// --chaos kill-clients: halfway through a window, the server drops every connection of this run's variant.
// Connections are found by the name this run gave them (CLIENT SETNAME) and killed one by one by ID, so
// another user's clients on the same server are never touched (unlike CLIENT KILL TYPE normal).

import type { Redis } from 'ioredis';

interface ClientEntry {
  id: string;
  addr: string;
  name: string;
}

/** Parses CLIENT LIST ("id=7 addr=127.0.0.1:5000 ... name=x ..." per line). */
export function parseClientList(text: string): ClientEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const fields = new Map<string, string>();
      for (const pair of line.trim().split(' ')) {
        const eq = pair.indexOf('=');
        if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      return { id: fields.get('id') ?? '', addr: fields.get('addr') ?? '', name: fields.get('name') ?? '' };
    });
}

/** Kills every client named `name`; returns how many the server closed. */
export async function killClientsNamed(admin: Redis, name: string): Promise<number> {
  const list = String(await admin.client('LIST'));
  const victims = parseClientList(list).filter((c) => c.name === name && c.id !== '');
  let killed = 0;
  for (const victim of victims) {
    try {
      killed += Number(await admin.call('CLIENT', 'KILL', 'ID', victim.id));
    } catch {
      // A server without CLIENT KILL ID (old or partly compatible ones): the address names it as well.
      killed += Number(await admin.call('CLIENT', 'KILL', 'ADDR', victim.addr, 'SKIPME', 'yes'));
    }
  }
  return killed;
}
