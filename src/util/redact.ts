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
