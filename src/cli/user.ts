import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { createAccount, resetPasswordByUsername } from '../server/modules/users/bootstrap.service.ts';

/** `partywork user add`: the first administrator of an installation, or any account, from the console. */
export async function userAddCommand(options: { username: string; name?: string; role: string; unit?: string; unitOnly?: boolean }) {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    let unitId: number | null = null;
    if (options.unit) {
      const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM units WHERE code = $1', [options.unit]);
      if (!rows[0]) {
        console.error(`No unit with the code ${options.unit}.`);
        process.exitCode = 1;
        return;
      }
      unitId = rows[0].id;
    }
    const { username, password } = await createAccount(db, {
      username: options.username.toLowerCase(), displayName: options.name ?? options.username, roleCode: options.role,
      unitId, includeSubtree: !options.unitOnly,
    });
    console.log(`Created ${username} (${options.role}${options.unit ? ` at ${options.unit}` : ', whole tree'}).`);
    console.log(`Temporary password, to be changed at the first sign-in: ${password}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

export async function userResetPasswordCommand(options: { username: string }) {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const password = await resetPasswordByUsername(db, options.username.toLowerCase());
    console.log(`New temporary password for ${options.username}, to be changed at the next sign-in: ${password}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}
