import { buildApp } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';

/** The real HTTP application on a test database; requests go through app.inject, no port. */
export function testApp(db: Database) {
  return buildApp({ db, logLevel: 'silent' });
}
