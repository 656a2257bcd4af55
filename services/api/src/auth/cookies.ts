/** Reads one cookie from a `Cookie` header (bounded: the header is at most fastify's header limit). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[\w-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export interface SessionCookieOptions {
  name: string;
  /** Adds `Secure` (behind TLS). */
  secure: boolean;
}

export function sessionCookie(options: SessionCookieOptions, value: string, maxAgeSeconds: number): string {
  return [
    `${options.name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(options: SessionCookieOptions): string {
  return sessionCookie(options, '', 0);
}
