// `poolbench size` flags -> a validated plan: the run flags it shares with `run` (checked by parseRunConfig),
// and its own: --sizes, --slo, --instances. Every problem is reported at once, each naming its flag.

import { type Objective, parseObjective } from '../../analysis/pool-size.js';
import type { Load } from '../../driver/load/load-model.js';
import { ConfigError } from '../../errors.js';
import { longFlag, type OptionBag, type OptionSpec, type Scenario } from '../../scenario/index.js';
import { parseIntList } from '../../util/units.js';
import { parseRunConfig, type RunConfig, type RunFlags } from '../run-config.js';

export interface SizeFlags extends RunFlags {
  sizes?: string;
  slo?: string;
  instances?: string;
}

export interface SizePlan {
  config: RunConfig;
  scenario: Scenario;
  options: OptionBag;
  recordedOptions: Record<string, unknown>;
  window: { durationMs?: number; ops?: number };
  /** The swept option's key and flag ('poolSize', '--pool-size'). */
  key: string;
  flag: string;
  sizes: number[];
  variants: string[];
  concurrency: number;
  rate?: number;
  load: Load;
  objective?: Objective;
  instances?: number;
}

export const DEFAULT_SIZES = [1, 2, 4, 8, 16, 32, 64];
const POOL_FLAG = '--pool-size';

export function parseSizePlan(
  id: string,
  flags: SizeFlags,
  registry: readonly Scenario[],
  env: NodeJS.ProcessEnv,
): SizePlan {
  const problems: string[] = [];
  const { sizes: sizesText, slo, instances: instancesText, ...runFlags } = flags;
  let config: RunConfig | undefined;
  try {
    config = parseRunConfig([id], runFlags, registry, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  const scenario = registry.find((s) => s.id === id);
  const pool = scenario ? poolOption(scenario) : undefined;
  const sizable = registry.filter((s) => poolOption(s)).map((s) => s.id);
  if (scenario && !pool) {
    problems.push(
      `${id} has no ${POOL_FLAG} option to sweep; poolbench size works for ${sizable.join(', ')}`,
    );
  }
  if (flags[pool ? attributeOf(pool.spec) : ''] !== undefined) {
    problems.push(`${POOL_FLAG}: size sweeps it; give the sizes with --sizes (e.g. --sizes 1,2,4,8)`);
  }

  const sizes = sizesText === undefined ? DEFAULT_SIZES : parseIntList(sizesText);
  if (!sizes || sizes.length === 0 || sizes.some((n) => n < 1)) {
    problems.push(`--sizes: expected pool sizes >= 1 separated by commas (e.g. 1,2,4,8), got '${sizesText}'`);
  }
  const objective = slo === undefined ? undefined : parseObjective(slo);
  if (objective && 'problem' in objective) problems.push(objective.problem);
  const instances = instancesText === undefined ? undefined : Number(instancesText);
  if (instancesText !== undefined && !(/^\d+$/.test(instancesText.trim()) && instances! >= 1)) {
    problems.push(
      `--instances: expected the number of application instances sharing the server (>= 1), got '${instancesText}'`,
    );
  }

  const using = scenario && pool ? scenario.variantsUsing(pool.key) : [];
  const chosen = config?.plans[0]?.variants ?? (using.includes('pooled') ? ['pooled'] : [...using]);
  for (const v of chosen) {
    if (scenario && pool && !using.includes(v)) {
      problems.push(
        `--variants: ${v} has no pool to size; ${id}'s variants with ${POOL_FLAG}: ${using.join(', ')}`,
      );
    }
  }
  const load = config?.load;
  const rates = load?.kind === 'fixed-rate' ? load.rates : undefined;
  if ((load?.concurrency?.length ?? 0) > 1)
    problems.push('-c, --concurrency: size runs at one concurrency; give one value');
  if ((rates?.length ?? 0) > 1) problems.push('--rate: size runs at one rate; give one value');
  if (config && config.sweep.length > 0)
    problems.push('--sweep: size sweeps the pool size itself; drop --sweep');
  if (config && config.threads > 1)
    problems.push('--workers: size runs in one thread (each thread would have a pool of its own)');

  if (problems.length > 0 || !config || !load || !scenario || !pool || !sizes)
    throw new ConfigError(problems);
  const sorted = [...new Set(sizes)].sort((a, b) => a - b);
  const rate = rates?.[0];
  // Closed loop: as many workers as the largest pool has connections, so that it can be saturated.
  const concurrency = load.concurrency?.[0] ?? sorted[sorted.length - 1]!;
  const plan = config.plans[0]!;
  return {
    config,
    scenario,
    options: plan.options,
    recordedOptions: plan.recordedOptions,
    window: plan.window,
    key: pool.key,
    flag: POOL_FLAG,
    sizes: sorted,
    variants: chosen,
    concurrency,
    ...(rate !== undefined ? { rate } : {}),
    load: { ...load, concurrency: [concurrency] },
    ...(objective && !('problem' in objective) ? { objective } : {}),
    ...(instances !== undefined ? { instances } : {}),
  };
}

function poolOption(scenario: Scenario): { key: string; spec: OptionSpec } | undefined {
  for (const [key, spec] of Object.entries<OptionSpec>(scenario.options)) {
    if (spec.flag !== undefined && !spec.hidden && spec.kind === 'int' && longFlag(spec.flag) === POOL_FLAG) {
      return { key, spec };
    }
  }
  return undefined;
}

/** commander's attribute for a flag: --pool-size -> poolSize. */
function attributeOf(spec: OptionSpec): string {
  return longFlag(spec.flag ?? '')
    .slice(2)
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
