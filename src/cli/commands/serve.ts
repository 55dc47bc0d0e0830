// `amr serve`: runs the API server until SIGTERM/SIGINT.
import { closeOnSignals, startServer } from '../../server/main.js';
import { configFor, type CliIO, type CommonOptions } from '../context.js';

export async function serveCommand(io: CliIO, options: CommonOptions): Promise<void> {
  const config = configFor(io, options);
  const server = await startServer(config);
  closeOnSignals(server, config.limits.shutdownTimeoutMs);
  io.err.write(`amr: serving ${server.url} (database ${config.db}); \`npx amr token\` prints an access token\n`);
  io.err.write(`amr: dashboard ${server.dashboardUrl}\n`);
}
