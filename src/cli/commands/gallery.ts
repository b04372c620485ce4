// `poolbench gallery <result.json...> --out docs/RESULTS.md`: re-renders each run's report and charts beside
// its result and writes one page that embeds them all (the docs gallery).

import { writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { ConfigError } from '../../errors.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { renderGallery } from '../../report/formats/gallery.js';
import { parseFormats, writeExports } from '../output.js';
import { loadResult } from './report.js';

export function galleryCommand(files: string[], flags: { out?: string; format?: string }): ExitCode {
  const problems: string[] = [];
  if (!flags.out) problems.push('gallery: --out <page.md> is required');
  const formats = parseFormats(flags.format, problems);
  // The page links each run's report.md and embeds its charts: both must be written.
  if (flags.format !== undefined && !(formats.includes('md') && formats.includes('png')))
    problems.push(`--format: the gallery links each run's report.md and its charts: include md and png`);
  if (problems.length > 0 || !flags.out) throw new ConfigError(problems);
  const page = flags.out;
  const entries = files.map((file) => {
    const result = loadResult(file);
    writeExports(dirname(file), result, formats);
    return { dir: relative(dirname(page), dirname(file)) || '.', result };
  });
  writeFileSync(page, renderGallery(entries));
  process.stderr.write(`wrote ${page} (${entries.length} runs)\n`);
  return EXIT.ok;
}
