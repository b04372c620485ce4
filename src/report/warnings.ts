// One line per problem: a warning that several trials of the same variant and load point raised
// ("pooled c=50 trial 1: load generator saturated (event loop 97 % busy …)", then trial 2, trial 3) is shown
// once, with how many trials raised it and the range of its figures. Pure: result -> lines.

import { runPointKey } from '../analysis/run-point.js';
import { describeWindow } from '../driver/measure/run-result.js';
import type { RunResult, ScenarioResult } from '../model/result.js';
import { loadLabel } from './display.js';

const NUMBER = /\d+(?:\.\d+)?/g;

interface Group {
  first: RunResult;
  messages: string[];
}

/** The scenario's warnings as they are shown: per-trial ones grouped per variant, phase and load point,
 * in the order they were first raised; every other warning as it is. */
export function displayWarnings(s: ScenarioResult): string[] {
  const trials = new Map<string, number>();
  for (const r of s.runs) trials.set(runPointKey(r), (trials.get(runPointKey(r)) ?? 0) + 1);

  // A per-trial warning starts with its run's window ("pooled c=50 trial 2: "), as the driver wrote it.
  // The same text can come from several groups: swept options are not part of the window's name.
  const groupsOf = new Map<string, string[]>();
  const groups = new Map<string, Group>();
  for (const r of s.runs) {
    const prefix = `${describeWindow({ scenario: s.id, ...r })}: `;
    for (const w of r.warnings ?? []) {
      if (!w.startsWith(prefix)) continue;
      const message = w.slice(prefix.length);
      const key = `${runPointKey(r)}\u0000${message.replace(NUMBER, '#')}`;
      groupsOf.set(w, [...(groupsOf.get(w) ?? []), key]);
      const group = groups.get(key) ?? { first: r, messages: [] };
      group.messages.push(message);
      groups.set(key, group);
    }
  }

  const shown = new Set<string>();
  const lines: string[] = [];
  for (const w of s.warnings) {
    const keys = groupsOf.get(w);
    if (!keys) {
      lines.push(w);
      continue;
    }
    for (const key of keys) {
      if (shown.has(key)) continue;
      shown.add(key);
      const group = groups.get(key)!;
      const n = trials.get(runPointKey(group.first)) ?? group.messages.length;
      lines.push(
        `${windowName(group.first)}: ${trialCount(group.messages.length, n)}${merged(group.messages)}`,
      );
    }
  }
  return lines;
}

function windowName(r: RunResult): string {
  return [r.variant, r.phase, loadLabel(r)].filter(Boolean).join(' ');
}

/** "2 of 3 trials: "; nothing when only one trial ran. */
function trialCount(k: number, n: number): string {
  return n === 1 ? '' : `${k} of ${n} trials: `;
}

/** Messages that differ only in their figures, as one: each figure that varies becomes its range. */
function merged(messages: readonly string[]): string {
  const [first, ...rest] = messages;
  if (first === undefined) return '';
  if (rest.length === 0) return first;
  const figures = messages.map((m) => m.match(NUMBER) ?? []);
  let i = 0;
  return first.replace(NUMBER, (text) => {
    const values = figures.map((f) => f[i] ?? text);
    i++;
    const numbers = values.map(Number);
    const low = values[numbers.indexOf(Math.min(...numbers))]!;
    const high = values[numbers.indexOf(Math.max(...numbers))]!;
    return low === high ? text : `${low}–${high}`;
  });
}
