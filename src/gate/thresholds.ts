// k6-style gate rules: `--fail-on "postgres-crud.pooled.throughputRatio < -10%"`.
// Grammar: <scenario>.<variant>[.<phase>].<metric> (<|>) <signed percent>%; `*` matches any scenario/variant/phase.
// The percent is the change of the metric from baseline to current: "< -10%" fails when it dropped by more
// than 10 %, "> +20%" when it rose by more than 20 %. Noise still applies: trial ranges must not overlap.

import {
  ABSOLUTE_METRICS,
  type MetricName,
  type MetricPoint,
  RATIO_METRICS,
  type Rule,
} from '../model/verdict.js';

const RULE = /^\s*([\w*-]+)\.([\w*-]+)(?:\.([\w*-]+))?\.(\w+)\s*([<>])\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$/;
const METRICS: readonly string[] = [...RATIO_METRICS, ...ABSOLUTE_METRICS];

export function parseRule(text: string): Rule | string {
  const m = RULE.exec(text);
  if (!m)
    return `--fail-on: cannot parse '${text}'; expected e.g. "postgres-crud.pooled.throughputRatio < -10%"`;
  const [, scenario, variant, phase, metric, op, percent] = m;
  if (!METRICS.includes(metric!))
    return `--fail-on: unknown metric '${metric}' in '${text}'; valid: ${METRICS.join(', ')}`;
  return {
    text: text.trim(),
    scenario: scenario!,
    variant: variant!,
    ...(phase ? { phase } : {}),
    metric: metric as MetricName,
    op: op as '<' | '>',
    percent: Number(percent),
  };
}

export function ruleMatches(rule: Rule, p: MetricPoint): boolean {
  const eq = (pattern: string | undefined, value: string | undefined) =>
    pattern === undefined || pattern === '*' || pattern === value;
  return (
    rule.metric === p.metric &&
    eq(rule.scenario, p.scenario) &&
    eq(rule.variant, p.variant) &&
    (rule.phase === undefined ? true : eq(rule.phase, p.phase))
  );
}

/** Whether a change (in %, signed) breaks the rule. */
export function ruleBroken(rule: Rule, changePercent: number): boolean {
  return rule.op === '<' ? changePercent < rule.percent : changePercent > rule.percent;
}
