import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { migrate, migrationStatus } from '../server/db/migrate.ts';

export async function migrateCommand() {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(db);
    const status = await migrationStatus(db);
    console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
    console.log(`Schema version: ${status.version} (${db.engine})`);
  } finally {
    await db.close();
  }
}
