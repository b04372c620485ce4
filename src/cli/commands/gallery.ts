// `poolbench gallery <result.json...> --out docs/RESULTS.md`: re-renders each run's charts beside its
// result and writes one page that embeds them all (the docs gallery).

import { writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { ConfigError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { renderGallery } from '../../report/gallery.js';
import { writeReports } from '../output.js';
import { loadResult } from './report.js';

export function galleryCommand(files: string[], flags: { out?: string }): ExitCode {
  if (!flags.out) throw new ConfigError(['gallery: --out <page.md> is required']);
  const page = flags.out;
  const entries = files.map((file) => {
    const result = loadResult(file);
    writeReports(dirname(file), result, ['md', 'png']);
    return { dir: relative(dirname(page), dirname(file)) || '.', result };
  });
  writeFileSync(page, renderGallery(entries));
  process.stderr.write(`wrote ${page} (${entries.length} runs)\n`);
  return EXIT.ok;
}
