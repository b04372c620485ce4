// Passwords never appear in output: every URL that reaches a result, a report or an error goes through here.

const URL_WITH_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^:/?#@\s]*):([^@/?#\s]*)@/gi;

/** Replaces the password in a URL (`postgres://u:secret@h/db` -> `postgres://u:***@h/db`). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return redactText(url);
  }
}

/** Redacts every `scheme://user:password@` found in free text, e.g. an error message. */
export function redactText(text: string): string {
  return text.replace(URL_WITH_USERINFO, (_m, scheme: string, user: string, pass: string) =>
    pass ? `${scheme}${user}:***@` : `${scheme}${user}:@`,
  );
}

/** Redacts a known secret wherever it appears in text (for passwords given outside a URL). */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('***');
}

// Header names whose values are credentials: the standard ones, and any name that says so.
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|key|password/i;

/** Whether a header's value is a credential by its name (Authorization, Cookie, X-Api-Key, X-Auth-Token...). */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name.trim());
}

/** A header line as output shows it: `Authorization: Bearer abc` -> `Authorization: ***`; others as given. */
export function redactHeader(line: string): string {
  const colon = line.indexOf(':');
  if (colon >= 0) return isSecretHeader(line.slice(0, colon)) ? `${line.slice(0, colon)}: ***` : line;
  // A line missing its colon ('Authorization Bearer abc') still names a secret header by its first word.
  const [, name, rest] = /^\s*(\S+)(\s.*)?$/.exec(line) ?? [];
  return name && rest?.trim() && isSecretHeader(name) ? `${name} ***` : line;
}
