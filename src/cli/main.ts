// The `amr` command line: every command takes --db (default ./data/amr.db, or AMR_DB).
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../server/config.js';
import { CliError, type CliIO } from './context.js';
import { importCommand, type ImportOptions } from './commands/import.js';
import { seedCommand, type SeedOptions } from './commands/seed.js';
import { serveCommand } from './commands/serve.js';
import { startCommand } from './commands/start.js';
import { syncCommand, tenantsAddCommand, verifyCommand, type SyncOptions, type TenantsAddOptions, type VerifyOptions } from './commands/sync.js';
import type { CommonOptions } from './context.js';
import { tenantsCommand } from './commands/tenants.js';
import { tokenCommand, type TokenOptions } from './commands/token.js';
import { registerAlertsCommands } from './commands/alerts.js';

const dbOption = () => new Option('--db <path>', 'SQLite database file (default ./data/amr.db, or AMR_DB)');
const hostOption = () => new Option('--host <host>', 'address to listen on (default 127.0.0.1, or AMR_HOST)');
const portOption = () => new Option('--port <port>', 'port to listen on (default 8080, or AMR_PORT)');
const readersOption = () =>
  new Option('--readers <n>', 'SQLite reader threads for Graph reads (default: the number of cores, or AMR_READERS); 0 or 1 reads on the main thread');
const tlsOptions = (c: Command) =>
  c
    .option('--tls-cert <file>', 'PEM certificate: serve https (or AMR_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key of the certificate (or AMR_TLS_KEY)');

function program(io: CliIO, setExit: (code: number) => void): Command {
  const cli = new Command('amr')
    .description('Authentication Methods Reports: Microsoft Entra authentication methods reports on a wire-compatible Graph API')
    .showHelpAfterError('(run `amr --help` for the commands)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });

  tlsOptions(
    cli
      .command('serve')
      .description('serve the Graph API and the admin API')
      .addOption(dbOption())
      .addOption(hostOption())
      .addOption(portOption())
      .addOption(readersOption()),
  )
    .option('--sync-every <duration>', 'also run `amr sync --all` in the background this often, e.g. 30m, 6h, 1d; at least 5m (or AMR_SYNC_EVERY)')
    .action((o: CommonOptions) => serveCommand(io, o));
  tlsOptions(
    cli
      .command('start')
      .description('seed a demo tenant if the database is empty, then serve (what `npm start` runs)')
      .addOption(dbOption())
      .addOption(hostOption())
      .addOption(portOption())
      .addOption(readersOption()),
  ).action((o: CommonOptions) => startCommand(io, o));
  cli
    .command('import')
    .description('import tenant snapshots and audit/sign-in log exports (.json, .ndjson, optionally .gz)')
    .argument('<files...>', 'snapshot or log files; the kind is detected per file')
    .addOption(dbOption())
    .option('--tenant <id>', 'tenant of log records that name none (snapshots name their own)')
    .option('--retention-days <n>', 'keep activity this many days (default 400, or AMR_RETENTION_DAYS)')
    .option(
      '--max-record-bytes <n>',
      'largest record read, in bytes: a snapshot user with its methods, a log record (default 1048576; a log line may hold 16 times this)',
    )
    .option('--max-record-elements <n>', 'most JSON values in one record: objects, arrays, strings, numbers (default 200000; a log line twice this)')
    .option('--max-depth <n>', 'deepest nesting of objects and arrays in one record (default 64)')
    .action(async (files: string[], o: ImportOptions) => setExit(await importCommand(io, files, o)));
  cli
    .command('seed')
    .description('write a deterministic synthetic demo tenant into the database, or to a snapshot file with --out')
    .addOption(dbOption())
    .option('--users <n>', 'number of users', '5000')
    .option('--seed <s>', 'seed: the same seed gives the same tenant', 'amr-demo')
    .option('--out <file>', 'write a snapshot file instead (.json, .ndjson; .gz compresses)')
    .option('--now <iso>', 'the capture time to write (default: now); pins the output byte for byte')
    .option('--no-activity', 'leave out the month of audit and sign-in activity (database only)')
    .option('--no-history', 'leave out the half year of past states for the Trends view (database only; left out above 50,000 users)')
    .action((o: SeedOptions) => seedCommand(io, o));
  cli
    .command('token')
    .description('print a dev-mode access token the server accepts (with no options: a Reports Reader with AuditLog.Read.All and Reports.Read.All)')
    .addOption(dbOption())
    .option('--tenant <id>', 'tenant id (tid); optional when the database holds one tenant')
    .option('--app', 'an app-only token: application permissions in roles, no user')
    .option('--user <upn>', 'a delegated token for this signed-in user (the default kind)')
    .option('--expires-in <seconds>', 'lifetime in seconds', '3600')
    .option('--scp <scopes>', 'delegated scopes, space- or comma-separated (default "AuditLog.Read.All Reports.Read.All")')
    .option('--roles <roles>', 'application permissions (roles claim), space- or comma-separated (default for --app: "AuditLog.Read.All Reports.Read.All")')
    .option('--wids <ids>', 'directory role template ids, comma-separated (default Reports Reader); "" for none')
    .option('--groups <ids>', 'group object ids for the groups claim, comma-separated (AMR_OPERATOR_GROUPS: the tenants overview)')
    .option('--claims <json>', 'a JSON object of claims to set or override last, e.g. \'{"aud":"api://other"}\'')
    .action((o: TokenOptions) => tokenCommand(io, o));
  cli
    .command('sync')
    .description(
      'read a tenant from Microsoft Entra through Microsoft Graph (app-only: AMR_SYNC_CLIENT_ID with AMR_SYNC_CLIENT_SECRET or AMR_SYNC_CERTIFICATE) and replace its state',
    )
    .addOption(dbOption())
    .option('--tenant <id>', 'the tenant id (GUID) or a verified domain to sync')
    .option('--all', 'sync every tenant with stored credentials (`amr tenants add`)')
    .option('--mode <mode>', "full (every user's methods; the default) or mirror (Entra's userRegistrationDetails only: very large tenants, no method details)")
    .option('--sspr-policy <file>', "a JSON file with the snapshot's passwordResetPolicy object (Graph has no API for it; inferred otherwise)")
    .option('--out <file>', 'also write the assembled snapshot to this file (NDJSON, as `amr import` reads)')
    .option('--full', 'a full pass even when an incremental one is possible')
    .addHelpText(
      'after',
      "\nEnvironment: AMR_SYNC_CLIENT_ID, AMR_SYNC_CLIENT_SECRET or AMR_SYNC_CERTIFICATE (PEM text or file),\nAMR_GRAPH_URL (default https://graph.microsoft.com), AMR_LOGIN_URL (default https://login.microsoftonline.com).\nExit 0 when the tenant's state was replaced; 1 otherwise (the previous state stays served).",
    )
    .action(async (o: SyncOptions) => setExit(await syncCommand(io, o)));
  cli
    .command('verify')
    .description("compare amr's answer for every user with Entra's userRegistrationDetails from the last sync")
    .addOption(dbOption())
    .requiredOption('--tenant <id>', 'the tenant id (GUID)')
    .option('--json', 'print the report as JSON')
    .action(async (o: VerifyOptions) => setExit(await verifyCommand(io, o)));
  const tenants = cli
    .command('tenants')
    .description('list the tenants in the database, with their last sync (`amr tenants add` stores sync credentials)')
    .addOption(dbOption())
    .action((o: CommonOptions) => tenantsCommand(io, o));
  tenants
    .command('add')
    .description('store how to sync a tenant: its app registration and where its secret or certificate is (never the secret itself)')
    .argument('<tenant>', 'the tenant id (GUID) or a verified domain')
    .addOption(dbOption())
    .requiredOption('--client-id <id>', 'the application (client) id of the app registration (its own, or a shared multi-tenant app)')
    .option('--secret-env <name>', 'the environment variable holding the client secret (default AMR_SYNC_CLIENT_SECRET)')
    .option('--certificate <file>', 'a PEM file with the private key and certificate, instead of a secret')
    .option('--sspr-policy <file>', "a JSON file with the tenant's passwordResetPolicy, used on every sync")
    .option('--mode <mode>', 'full (default) or mirror')
    // `--db` given after `add` is read by `tenants` (commander gives a parent's options to the parent).
    .action(async (id: string, o: TenantsAddOptions, command: Command) =>
      setExit(await tenantsAddCommand(io, id, { ...command.parent?.opts<CommonOptions>(), ...o })),
    );
  registerAlertsCommands(cli, io, dbOption);
  return cli;
}

/** Runs the CLI; sets process.exitCode rather than exiting, so servers keep running. */
export async function run(argv: readonly string[], io: CliIO = { env: process.env, out: process.stdout, err: process.stderr }): Promise<void> {
  let exit = 0;
  try {
    await program(io, (code) => {
      exit = code;
    }).parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      exit = err.exitCode;
    } else if (err instanceof CliError || err instanceof ConfigError) {
      io.err.write(`amr: ${err.message}\n`);
      exit = 1;
    } else {
      io.err.write(`amr: ${(err as Error).message ?? String(err)}\n`);
      exit = 1;
    }
  }
  if (exit !== 0) process.exitCode = exit;
}
