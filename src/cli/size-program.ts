// The `size` command's flags and help: the load flags it shares with `run`, and its own.

import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { Scenario } from '../scenario/index.js';
import { type SizeFlags, sizeCommand } from './commands/size.js';
import { DEFAULT_SIZES } from './commands/size-plan.js';
import { DEFAULTS } from './run-config.js';
import { registerScenarioOptions } from './scenario-options.js';

export function registerSizeCommand(
  program: Command,
  registry: readonly Scenario[],
  setExit: (code: ExitCode) => void,
): void {
  const size = program
    .command('size')
    .description(
      'how big should the pool be? sweep --pool-size and recommend one (knee, --slo, server limit)',
    )
    .argument('<scenario>', 'a scenario with a --pool-size option')
    .option(
      '--sizes <list>',
      `pool sizes to sweep (default ${DEFAULT_SIZES.join(',')}, capped by the server's limit)`,
    )
    .option(
      '--slo <objective>',
      'latency objective the size must meet, e.g. "p99<20ms" (p50, p95, p99, p999)',
    )
    .option('--instances <n>', 'application instances sharing the server: does n x the size fit its limit?')
    .option('--variants <list>', 'pooled variants to size (default: pooled)')
    .option('-c, --concurrency <n>', 'concurrent workers (default: the largest size, which saturates it)')
    .option('--rate <ops/s>', 'fixed-rate load instead of a closed loop')
    .option('--arrival <kind>', 'fixed-rate arrivals: uniform or poisson (default uniform)')
    .option('--max-in-flight <n>', `fixed-rate: most ops in flight (default ${DEFAULTS.maxInFlight})`)
    .option('-d, --duration <time>', `measured time per run (default ${DEFAULTS.durationMs / 1000}s)`)
    .option('-n, --ops <count>', 'measured ops per run instead of a duration')
    .option('--warmup <time>', `warm-up per run (default ${DEFAULTS.warmupMs / 1000}s)`)
    .option('--trials <n>', `trials per size, variants interleaved (default ${DEFAULTS.trials})`)
    .option('--out <dir>', 'output folder (default reports/<timestamp>-size-<scenario>/)')
    .option('--format <list>', 'output formats (default md,png; result.json is always written)')
    .option('-q, --quiet', 'print only the recommendation and the files written')
    .action(async (id: string, flags: SizeFlags) => setExit(await sizeCommand(id, flags, registry)));
  registerScenarioOptions(size, registry);
}
