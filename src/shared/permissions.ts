/**
 * What a role may do. A grant gives a user a role at a unit, reaching that unit only or that
 * unit and everything below it; each permission then applies within that reach.
 */
export const PERMISSIONS = [
  'units.read', 'units.write', 'units.restructure', 'unit_types.write',
  'members.read', 'members.read_sensitive', 'members.write',
  'statistics.read', 'audit.read', 'users.admin', 'imports.run',
  'inspections.read', 'inspections.write',
  'self.read', 'self.request_change',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** Profile fields shown only with members.read_sensitive; masked otherwise. */
export const SENSITIVE_MEMBER_FIELDS = ['citizenId', 'phone', 'residence', 'religion'] as const;
