/**
 * Who may do what. Staff roles read the whole organization; each writes what
 * its job needs. A portal contact sees only its own account's quotes and
 * invoices, through the portal's routes and no others.
 */
export type StaffRole = 'admin' | 'billing' | 'account_manager' | 'read_only';
export type Role = StaffRole | 'portal_contact';

export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'billing', 'account_manager', 'read_only'];
export const ROLES: readonly Role[] = [...STAFF_ROLES, 'portal_contact'];

/**
 * What a route needs. `read`: any staff member. `renewals`: renewals, packs,
 * quotes, tasks, provisioning. `billing`: invoices, findings, imports,
 * pricing. `admin`: users, tokens, organization-wide policies. `portal`: a
 * portal contact, limited to its account.
 */
export type Access = 'read' | 'renewals' | 'billing' | 'admin' | 'portal';

/** The scopes an API token can carry (a portal contact cannot have tokens). */
export type Scope = Exclude<Access, 'portal'>;
export const SCOPES: readonly Scope[] = ['read', 'renewals', 'billing', 'admin'];

const GRANTS: Readonly<Record<Role, readonly Access[]>> = {
  admin: ['read', 'renewals', 'billing', 'admin'],
  billing: ['read', 'billing'],
  account_manager: ['read', 'renewals'],
  read_only: ['read'],
  portal_contact: ['portal'],
};

export function roleGrants(role: Role): readonly Access[] {
  return GRANTS[role];
}

/** A token acts with the scopes it was given, never beyond what its user's role allows today. */
export function effectiveGrants(role: Role, tokenScopes?: readonly Scope[]): readonly Access[] {
  const granted = GRANTS[role];
  return tokenScopes ? granted.filter((access) => (tokenScopes as readonly Access[]).includes(access)) : granted;
}

/** Scopes a user may put on a new token: those of its role. */
export function grantableScopes(role: Role): readonly Scope[] {
  return SCOPES.filter((scope) => GRANTS[role].includes(scope));
}
