// Runs a scenario's micro-benchmark tasks (e.g. net.connect-to-ready vs pool acquire+release) with tinybench.

import { Bench } from 'tinybench';
import { errorMessage } from '../../errors.js';
import type { MicroBenchmark } from '../../model/result.js';
import type { MicroTask } from '../../scenario/index.js';
import { redactText } from '../../util/redact.js';

export async function runMicrobenchmarks(
  tasks: readonly MicroTask[],
  timeMs: number,
  signal: AbortSignal,
): Promise<MicroBenchmark[]> {
  const out: MicroBenchmark[] = [];
  for (const task of tasks) {
    if (signal.aborted) break;
    // One Bench per task so a failing beforeAll cannot take the others down.
    // A signal of its own per Bench: tinybench adds listeners, and many tasks on one signal would leak them.
    const local = new AbortController();
    const forward = () => local.abort();
    signal.addEventListener('abort', forward, { once: true });
    const bench = new Bench({
      time: timeMs,
      warmupTime: Math.min(200, timeMs / 2),
      iterations: 10,
      signal: local.signal,
    });
    bench.add(task.name, task.fn, {
      ...(task.beforeAll ? { beforeAll: task.beforeAll } : {}),
      ...(task.afterAll ? { afterAll: task.afterAll } : {}),
    });
    try {
      await bench.run();
      const result = bench.tasks[0]?.result;
      if (!result || !('latency' in result)) {
        out.push(
          failed(task.name, result && 'error' in result ? errorMessage(result.error) : 'did not complete'),
        );
        continue;
      }
      out.push({
        name: task.name,
        nsPerOp: result.latency.mean * 1e6,
        // 1 / mean time, so the two columns agree (tinybench's mean of per-sample rates does not, when skewed)
        opsPerSec: 1000 / result.latency.mean,
        samples: result.latency.samplesCount,
        p99Ns: result.latency.p99 * 1e6,
      });
    } catch (err) {
      out.push(failed(task.name, errorMessage(err)));
    } finally {
      signal.removeEventListener('abort', forward);
    }
  }
  return out;
}

/** A task that did not produce figures keeps its row, saying why. */
function failed(name: string, error: string): MicroBenchmark {
  return { name, nsPerOp: 0, opsPerSec: 0, samples: 0, p99Ns: 0, error: redactText(error) };
}
