import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../server/config.ts';
import { isoDate } from '../shared/schemas/common.ts';
import { auditVerifyCommand } from './audit.ts';
import { benchCommand } from './bench.ts';
import { benchExportCommand } from './bench-export.ts';
import { benchImportCommand } from './bench-import.ts';
import { benchRestructureCommand } from './bench-restructure.ts';
import { exportMembersCommand, exportStatisticsCommand } from './export.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';
import { statsRebuildCommand, statsVerifyCommand } from './stats.ts';
import { userAddCommand, userResetPasswordCommand } from './user.ts';

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number, 0 or more');
  return n;
};

/** Repeatable options: each value checked as it comes. */
const collect = (check: (value: string) => string) => (value: string, previous: string[] = []) => [...previous, check(value)];
const calendarDate = (value: string) => {
  if (!isoDate.safeParse(value).success) throw new InvalidArgumentError('must be a calendar date, YYYY-MM-DD');
  return value;
};
const unitPath = (value: string) => {
  if (!/^([0-9]+\.){1,2}$/.test(value)) throw new InvalidArgumentError('must be the path of the nation or a province, such as 1. or 1.7.');
  return value;
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

const stats = program
  .command('stats')
  .description('Check or rebuild the counts kept for the nation and the provinces');
stats
  .command('verify')
  .description('Compare the kept counts with a recount of the membership spans, unit versions and events; exit 1 and the differences if any')
  .option('--date <date>', 'a date to compare (YYYY-MM-DD; repeatable; default today and the last day of each of the ten years before)', collect(calendarDate))
  .option('--node <path>', 'the path of a counted unit to compare, such as 1.7. (repeatable; default every counted unit)', collect(unitPath))
  .action(statsVerifyCommand);
stats
  .command('rebuild')
  .description('Recompute the kept counts from the membership spans, unit versions and events, in one transaction')
  .action(statsRebuildCommand);

program
  .command('bench')
  .description('Generate a deterministic dataset (a nation, a province or a tiny one), load it with COPY, run the scenarios through a real server and directly on the database, and write the figures next to their targets')
  .addOption(new Option('--engine <engine>', 'database engine').choices(['postgres', 'pglite']).default('postgres'))
  .addOption(new Option('--scale <scale>', 'nation (5.6 M members), province (400,000) or tiny').choices(['nation', 'province', 'tiny']).default('province'))
  .option('--seed <n>', 'random seed; the same seed gives the same data', positiveInt, 1)
  .option('--database-url <url>', 'PostgreSQL: the bench database, dropped and created anew (named partywork_bench_*; another name picks partywork_bench_<scale> on that server)')
  .option('--data-dir <dir>', 'PGlite: the data directory, removed and created anew (default: in the temporary directory)')
  .option('--out <file>', 'the report to write (its section for this engine and scale)', 'docs/benchmarks.md')
  .option('--keep', 'reuse the dataset already generated for this scale and seed')
  .action(benchCommand);

program
  .command('import')
  .argument('<file>', 'a CSV or XLSX file')
  .description('Import members or units from a CSV or XLSX file, as a user (--user) or as the owner within --unit: check it (--dry-run) or apply it; each apply is audited')
  .requiredOption('--unit <code>', 'the unit the file belongs to: unit paths are read from it, rows naming no cell go to it')
  .addOption(new Option('--kind <kind>', 'what the rows are').choices(['members', 'units']).default('members'))
  .option('--mapping <file-or-name>', 'a JSON file {"header": "field"} or the name of a saved mapping (default: suggested from the header)')
  .addOption(new Option('--mode <mode>', 'all: nothing is written if any row is refused; valid: the valid rows are written').choices(['all', 'valid']).default('all'))
  .option('--dry-run', 'check only: counts and errors, nothing written')
  .option('--errors <file>', 'write the refused rows with what is wrong to this file (.csv or .xlsx)')
  .option('--user <name>', 'run as this user: their grants and reach, as in the web app')
  .addOption(new Option('--lang <locale>', 'language of the messages and the error file (default: the user\'s, or vi)').choices(['vi', 'en', 'ru', 'ar', 'fa']))
  .action(importCommand);

const exporting = program
  .command('export')
  .description('Write a member list or a unit\'s statistics to a CSV or XLSX file, as a user (--user) or as the owner within --unit; each export is audited');
const exportOptions = (command: Command) => command
  .requiredOption('--out <file>', 'the file to write')
  .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).makeOptionMandatory())
  .option('--unit <code>', 'unit code: the unit and below (required without --user)')
  .option('--unit-only', 'the unit alone, not the units below it')
  .option('--user <name>', 'run as this user: their grants and reach, as in the web app')
  .option('--as-of <date>', 'as the tree and membership stood on this day (YYYY-MM-DD; default today)')
  .addOption(new Option('--labels <labels>', 'names: header and coded values in the language; codes: as stored').choices(['names', 'codes']))
  .addOption(new Option('--lang <locale>', 'language of the header and labels (default: the user\'s, or vi)').choices(['vi', 'en', 'ru', 'ar', 'fa']));
exportOptions(exporting.command('members').description('The member list with the filters of GET /members'))
  .option('--columns <list>', 'comma-separated columns (see docs/api.md); default all but the sensitive ones')
  .option('--q <text>', 'name (diacritics optional) or the start of a citizen ID or card number')
  .addOption(new Option('--status <status>', 'probationary or official').choices(['probationary', 'official']))
  .action(exportMembersCommand);
exportOptions(exporting.command('statistics').description('The breakdowns of a unit\'s statistics: a sheet each in XLSX, one long table in CSV'))
  .action(exportStatisticsCommand);

program
  .command('bench-export')
  .description('Measure a member export of --rows rows as CSV and XLSX through a real server on PostgreSQL (time, server memory); the dataset is a demo province grown in SQL')
  .option('--rows <n>', 'members active in the dataset, all exported', positiveInt, 1_000_000)
  .option('--database-url <url>', 'the bench database, dropped and created anew (named partywork_bench_*; default partywork_bench_export on DATABASE_URL\'s server)')
  .option('--keep', 'reuse the dataset when it has this many rows (as of today)')
  .option('--formats <list>', 'formats to measure', 'csv,xlsx')
  .action(benchExportCommand);

program
  .command('bench-import')
  .description('Measure a member import of --rows new members from CSV and XLSX through a real server on PostgreSQL (check and apply time, rows/s, server memory), then the same file again (all unchanged); writes its section of --out')
  .option('--rows <n>', 'new members in each generated file', positiveInt, 200_000)
  .option('--database-url <url>', 'the bench database, dropped and created anew (named partywork_bench_*; default partywork_bench_import on DATABASE_URL\'s server)')
  .option('--formats <list>', 'formats to measure', 'csv,xlsx')
  .option('--out <file>', 'the report whose Import section (between the bench-import markers) is replaced', 'docs/benchmarks.md')
  .option('--max-minutes <n>', 'stop (cancel) an import that has run this long; the run then counts as failed', positiveInt, 30)
  .action(benchImportCommand);

program
  .command('bench-restructure')
  .description('Measure applying a national reform (provinces merged, communes merged, the district level abolished) on PostgreSQL, with reads timed meanwhile; writes its section of --out')
  .option('--provinces <n>', 'provinces before the reform', positiveInt, 63)
  .option('--districts <n>', 'district committees per province', positiveInt, 11)
  .option('--communes <n>', 'commune committees per district', positiveInt, 15)
  .option('--cells <n>', 'cells per commune', positiveInt, 25)
  .option('--members-per-cell <n>', 'members per cell', positiveInt, 23)
  .option('--database-url <url>', 'the bench database, dropped and created anew (named partywork_bench_*; default partywork_bench_restructure on DATABASE_URL\'s server)')
  .option('--keep', 'reuse the dataset of an earlier run of the same shape')
  .option('--out <file>', 'the report whose Restructuring section (between the bench-restructure markers) is replaced', 'docs/benchmarks.md')
  .action(benchRestructureCommand);

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
