import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../server/config.ts';
import { auditVerifyCommand } from './audit.ts';
import { migrateCommand } from './migrate.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';
import { userAddCommand, userResetPasswordCommand } from './user.ts';

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

const user = program.command('user').description('Manage accounts from the console');
user
  .command('add')
  .description('Create an account with a role, at a unit (by code) or over the whole tree; prints a temporary password')
  .requiredOption('--username <name>', 'user name (lowercase letters, digits, . _ -)')
  .requiredOption('--role <code>', 'system_admin, organization_board, inspection_commission, cell_secretary, member or observer')
  .option('--unit <code>', 'unit code; without it the role reaches the whole tree')
  .option('--unit-only', 'reach the unit alone, not the units below it')
  .option('--name <display name>', 'name shown in the app')
  .action(userAddCommand);
user
  .command('reset-password')
  .description('Give an account a new temporary password and end its sessions')
  .requiredOption('--username <name>', 'user name')
  .action(userResetPasswordCommand);

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
