// The machine a benchmark ran on, printed with every result.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

/**
 * CPU seconds of this process's main thread and of all its other threads (the SQLite writer
 * thread, V8's GC helpers, libuv's pool), from /proc; null where there is no /proc. Unlike wall
 * time, it hardly moves when other work shares the machine, so it tells which thread bounds a run.
 * `busiest` is the other thread that took the most (in an import, the SQLite writer thread: the
 * threads are not named).
 */
export function threadCpuSeconds(): { main: number; others: number; busiest: number } | null {
  try {
    const tick = 100; // USER_HZ on Linux
    let main = 0;
    let others = 0;
    let busiest = 0;
    for (const task of readdirSync('/proc/self/task')) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      } catch {
        continue; // the thread ended meanwhile
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / tick;
      if (Number(task) === process.pid) main += seconds;
      else {
        others += seconds;
        busiest = Math.max(busiest, seconds);
      }
    }
    return { main: Math.round(main * 100) / 100, others: Math.round(others * 100) / 100, busiest: Math.round(busiest * 100) / 100 };
  } catch {
    return null;
  }
}
