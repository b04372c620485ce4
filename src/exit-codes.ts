// Every exit code poolbench ends with and what it means: the one table that the commands return from, the
// error classes carry and --help prints (k6's errext/exitcodes). Scripts rely on these: keep them stable.

export const EXIT_CODES = {
  ok: { code: 0, meaning: 'success' },
  runFailed: { code: 1, meaning: 'the run failed: a variant errored, or a target was unreachable' },
  usage: { code: 2, meaning: 'invalid usage or configuration' },
  regression: { code: 3, meaning: 'a regression was found (compare, run --baseline)' },
  interrupted: { code: 130, meaning: 'interrupted (Ctrl-C); what finished is saved' },
} as const;

type ExitName = keyof typeof EXIT_CODES;
export type ExitCode = (typeof EXIT_CODES)[ExitName]['code'];

/** The codes by name, as commands return them: `return EXIT.regression`. */
export const EXIT = Object.fromEntries(
  Object.entries(EXIT_CODES).map(([name, { code }]) => [name, code]),
) as { readonly [N in ExitName]: (typeof EXIT_CODES)[N]['code'] };

/** The table as the help of every command ends. */
export const EXIT_CODES_HELP = [
  '',
  'Exit codes:',
  ...Object.values(EXIT_CODES).map(({ code, meaning }) => `  ${String(code).padEnd(5)}${meaning}`),
].join('\n');
