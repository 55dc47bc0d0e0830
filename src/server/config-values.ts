// The readers every part of the configuration shares: the environment, its error, numbers and lists.

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}=${raw} is not valid: expected a whole number from ${min} to ${max}.`);
  }
  return n;
}

export function list(env: Env, name: string): string[] | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  return raw.split(/[\s,]+/).filter((s) => s.length > 0);
}
