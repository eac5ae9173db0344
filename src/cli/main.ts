import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../server/config.ts';
import { auditVerifyCommand } from './audit.ts';
import { migrateCommand } from './migrate.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number, 0 or more');
  return n;
};

const program = new Command()
  .name('partywork')
  .description('Party-building work of a party organization, from a province down to a cell.')
  .showHelpAfterError();

program
  .command('serve')
  .description('Run the web app and API (PGlite in DATA_DIR, or PostgreSQL at DATABASE_URL); migrates first and loads the demo province into an empty database')
  .action(serveCommand);

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(migrateCommand);

program
  .command('seed')
  .description('Load a generated demo province (deterministic for a given --seed)')
  .option('--members <n>', 'members to generate', positiveInt, 20_000)
  .option('--seed <n>', 'random seed; the same seed gives the same data', positiveInt, 1)
  .option('--force', 'load even when the database already holds units')
  .action(seedCommand);

program
  .command('audit')
  .description('Check the audit trail')
  .command('verify')
  .description('Walk the hash chain of the audit trail and name the first row that was changed or removed')
  .action(auditVerifyCommand);

try {
  loadConfig();
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
