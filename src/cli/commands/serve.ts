// `amr serve`: runs the API server until SIGTERM/SIGINT.
import { redactUrl } from '../../store/open-store.js';
import { closeOnSignals, startServer } from '../../server/main.js';
import { formatDuration } from '../../util/duration.js';
import { configFor, type CliIO, type CommonOptions } from '../context.js';

export async function serveCommand(io: CliIO, options: CommonOptions): Promise<void> {
  const config = configFor(io, options);
  const server = await startServer(config, { syncEnv: io.env, ...(io.sync ? { sync: io.sync } : {}) });
  closeOnSignals(server, config.limits.shutdownTimeoutMs);
  io.err.write(`amr: serving ${server.url} (database ${redactUrl(config.db)}); \`npx amr token\` prints an access token\n`);
  io.err.write(`amr: dashboard ${server.dashboardUrl}\n`);
  if (config.syncEveryMs !== null) {
    io.err.write(
      `amr: syncing every tenant with credentials (\`amr tenants add\`) every ${formatDuration(config.syncEveryMs)}, starting now; /readyz shows each tenant's last sync\n`,
    );
  }
  if (config.metricsKey === null && server.localCode !== null) {
    io.err.write(`amr: metrics (this run only; set AMR_METRICS_KEY to scrape): curl -H 'Authorization: Bearer ${server.localCode}' ${server.url}/metrics\n`);
  }
}
