/** The roles a user may have; what each may do is decided by the server (src/server/access.ts). */
export const ROLES = ['admin', 'finance', 'editor', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Whether a text names a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
