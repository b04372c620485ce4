// Turns what went wrong while reaching or preparing the target into one line a user can act on:
// what failed, which server (password hidden), what to do.

import { errorMessage, TargetError } from '../../../src/errors.js';
import { redactSecret, redactText } from '../../../src/util/redact.js';

/** Where the target came from and how to show it: enough to name it in an error. */
export interface TargetLabel {
  /** The URL with any password replaced by ***. */
  displayUrl: string;
  /** How the user chose it, for "fix ..." advice: '--pg-url', 'DATABASE_URL', 'the PG* variables'... */
  source: string;
  /** A password given outside the URL (PGPASSWORD), scrubbed from messages too. */
  secret?: string;
}

interface PgErrorFields {
  code?: string;
  message?: string;
}

export function errorCode(err: unknown): string | undefined {
  const code = (err as PgErrorFields | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Server and network messages, cleaned of anything secret. */
export function safeMessage(err: unknown, label: TargetLabel): string {
  return redactSecret(redactText(errorMessage(err)), label.secret);
}

const fix = (label: TargetLabel) => `fix ${label.source}`;

/** A failure to connect or authenticate, by its cause. */
export function connectError(err: unknown, label: TargetLabel): TargetError {
  const at = `PostgreSQL at ${label.displayUrl}`;
  const message = safeMessage(err, label);
  const code = errorCode(err);
  const line = (() => {
    switch (code) {
      case 'ECONNREFUSED':
        return `cannot connect to ${at}: connection refused: start the server (docker compose up -d postgres), ${fix(label)}, or unset it to use an embedded PostgreSQL`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `cannot connect to ${at}: host not found: ${fix(label)}`;
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `cannot connect to ${at}: ${message}: check the host and port, firewalls and that the server listens there (listen_addresses)`;
      case '28P01':
        return `authentication failed for ${at} (${message}): check the user and password in ${label.source}`;
      case '28000':
        return `${at} refused the login (${message}): check the user name, and that pg_hba.conf lets it connect from here`;
      case '3D000':
        return `${message} (${at}): create it (createdb) or name an existing database in ${label.source}`;
      case '53300':
        return `${at} has no free connection slot (${message}): close other clients or raise max_connections, then retry`;
      case '57P03':
        return `${at} is starting up or shutting down (${message}): retry in a moment`;
    }
    if (/SASL|password must be a string/i.test(message)) {
      return `authentication failed for ${at}: the server asks for a password and none was given: put it in ${label.source} or PGPASSWORD`;
    }
    if (/timeout/i.test(message)) {
      return `cannot connect to ${at}: no answer in time (${message}): check the host, port and firewalls`;
    }
    if (/self[- ]signed|certificate|SSL|TLS/i.test(message)) {
      return `TLS to ${at} failed (${message}): check sslmode in ${label.source}`;
    }
    return `cannot use ${at}: ${message}`;
  })();
  return new TargetError(line, { cause: err });
}
