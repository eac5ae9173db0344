import type { Sql } from '../../db/client.ts';

/**
 * Links an identity provider's subject to a user not linked yet; false when the user already
 * carries a subject (another provider account), so a second account cannot take the user over.
 */
export async function linkOidcSubject(sql: Sql, userId: number, subject: string): Promise<boolean> {
  const r = await sql.query(
    'UPDATE users SET oidc_subject = $2, version = version + 1 WHERE id = $1 AND oidc_subject IS NULL', [userId, subject]);
  return (r.rowCount ?? 0) === 1;
}
