// One HTTP exchange, the same for every variant: GET the target path, time to first byte (headers) and the
// body read as their own steps, every body byte read. A 4xx/5xx answer is an error of kind HTTP_<status>.

import type { Dispatcher } from 'undici';
import type { OpInfo } from '../../src/scenario/index.js';
import type { Endpoint } from './target.js';

export class HttpStatusError extends Error {
  readonly code: string;
  constructor(readonly status: number) {
    super(`the server answered ${status}`);
    this.name = 'HttpStatusError';
    this.code = `HTTP_${status}`;
  }
}

export interface ExchangeCounts {
  /** Requests sent, retries included. */
  requests: number;
  retries: number;
  bodyBytes: number;
}

export const newExchangeCounts = (): ExchangeCounts => ({ requests: 0, retries: 0, bodyBytes: 0 });

export async function exchange(
  dispatcher: Dispatcher,
  endpoint: Endpoint,
  time: OpInfo['time'],
  counts: ExchangeCounts,
): Promise<{ status: number; headers: Dispatcher.ResponseData['headers'] }> {
  counts.requests++;
  const { statusCode, headers, body } = await time('ttfb', () =>
    dispatcher.request({ path: endpoint.path, method: 'GET', headers: endpoint.headers }),
  );
  await time('body', async () => {
    for await (const chunk of body) counts.bodyBytes += (chunk as Buffer).length;
  });
  if (statusCode >= 400) throw new HttpStatusError(statusCode);
  return { status: statusCode, headers };
}

/**
 * Runs `attempt`, again up to `retries` times when it failed for a connection reason (a dropped or reset
 * connection, a refused stream); an HTTP error status is an answer, never retried. Retries are counted.
 */
export async function withRetries<T>(
  retries: number,
  counts: ExchangeCounts,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= retries || err instanceof HttpStatusError) throw err;
      counts.retries++;
    }
  }
}
