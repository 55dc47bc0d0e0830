// A byte progress bar on a terminal (cli-progress); silent when stderr is not a TTY.
import cliProgress from 'cli-progress';

export interface Progress {
  update(bytes: number): void;
  stop(): void;
}

export function byteProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string, total: number): Progress {
  if (!stream.isTTY || total <= 0) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} MB | {eta_formatted} left`,
      stream: stream as NodeJS.WriteStream,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const mb = (n: number) => Math.round(n / 1048576);
  bar.start(mb(total), 0);
  return {
    update: (bytes) => bar.update(mb(bytes)),
    stop: () => bar.stop(),
  };
}
