#!/usr/bin/env node
// Entry point: loads .env, runs the program, and is the only place that turns errors into exit codes.

import { CommanderError } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { calibrations } from '../../scenarios/calibrations.js';
import { scenarios } from '../../scenarios/index.js';
import { ConfigError, errorMessage, TargetError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { packageVersion } from '../util/package-root.js';
import { redactText } from '../util/redact.js';
import { buildProgram } from './program.js';

async function main(argv: string[]): Promise<ExitCode> {
  loadDotenv({ quiet: true });
  // `poolbench … | head`: a closed pipe is not a crash (during a run, signals.ts also stops it cleanly).
  const ignoreClosedPipe = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  };
  process.stdout.on('error', ignoreClosedPipe);
  process.stderr.on('error', ignoreClosedPipe);
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(
    scenarios,
    packageVersion(),
    (c) => {
      code = c;
    },
    calibrations,
  );
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version end in a CommanderError too; commander already printed the message.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`poolbench: ${redactText(p)}\n`);
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

const code = await main(process.argv);
// Exit explicitly: a client library's lingering timer must not keep a finished benchmark alive.
process.exitCode = code;
setTimeout(() => process.exit(code), 50).unref();
