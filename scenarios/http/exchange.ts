// One HTTP exchange, the same for every variant: the endpoint's request (GET the target path, or what
// --method, -H, --body shape), time to first byte (headers) and the body read as their own steps, every body
// byte read. An answer outside --expect-status (by default, a 4xx/5xx) is an error of kind HTTP_<status>.

import type { Dispatcher } from 'undici';
import type { OpInfo } from '../../src/scenario/index.js';
import type { Endpoint } from './target.js';

export class HttpStatusError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  constructor(
    readonly status: number,
    expected?: readonly number[],
  ) {
    super(`the server answered ${status}`);
    this.name = 'HttpStatusError';
    this.code = `HTTP_${status}`;
    this.hint = expected ? `not one of --expect-status ${expected.join(',')}` : undefined;
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
    dispatcher.request({
      path: endpoint.path,
      method: endpoint.method as Dispatcher.HttpMethod,
      headers: endpoint.headers,
      ...(endpoint.body ? { body: endpoint.body } : {}),
    }),
  );
  await time('body', async () => {
    for await (const chunk of body) counts.bodyBytes += (chunk as Buffer).length;
  });
  const expected = endpoint.expect;
  if (expected ? !expected.includes(statusCode) : statusCode >= 400)
    throw new HttpStatusError(statusCode, expected);
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
