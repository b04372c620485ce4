#!/usr/bin/env node
// Entry point: loads .env, runs the program, and is the only place that turns errors into exit codes.

import { type Command, CommanderError } from 'commander';
import { config as loadDotenv } from 'dotenv';
// The CLI's composition root (src/api/ is the package's): the registry and the calibrations come up from
// scenarios/ here and are handed down (buildProgram, then each command); nothing below imports them, and
// worker threads import a scenario's own module by the ScenarioSource the registry recorded.
import { calibrations } from '../../scenarios/calibrations.js';
import { scenarios } from '../../scenarios/index.js';
import { ConfigError, errorMessage, TargetError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { packageVersion } from '../util/package-root.js';
import { redactText } from '../util/redact.js';
import { buildProgram } from './program.js';
import { type LoadedFiles, loadScenarioFiles, ScenarioFileError } from './scenario-files.js';

async function main(argv: string[]): Promise<ExitCode> {
  loadDotenv({ quiet: true });
  // `poolbench … | head`: a closed pipe is not a crash (during a run, signals.ts also stops it cleanly).
  const ignoreClosedPipe = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  };
  process.stdout.on('error', ignoreClosedPipe);
  process.stderr.on('error', ignoreClosedPipe);
  let code: ExitCode = EXIT.ok;
  let program: Command | undefined;
  try {
    // A scenario file's path stands where a scenario's name goes: load it first, so its options are flags.
    const build = (files?: LoadedFiles) =>
      buildProgram(
        [...scenarios, ...(files?.scenarios ?? [])],
        packageVersion(),
        (c) => {
          code = c;
        },
        files?.paths,
        calibrations,
      );
    const files = await loadScenarioFiles(argv, scenarios, (name) => valueFlags(build(), name));
    program = build(files);
    program.exitOverride();
    for (const sub of program.commands) sub.exitOverride();
    await program.parseAsync(files.argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version end in a CommanderError too; commander already printed the message.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`poolbench: ${redactText(p)}\n`);
      if (err instanceof ScenarioFileError || !program) return err.exitCode;
      const command = program.commands.find((c) => c.name() === argv[2])?.name();
      process.stderr.write(`Run 'poolbench ${command ? `${command} ` : ''}--help' for the options.\n`);
      return err.exitCode;
    }
    if (err instanceof TargetError) {
      process.stderr.write(`poolbench: ${redactText(err.message)}\n`);
      return err.exitCode;
    }
    process.stderr.write(`poolbench: unexpected error: ${redactText(errorMessage(err))}\n`);
    if (process.env.POOLBENCH_DEBUG) console.error(err);
    return EXIT.runFailed;
  }
}

/** The flags of one command that take a value, long and short. */
function valueFlags(program: Command, name: string): Set<string> {
  const options = program.commands.find((c) => c.name() === name)?.options ?? [];
  return new Set(
    options
      .filter((o) => o.required || o.optional)
      .flatMap((o) => [o.long, o.short])
      .filter((f) => f !== undefined),
  );
}

const code = await main(process.argv);
// Exit explicitly: a client library's lingering timer must not keep a finished benchmark alive.
process.exitCode = code;
setTimeout(() => process.exit(code), 50).unref();
