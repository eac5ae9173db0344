/** 'infinity' ends an open span in the database; the API says null. */
export function openEnd(date: string): string | null {
  return date === 'infinity' ? null : date;
}

/** Today's legal date in the platform's time zone (Vietnam, UTC+7). */
export function today(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** Opaque keyset cursor: the sort values of the last row of a page. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
  } catch {
    // fall through: an unreadable cursor is a client error
  }
  return null;
}

/** A LIKE pattern for values containing `text`: % and _ typed by a user are searched for, not wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
