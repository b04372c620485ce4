// A file the user names on the command line (--sql-file, --body-file), read whole, or the one line that
// says why it cannot be, naming the flag.

import { readFileSync } from 'node:fs';

export function readUserFile(flag: string, path: string): { data: Buffer } | { problem: string } {
  try {
    return { data: readFileSync(path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable');
    return { problem: `${flag}: cannot read '${path}' (${why})` };
  }
}
