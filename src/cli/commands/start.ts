// `amr start` (what `npm start` runs): seeds the demo tenant into an empty database, serves,
// and prints the URL, a token and a curl line that works as printed.
import { redactUrl } from '../../store/open-store.js';
import { openStore } from '../../store/open-store.js';
import { closeOnSignals, startServer } from '../../server/main.js';
import { ensureSigningKey, mintDevToken } from '../../server/tokens.js';
import { configFor, type CliIO, type CommonOptions } from '../context.js';
import { seedDatabase } from './seed.js';

const DEMO_USERS = 5000;
const DEMO_TOKEN_SECONDS = 24 * 3600;

async function firstTenant(db: string): Promise<string | null> {
  const store = await openStore({ db });
  try {
    return (await store.listTenants())[0]?.tenantId ?? null;
  } finally {
    await store.close();
  }
}

export async function startCommand(io: CliIO, options: CommonOptions): Promise<void> {
  const config = configFor(io, options);
  let tenantId = await firstTenant(config.db);
  if (tenantId === null) {
    io.err.write(
      `amr: ${redactUrl(config.db)} is empty: seeding a demo tenant of ${DEMO_USERS.toLocaleString('en-US')} users and a month of their activity…\n`,
    );
    tenantId = (await seedDatabase(config.db, DEMO_USERS, 'amr-demo', new Date())).tenant.tenantId;
  }
  const server = await startServer(config, { quiet: true });
  closeOnSignals(server, config.limits.shutdownTimeoutMs);
  const token = await mintDevToken(await ensureSigningKey(server.store), { tenantId, expiresInSeconds: DEMO_TOKEN_SECONDS }, new Date());
  const url = `${server.url}/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=2`;
  io.out.write(
    [
      '',
      `amr is serving ${server.url}  (database ${redactUrl(config.db)}, tenant ${tenantId})`,
      '',
      config.auth.mode === 'dev' && server.dashboardUrl.includes('#signin=')
        ? `Dashboard: open ${server.dashboardUrl} and choose "Sign in to the demo" (the link carries this run's sign-in code).`
        : `Dashboard: open ${server.dashboardUrl} and paste a token.`,
      '',
      `A Reports Reader token for that tenant, valid 24 hours (\`npx amr token --db ${redactUrl(config.db)}\` prints a new one):`,
      '',
      token,
      '',
      'Try it:',
      '',
      `curl -s -H "Authorization: Bearer ${token}" '${url}'`,
      '',
      ...(config.metricsKey === null && server.localCode !== null
        ? [`Metrics (this run only; set AMR_METRICS_KEY to scrape): curl -H 'Authorization: Bearer ${server.localCode}' ${server.url}/metrics`, '']
        : []),
      'Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
}
