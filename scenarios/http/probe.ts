// One request before anything is measured, so a target that cannot be used fails at once with one line that
// names the cause (refused, not found, certificate, host name, not HTTP/2...) and what to do about it.

import { Client } from 'undici';
import { TargetError } from '../../src/errors.js';
import { redactText, redactUrl } from '../../src/util/redact.js';
import { CONNECT_TIMEOUT_MS, Dialer, handOver, type TlsFacts } from './dial.js';
import { exchange, HttpStatusError, newExchangeCounts } from './exchange.js';
import type { Endpoint } from './target.js';

export interface ProbeResult {
  status: number;
  server?: string;
  tls?: TlsFacts;
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

export async function probe(
  endpoint: Endpoint,
  trust: { ca?: string; verify: boolean } | undefined,
  wantH2: boolean,
): Promise<ProbeResult> {
  // Offer both protocols to an HTTP/2 target, so a server without h2 is told apart from one that fails.
  const alpn = wantH2 ? ['h2', 'http/1.1'] : ['http/1.1'];
  const dialer = new Dialer(endpoint, trust && { ...trust, alpn, resume: false });
  const url = redactUrl(endpoint.url.href);
  let client: Client | undefined;
  try {
    const socket = await dialer.dial();
    if (wantH2 && dialer.facts?.alpn !== 'h2') {
      socket.destroy();
      throw new TargetError(
        `${url} does not offer HTTP/2 (ALPN chose ${dialer.facts?.alpn ?? 'nothing'}): the http2 scenario needs a server that speaks h2 over TLS`,
      );
    }
    client = new Client(endpoint.origin, {
      connect: handOver(socket),
      allowH2: wantH2,
      headersTimeout: CONNECT_TIMEOUT_MS,
      bodyTimeout: CONNECT_TIMEOUT_MS,
    });
    const { status, headers } = await exchange(client, endpoint, (_s, fn) => fn(), newExchangeCounts());
    const server = headers.server;
    return {
      status,
      ...(typeof server === 'string' ? { server } : {}),
      ...(dialer.facts ? { tls: dialer.facts } : {}),
    };
  } catch (err) {
    throw explain(err, endpoint);
  } finally {
    await client?.destroy();
  }
}

/** The one line a user reads when the target cannot be used: what failed, where, what to do. */
export function explain(err: unknown, endpoint: Endpoint): TargetError {
  if (err instanceof TargetError) return err;
  const url = redactUrl(endpoint.url.href);
  const e = err as { code?: string; message?: string; reason?: string };
  const code = e.code ?? '';
  // OpenSSL messages run over several lines; its `reason` says the same in a few words.
  const detail = redactText(e.reason ?? e.message ?? String(err))
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const where = `${endpoint.host}:${endpoint.port}`;
  const say = (message: string) => new TargetError(message, { cause: err });
  if (err instanceof HttpStatusError)
    return say(
      err.hint
        ? `${url} answered HTTP ${err.status} to ${endpoint.method}, ${err.hint}: check --target and the request (--method, -H, --body), or add the status to --expect-status`
        : `${url} answered HTTP ${err.status} to ${endpoint.method}: point --target at a URL that answers 2xx, check the request (--method, -H, --body), or name the statuses that count as success with --expect-status`,
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return say(`cannot resolve the host of ${url} (${code}): check the host name in --target`);
  if (code === 'ECONNREFUSED')
    return say(`connection refused by ${where} (${url}): is the server running and listening there?`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return say(`${where} is unreachable (${code}) for ${url}: check the address and the network route`);
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return say(
      `no answer from ${url} within ${CONNECT_TIMEOUT_MS / 1000} s (${detail}): check the address and any firewall`,
    );
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return say(
      `TLS host name mismatch: the certificate of ${url} is not valid for '${endpoint.servername ?? endpoint.host}' (${detail}); use a name the certificate lists, or --insecure to skip verification`,
    );
  if (CERTIFICATE_CODES.has(code))
    return say(
      `TLS certificate of ${url} refused: ${detail} (${code}); trust its CA with NODE_EXTRA_CA_CERTS=<ca.pem>, or pass --insecure to skip verification`,
    );
  if (endpoint.tls && (code.startsWith('ERR_SSL') || code === 'EPROTO' || code === 'ECONNRESET'))
    return say(
      `TLS handshake with ${url} failed (${detail}): is it an HTTPS server? (for plain HTTP use the http1 scenario)`,
    );
  if (code.startsWith('HPE_') || code === 'UND_ERR_SOCKET' || code === 'ECONNRESET')
    return say(
      `${url} did not answer in HTTP/1.1 (${detail}): is it an HTTP server? (for TLS use the https scenario)`,
    );
  return say(`cannot use ${url}: ${detail}${code ? ` (${code})` : ''}`);
}
