import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { isEmpty, seedDemoProvince } from '../server/db/seed/demo-province.ts';

export async function seedCommand(options: { members: number; seed: number; force?: boolean }) {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    if (!options.force && !(await isEmpty(db))) {
      console.error('The database already holds units; use --force to add another demo province beside them.');
      process.exitCode = 1;
      return;
    }
    const started = Date.now();
    const summary = await seedDemoProvince({ db, members: options.members, seed: options.seed });
    console.log(`Loaded ${summary.units} units, ${summary.members} members and ${summary.events} events in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await db.close();
  }
}
