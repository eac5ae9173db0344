import { join } from 'node:path';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { isEmpty, seedDemoProvince } from './db/seed/demo-province.ts';
import { failInterruptedJobs } from './modules/imports/imports.repository.ts';
import { removeOldFiles } from './modules/imports/imports.service.ts';
import { seedDemoUsers } from './modules/users/bootstrap.service.ts';
import { openAttachmentStore } from './storage/attachment-store.ts';

/** Opens the database, migrates it, loads the demo province into an empty one, and listens. */
export async function startServer(config: Config, say: (line: string) => void) {
  const started = Date.now();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(db);
  if (applied.length > 0) say(`Applied migrations: ${applied.join(', ')}`);
  if (config.demoMembers > 0 && (await isEmpty(db))) {
    say(`Empty database: loading the demo province with ${config.demoMembers} members…`);
    const t = Date.now();
    const summary = await seedDemoProvince({ db, members: config.demoMembers, seed: 1 });
    say(`Demo province loaded in ${((Date.now() - t) / 1000).toFixed(1)} s: ${summary.units} units, ${summary.members} members, ${summary.events} events.`);
    const users = await seedDemoUsers(db);
    say('Demo accounts (one per role; each temporary password is shown only now and must be changed at the first sign-in):');
    for (const u of users) say(`  ${u.username.padEnd(12)} ${u.password}   ${u.role} — ${u.unit}`);
    say('Lost one? npx partywork user reset-password --username NAME');
  }
  await db.pool.query('UPDATE roles SET requires_totp = (code = ANY($1))', [config.totpRequiredRoles]);
  const imports = { dir: join(config.dataDir, 'imports'), maxBytes: config.importMaxBytes, maxRows: config.importMaxRows };
  // An import cut off by the last stop applied nothing (its transaction died with it): say so,
  // and remove uploads older than a week.
  const interrupted = await failInterruptedJobs(db.pool, JSON.stringify({ code: 'import_interrupted', params: {} }));
  if (interrupted > 0) say(`Imports interrupted by the last stop, marked failed: ${interrupted}`);
  await removeOldFiles(db, imports, 7);
  const app = await buildApp({
    db, logLevel: config.logLevel, bodyLimit: config.bodyLimit, auth: config.auth, oidc: config.oidc, trustProxy: config.trustProxy,
    imports, attachments: { store: openAttachmentStore(config.attachments.store), maxBytes: config.attachments.maxBytes },
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  say(`partywork is running at ${url} on ${db.engine === 'pglite' ? `embedded PGlite (${config.dataDir})` : 'PostgreSQL'}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  say(`  Web app:           ${url}/  (sign in with one of the accounts above)`);
  say(`  API documentation: ${url}/api/docs`);
  say(`  Health:            ${url}/api/v1/health`);
  say(`  Sign in:           POST ${url}/api/v1/auth/sign-in {"username": "…", "password": "…"} (the docs page has a form for it)`);

  const shutdown = async () => {
    await app.close();
    await db.close();
  };
  return { app, db, url, shutdown };
}
