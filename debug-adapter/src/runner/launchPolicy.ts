// Turns the `wasi` launch configuration into the host's Policy. Pure: the process environment and
// the file-existence check are passed in.

import { basename, isAbsolute, resolve } from 'node:path';
import type { Policy } from '../wasi/api';

/** The launch attributes this file reads (a subset of the session's WasiLaunchArguments). */
export interface PolicyAttributes {
  readonly program: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly inheritEnv?: boolean;
  readonly preopens?: readonly { readonly host: string; readonly guest: string; readonly readonly?: boolean }[];
  readonly stdin?: string;
  readonly cwd?: string;
  readonly allow?: { readonly clock?: boolean; readonly random?: boolean; readonly sockets?: boolean; readonly exit?: boolean };
}

const DEFAULT_MAX_OPEN_FDS = 1024;

/** Resolves a launch-config path against `cwd` (absolute paths stay). */
export function resolveLaunchPath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

export function policyFromLaunch(attrs: PolicyAttributes, hostEnv: Readonly<Record<string, string | undefined>>, cwd: string): Policy {
  const env: Record<string, string> = {};
  if (attrs.inheritEnv) for (const [k, v] of Object.entries(hostEnv)) if (v !== undefined) env[k] = v;
  Object.assign(env, attrs.env ?? {});
  return {
    args: [basename(attrs.program), ...(attrs.args ?? [])],
    env,
    preopens: (attrs.preopens ?? []).map((p) => ({ host: resolveLaunchPath(p.host, cwd), guest: p.guest, readonly: p.readonly === true })),
    stdin: attrs.stdin ? { kind: 'file', path: resolveLaunchPath(attrs.stdin, cwd) } : { kind: 'none' },
    allow: {
      clock: attrs.allow?.clock ?? true,
      random: attrs.allow?.random ?? true,
      sockets: attrs.allow?.sockets ?? false,
      exit: attrs.allow?.exit ?? true,
    },
    limits: { maxOpenFds: DEFAULT_MAX_OPEN_FDS },
  };
}
