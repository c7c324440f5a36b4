// Builds the host's Policy for `wasi-studio run` from the flags and an optional policy file.
// The file gives the base; flags add to it (--dir, --env) or override it (--allow/--deny, args).
// Pure apart from the existence checks of preopened directories, which are the caller's `isDirectory`.
import { basename, resolve } from 'node:path';
import type { Policy, Preopen } from '../wasi/api';
import { CliError } from './exitCodes';
import type { AllowSwitch, PolicyConfig } from './policyFile';
import type { RunOptions } from './runArgs';

export const DEFAULT_MAX_OPEN_FDS = 1024;

export interface RunPolicy {
  readonly policy: Policy;
  /** JSON Lines access log file, from --log or the policy file's `accessLog`. */
  readonly accessLog?: string;
}

export interface PolicyEnvironment {
  readonly cwd: string;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly isDirectory: (path: string) => boolean;
}

export function buildRunPolicy(options: RunOptions, file: PolicyConfig | undefined, envIn: PolicyEnvironment): RunPolicy {
  const env: Record<string, string> = {};
  if (options.inheritEnv || file?.inheritEnv === true) {
    for (const [k, v] of Object.entries(envIn.processEnv)) if (v !== undefined) env[k] = v;
  }
  Object.assign(env, file?.env ?? {});
  for (const [k, v] of options.env) env[k] = v;

  // A --dir for a guest path the file already preopens replaces the file's entry.
  const flagged: Preopen[] = options.dirs.map((d) => ({ host: resolve(envIn.cwd, d.host), guest: d.guest, readonly: d.readonly }));
  const guests = new Set(flagged.map((d) => d.guest));
  for (let i = 0; i < flagged.length; i++) {
    if (flagged.findIndex((d) => d.guest === flagged[i].guest) !== i) throw new CliError('usage', `guest path ${flagged[i].guest} is given to --dir twice`);
  }
  const preopens = [...(file?.preopens ?? []).filter((p) => !guests.has(p.guest)), ...flagged];
  for (const p of preopens) {
    if (!envIn.isDirectory(p.host)) throw new CliError('missingPreopen', `preopen directory ${p.host} does not exist or is not a directory`);
  }

  const allow: Record<AllowSwitch, boolean> = { clock: true, random: true, sockets: false, exit: true, ...(file?.allow ?? {}) };
  for (const s of options.allow) allow[s] = true;
  for (const s of options.deny) allow[s] = false;

  const stdinPath = options.stdin !== undefined ? resolve(envIn.cwd, options.stdin) : file?.stdin;
  const moduleArgs = options.moduleArgs.length > 0 || file?.args === undefined ? options.moduleArgs : file.args;
  const policy: Policy = {
    args: [basename(options.module), ...moduleArgs],
    env,
    preopens,
    stdin: stdinPath !== undefined ? { kind: 'file', path: stdinPath } : { kind: 'inherit' },
    allow,
    limits: {
      maxOpenFds: options.maxFds ?? DEFAULT_MAX_OPEN_FDS,
      ...(options.maxMemoryMb !== undefined ? { maxMemoryBytes: Math.floor(options.maxMemoryMb * 1024 * 1024) } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    },
    ...(options.deterministicSeed !== undefined ? { deterministic: { seed: options.deterministicSeed } } : {}),
  };
  const accessLog = options.log !== undefined ? resolve(envIn.cwd, options.log) : file?.accessLog;
  return { policy, ...(accessLog !== undefined ? { accessLog } : {}) };
}
