// `poolbench run ./bench/orders.scenario.ts`: a path where a scenario's name goes. The file is imported
// (TypeScript through tsx, no build step), its scenarios are located at their export so worker threads
// import them too, and the path on the command line is replaced by their ids. A broken file is one line
// naming it and what is wrong: a usage error, never a stack trace.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, errorMessage } from '../errors.js';
import { importModule } from '../scenario/import-module.js';
import { isScenario, locateScenario, type Scenario } from '../scenario/index.js';

/** What a scenario file's path looks like on the command line (a name never has a dot). */
const SCENARIO_FILE = /\.(?:[cm]?[jt]s|tsx)$/;
/** The commands that take scenarios as arguments. */
const TAKES_SCENARIOS = new Set(['run', 'list']);

/** A file that cannot give a scenario: the CLI prints its one line, with no hint to read --help. */
export class ScenarioFileError extends ConfigError {
  constructor(file: string, problem: string) {
    super([`${file}: ${problem}`]);
    this.name = 'ScenarioFileError';
  }
}

export interface LoadedFiles {
  /** The scenarios of the files given, in order; their ids replace the paths in `argv`. */
  scenarios: Scenario[];
  argv: string[];
  /** The path each file scenario was given as, by id (for --help and messages). */
  paths: Map<string, string>;
}

/** Loads the scenario files named in `run` or `list` arguments; other commands' arguments are left alone. */
export async function loadScenarioFiles(
  argv: readonly string[],
  builtIns: readonly Scenario[],
  /** The flags of a command that take a value (`--out x.js` names no scenario), by command name. */
  valueFlags: (command: string) => ReadonlySet<string>,
  cwd = process.cwd(),
): Promise<LoadedFiles> {
  const command = argv.slice(2).find((a) => !a.startsWith('-'));
  const loaded: LoadedFiles = { scenarios: [], argv: [...argv], paths: new Map() };
  if (command === undefined || !TAKES_SCENARIOS.has(command)) return loaded;
  if (!argv.slice(2).some((a) => SCENARIO_FILE.test(a))) return loaded;
  const takesValue = valueFlags(command);
  loaded.argv = [];
  for (const [i, arg] of argv.entries()) {
    const isValue = takesValue.has(argv[i - 1] ?? '');
    if (i < 2 || isValue || arg.startsWith('-') || !SCENARIO_FILE.test(arg)) {
      loaded.argv.push(arg);
      continue;
    }
    const found = await loadScenarioFile(arg, cwd);
    for (const scenario of found) {
      const other = loaded.paths.get(scenario.id);
      const clash = builtIns.some((s) => s.id === scenario.id)
        ? 'a built-in scenario'
        : other && `in ${other}`;
      if (clash) {
        throw new ScenarioFileError(
          arg,
          `scenario id '${scenario.id}' is taken (${clash}): give it another id`,
        );
      }
      loaded.paths.set(scenario.id, arg);
      loaded.scenarios.push(scenario);
      loaded.argv.push(scenario.id);
    }
  }
  return loaded;
}

/** The scenarios one file exports (default first, then named exports), each located at its export. */
export async function loadScenarioFile(file: string, cwd = process.cwd()): Promise<Scenario[]> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new ScenarioFileError(file, 'no such file');
  if (!statSync(path).isFile()) throw new ScenarioFileError(file, 'is not a file');
  const url = pathToFileURL(path).href;
  let exports: Record<string, unknown>;
  try {
    exports = await importModule(url);
  } catch (err) {
    throw new ScenarioFileError(file, loadProblem(err));
  }
  const scenarios: Scenario[] = [];
  const seen = new Set<string>();
  const names = Object.keys(exports).sort((a, b) => Number(b === 'default') - Number(a === 'default'));
  for (const name of names) {
    const value = exports[name];
    for (const candidate of Array.isArray(value) ? value : [value]) {
      if (!isScenario(candidate) || seen.has(candidate.id)) continue;
      seen.add(candidate.id);
      scenarios.push(locateScenario(candidate, { url, export: name }));
    }
  }
  if (scenarios.length === 0) {
    throw new ScenarioFileError(
      file,
      'exports no scenario: write `export default defineScenario({ ... })` (defineScenario from poolbench)',
    );
  }
  return scenarios;
}

/** Why importing the file failed, in one line: a definition's problems, a syntax error and where, a missing import. */
function loadProblem(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: string; message?: string };
  const message = e.message ?? String(err);
  // defineScenario throws when the module loads; matched by name, as the file may import another copy of it
  if (e.name === 'ScenarioDefinitionError') return message;
  // TypeScript, through tsx's esbuild: "Transform failed with 1 error:\n<file>:4:0: ERROR: Expected ..."
  const transform = /:(\d+):\d+: ERROR: (.+)$/m.exec(message);
  if (transform) return `does not parse: ${transform[2]} (line ${transform[1]})`;
  if (e.name === 'SyntaxError') return `does not parse: ${firstLine(message)}`;
  return `cannot be loaded: ${firstLine(errorMessage(err))}`;
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? text;
