// The commander program: commands, flags and help. Actions return an exit code; main() exits.

import { Command } from 'commander';
import type { ScenarioCalibration } from '../calibrate/spec.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import { describeFormats, FORMATS } from '../report/exporters.js';
import type { Scenario } from '../scenario/index.js';
import { CALIBRATE_DEFAULTS, type CalibrateFlags, calibrateCommand } from './commands/calibrate.js';
import { type CompareFlags, compareCommand } from './commands/compare.js';
import { galleryCommand } from './commands/gallery.js';
import { describeFiles, pickScenarios, renderList } from './commands/list.js';
import { mergeCommand } from './commands/merge.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { DEFAULT_FORMATS } from './output.js';
import { DEFAULTS, type RunFlags } from './run-config.js';
import { registerScenarioOptions } from './scenario-options.js';
import { registerSizeCommand } from './size-program.js';

export function buildProgram(
  registry: readonly Scenario[],
  version: string,
  setExit: (code: ExitCode) => void,
  /** The scenarios loaded from files, by id: the path each was given as. */
  files: ReadonlyMap<string, string> = new Map(),
  calibrations: readonly ScenarioCalibration[] = [],
): Command {
  const program = new Command('poolbench')
    .description('What does connection pooling buy me, for this service, at this concurrency?')
    .version(version)
    .addHelpText('after', EXIT_CODES_HELP)
    .showSuggestionAfterError(true);

  program
    .command('list')
    .description('list scenarios and their variants')
    .argument('[scenario...]', "only these scenarios (names, or a scenario file's path)")
    .action((ids: string[]) => {
      process.stdout.write(`${renderList(pickScenarios(registry, ids))}\n`);
      setExit(EXIT.ok);
    });

  const run = program
    .command('run')
    .description('run scenarios, pooled vs unpooled, and write result.json, report.md and charts')
    .argument(
      '<scenario...>',
      `scenarios to run (${builtInIds(registry, files).join(', ')}), or a scenario file's path (./orders.scenario.ts)`,
    )
    .option('--variants <list>', "variants to run (default: all of each scenario's)")
    .option(
      '-c, --concurrency <list>',
      'concurrent workers; several values = a sweep (default: per scenario); with --rate: the clients each variant sets up (its pool size), ops in flight follow the rate',
    )
    .option(
      '-d, --duration <time>',
      `measured time per run, e.g. 10s, 500ms (default ${DEFAULTS.durationMs / 1000}s)`,
    )
    .option('-n, --ops <count>', 'measured ops per run instead of a duration')
    .option(
      '--warmup <time>',
      `warm-up per run, excluded from results (default ${DEFAULTS.warmupMs / 1000}s)`,
    )
    .option('--trials <n>', `trials per variant, interleaved (default ${DEFAULTS.trials})`)
    .option(
      '--rate <list>',
      'fixed-rate (open-loop) load in ops/s, coordinated-omission corrected; several = a sweep',
    )
    .option('--arrival <kind>', 'fixed-rate arrivals: uniform or poisson (default uniform)')
    .option(
      '--max-in-flight <n>',
      `fixed-rate: ops due beyond this many in flight are dropped and counted (default ${DEFAULTS.maxInFlight})`,
    )
    .option(
      '--sweep <name=list>',
      'sweep a dimension as a grid: concurrency=1,10,50 or a numeric option, pool-size=5,10 (repeatable)',
      collect,
      [],
    )
    .option('--workers <n>', 'split the load over n worker threads (one Node thread drives about one core)')
    .option('--shard <i/n>', 'run shard i of n (0-based): this process takes 1/n of the concurrency and rate')
    .option(
      '--start-at <time>',
      'wait until this ISO time (or +10s) before measuring, so shards start together',
    )

    .option(
      '--micro-time <time>',
      `time per micro-benchmark task, 0 to skip (default ${DEFAULTS.microTimeMs}ms)`,
    )
    .option('--no-experiments', "skip the scenarios' one-shot experiments (e.g. worker start-up)")
    .option('--out <dir>', 'output folder (default reports/<timestamp>-<scenarios>/)')
    .option('--format <list>', formatsHelp('; result.json is always written'))
    .option('-q, --quiet', 'print nothing but errors and the files written')
    .option('--dry-run', 'validate the options, print the plan, measure nothing')

    .option('--baseline <result.json>', 'compare against this result after the run (exit 3 on a regression)')
    .option('--threshold <percent>', 'with --baseline: smallest change that counts, in % (default 10)')
    .option('--absolute', 'with --baseline: also gate absolute figures')
    .option(
      '--fail-on <rule>',
      'with --baseline: a rule such as "redis.shared.p99 > +20%" (repeatable)',
      collect,
      [],
    )
    .option('--verdict-out <file>', 'with --baseline: also write the Markdown verdict to this file')
    .option('--allow-other-target', 'with --baseline: compare although a target kind or version differs')
    .option('--allow-other-machine', 'with --baseline: compare although the machine class differs')

    .option(
      '--calibrate',
      'also run a bare loop with the same client library at each concurrency, so the report shows what the harness costs (http1, redis, postgres-crud)',
    )
    .action(async (ids: string[], flags: RunFlags) =>
      setExit(await runCommand(ids, flags, registry, calibrations)),
    );
  registerScenarioOptions(run, registry, files);
  if (files.size > 0) run.addHelpText('after', describeFiles(registry, files));
  registerSizeCommand(program, registry, setExit);

  const calibrate = program
    .command('calibrate')
    .description(
      'does poolbench measure the target or itself? its variants against a bare loop with the same library and the native tool (wrk, redis-benchmark, pgbench), interleaved, same target',
    )
    .argument(
      '[scenario...]',
      `scenarios to calibrate (default all: ${calibrations.map((c) => c.scenario).join(', ')})`,
    )
    .option(
      '-d, --duration <time>',
      `time per measurement (default ${CALIBRATE_DEFAULTS.durationMs / 1000}s)`,
    )
    .option('--warmup <time>', `warm-up before each (default ${CALIBRATE_DEFAULTS.warmupMs / 1000}s)`)
    .option('--rounds <n>', `interleaved rounds (default ${CALIBRATE_DEFAULTS.rounds})`)
    .option('-c, --concurrency <n>', "one concurrency for every workload (default: each workload's own)")
    .option('--out <dir>', 'output folder (default reports/<timestamp>-calibrate-<scenarios>/)')
    .option('-q, --quiet', 'print only the table and the files written')
    .action(async (ids: string[], flags: CalibrateFlags) =>
      setExit(await calibrateCommand(ids, flags, registry, calibrations)),
    );
  registerScenarioOptions(calibrate, registry);

  program
    .command('compare')
    .description('the regression gate: compare two result files (exit 3 on a regression)')
    .argument('<baseline.json>', 'the reference result')
    .argument('<current.json>', 'the result to judge')
    .option('--threshold <percent>', 'smallest change that counts, in % (default 10)')
    .option('--absolute', 'also gate absolute throughput/p50/p99 (same machine class only)')
    .option('--fail-on <rule>', 'a rule such as "redis.shared.p99 > +20%" (repeatable)', collect, [])
    .option('--config <file>', 'JSON file with {threshold, absolute, failOn: [...]}')
    .option('--json', 'print the verdict as JSON instead of Markdown')
    .option('--out <file>', 'also write the Markdown verdict to this file')
    .option('--allow-other-target', 'compare although a scenario ran against another target kind or version')
    .option('--allow-other-machine', 'compare although the runs come from different machine classes')
    .action((b: string, c: string, flags: CompareFlags) => setExit(compareCommand(b, c, flags)));

  program
    .command('merge')
    .description(
      'merge shard results (--shard i/n) into one: counts summed, percentiles from merged histograms',
    )
    .argument('<result.json...>', 'result files of the shards')
    .option('--out <dir>', 'output folder for the merged result and its reports (required)')
    .option('--format <list>', formatsHelp('; result.json is always written'))
    .action((files: string[], flags: { out?: string; format?: string }) =>
      setExit(mergeCommand(files, flags)),
    );

  program
    .command('gallery')
    .description('re-render saved runs and write one Markdown page embedding their charts (docs)')
    .argument('<result.json...>', 'result files, each in its own folder')
    .option('--out <page.md>', 'the page to write (required), e.g. docs/RESULTS.md')
    .option('--format <list>', formatsHelp('; md and png are needed for the page'))
    .action((files: string[], flags: { out?: string; format?: string }) =>
      setExit(galleryCommand(files, flags)),
    );

  program
    .command('report')

    .description('re-render a saved result.json without measuring')
    .argument('<result.json>', 'a result file written by `poolbench run`')
    .option('--out <dir>', 'output folder (default: the result file’s folder)')
    .option('--format <list>', formatsHelp())
    .action((file: string, flags: { out?: string; format?: string }) => setExit(reportCommand(file, flags)));

  // Every command's help ends with the one table of exit codes, and lists the formats where it writes them.
  for (const command of program.commands) {
    if (command.options.some((o) => o.long === '--format'))
      command.addHelpText('after', `\nFormats:\n${describeFormats('  ')}`);
    command.addHelpText('after', EXIT_CODES_HELP);
  }
  return program;
}

function formatsHelp(note = ''): string {
  return `output formats: ${FORMATS.join(',')} (default ${DEFAULT_FORMATS.join(',')}${note})`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function builtInIds(registry: readonly Scenario[], files: ReadonlyMap<string, string>): string[] {
  return registry.filter((s) => !files.has(s.id)).map((s) => s.id);
}
