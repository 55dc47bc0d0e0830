// For black-box tests: the built CLI (`node bin/amr.js serve`) as its own process, on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, from dist/<folder>/ as from src/<folder>/. */
export const AMR = fileURLToPath(new URL('../../bin/amr.js', import.meta.url));

export interface BuiltServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** What the server has written to stderr so far. */
  readonly stderr: () => string;
}

/** Starts `amr serve --db DB --port 0 [args]` with AMR_LOG_LEVEL=warn and `env`; resolves once it says where it serves. */
export async function serveBuilt(
  db: string,
  options: { readonly args?: readonly string[]; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<BuiltServer> {
  const child = spawn(process.execPath, [AMR, 'serve', '--db', db, '--port', '0', ...(options.args ?? [])], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AMR_LOG_LEVEL: 'warn', ...options.env },
  });
  let seen = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /serving (https?:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${seen}`)));
  });
  return { url, process: child, stderr: () => seen };
}
