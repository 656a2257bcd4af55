/** Roles of tokens and users, each including the ones before it. */
export const ROLES = ['read', 'write', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAllows(held: string, required: Role): boolean {
  return isRole(held) && ROLES.indexOf(held) >= ROLES.indexOf(required);
}

/** Who made a request: a token (by name) or a signed-in user (by username). */
export interface Principal {
  kind: 'token' | 'user';
  name: string;
  role: Role;
  /** Sessions only: the value state-changing requests must echo in `x-csrf-token`. */
  csrfToken?: string;
  /** Sessions only: the hash of the session id (for sign-out). */
  sessionHash?: string;
}
