// Opens the client's connections: TCP, then TLS over it, as two steps so each can be timed on its own
// (info.time('connect') and info.time('tls')). One Dialer per variant run; it counts what it opened, how many
// handshakes resumed a session, and what TLS was negotiated. undici gets these sockets through its `connect`
// hook, which replaces undici's own connector (and its session cache: resumption is ours to switch on or off).

import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import type { OpInfo } from '../../src/scenario/index.js';
import type { Endpoint } from './target.js';

export interface TlsSettings {
  /** ALPN protocols offered, in order of preference. */
  alpn: string[];
  /** Extra CA to trust (the in-process server's self-signed certificate); absent = the system store. */
  ca?: string;
  /** Verify the certificate chain and host name; false only with --insecure. */
  verify: boolean;
  /** Offer the session ticket last received (TLS session resumption), as undici's own connector does. */
  resume: boolean;
}

export interface TlsFacts {
  tlsVersion: string;
  tlsCipher: string;
  alpn: string;
  tlsKeyExchange: string;
}

export interface DialCounts {
  /** Connections opened (TCP connects that succeeded). */
  opened: number;
  fullHandshakes: number;
  resumedHandshakes: number;
}

export const CONNECT_TIMEOUT_MS = 10_000;

type Step = OpInfo['time'];
const untimed: Step = (_step, fn) => fn();
const ignore = () => {};

export class Dialer {
  readonly counts: DialCounts = { opened: 0, fullHandshakes: 0, resumedHandshakes: 0 };
  /** Connections open right now. */
  open = 0;
  facts: TlsFacts | undefined;
  private session: Buffer | undefined;
  // Made once, as a well-built client does: a context per connection (what passing `ca` to every
  // tls.connect does, undici's own connector included) costs ~0.5 ms of CPU each, which is not handshake.
  private readonly context: tls.SecureContext | undefined;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly tlsSettings: TlsSettings | undefined,
  ) {
    if (tlsSettings) this.context = tls.createSecureContext(tlsSettings.ca ? { ca: tlsSettings.ca } : {});
  }

  /** A connected (and, for https, handshaken) socket; `time` splits the cost into connect and tls steps. */
  async dial(time: Step = untimed): Promise<Socket> {
    const tcp = await time('connect', () => this.connectTcp());
    const settings = this.tlsSettings;
    const socket = settings ? await time('tls', () => this.handshake(tcp, settings)) : tcp;
    // Counted on the outermost socket: a TLS socket takes over the TCP socket's handle.
    this.open++;
    socket.once('close', () => this.open--);
    return socket;
  }

  /** The same dialing as undici's `connect` option, for clients and pools that open connections themselves. */
  readonly connector: buildConnector.connector = (_options, callback) => {
    this.dial().then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err, null),
    );
  };

  private connectTcp(): Promise<Socket> {
    const { host, port } = this.endpoint;
    return settle(net.connect({ host, port, noDelay: true, keepAlive: true }), 'connect', 'connect').then(
      (socket) => {
        this.counts.opened++;
        return socket;
      },
    );
  }

  private async handshake(socket: Socket, settings: TlsSettings): Promise<TLSSocket> {
    const { host, servername } = this.endpoint;
    const secure = tls.connect({
      socket,
      host,
      ...(servername ? { servername } : {}),
      secureContext: this.context,
      rejectUnauthorized: settings.verify,
      ALPNProtocols: settings.alpn,
      ...(settings.resume && this.session ? { session: this.session } : {}),
    });
    if (settings.resume) secure.on('session', (session: Buffer) => (this.session = session));
    try {
      await settle(secure, 'secureConnect', 'TLS handshake');
    } catch (err) {
      socket.destroy();
      throw err;
    }
    if (secure.isSessionReused()) this.counts.resumedHandshakes++;
    else this.counts.fullHandshakes++;
    this.facts ??= tlsFacts(secure);
    return secure;
  }
}

/** Resolves with the socket on `event`; rejects on its error, or when nothing happens within the timeout. */
function settle<S extends Socket>(socket: S, event: string, what: string): Promise<S> {
  // undici attaches its own listeners when it takes the socket; this one only keeps a late error (after
  // the promise settled, before undici took over) from crashing the process.
  socket.on('error', ignore);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = Object.assign(new Error(`${what} timed out after ${CONNECT_TIMEOUT_MS / 1000} s`), {
        code: 'ETIMEDOUT',
      });
      socket.destroy(err);
    }, CONNECT_TIMEOUT_MS);
    const onError = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    socket.once('error', onError);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

function tlsFacts(socket: TLSSocket): TlsFacts {
  const key = socket.getEphemeralKeyInfo();
  return {
    tlsVersion: socket.getProtocol() ?? 'unknown',
    tlsCipher: socket.getCipher().name,
    alpn: socket.alpnProtocol || 'none',
    tlsKeyExchange: key && 'name' in key && key.name ? String(key.name) : 'unknown',
  };
}

/** undici's `connect` hook for a client that must use one socket already open, and never reconnect. */
export function handOver(socket: Socket): buildConnector.connector {
  let given = false;
  return (_options, callback) => {
    // Asynchronously: undici's connect loop misses a callback made from inside it, and the request stalls.
    queueMicrotask(() => {
      if (given) return callback(new Error('a one-request client does not reconnect'), null);
      given = true;
      callback(null, socket);
    });
  };
}
