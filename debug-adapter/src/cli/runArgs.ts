// Parses `wasi-studio run` flags into RunOptions. Pure: returns a value or a usage error message.
// Flags come before MODULE.wasm; everything after it belongs to the module.
import type { AllowSwitch } from './policyFile';
import { CAPABILITY_SWITCHES } from '../wasi/policy';
import { parseListen, type ListenSpec } from './sockets';

export interface DirFlag {
  readonly host: string;
  readonly guest: string;
  readonly readonly: boolean;
}

export interface RunOptions {
  readonly module: string;
  readonly moduleArgs: readonly string[];
  readonly dirs: readonly DirFlag[];
  readonly env: readonly [string, string][];
  readonly inheritEnv: boolean;
  readonly log?: string;
  readonly logDetail: boolean;
  readonly summary: boolean;
  readonly policyFile?: string;
  readonly timeoutMs?: number;
  readonly maxMemoryMb?: number;
  readonly maxFds?: number;
  readonly deterministicSeed?: number;
  readonly allow: readonly AllowSwitch[];
  readonly deny: readonly AllowSwitch[];
  readonly stdin?: string;
  readonly listen: readonly ListenSpec[];
}

export type ParseResult = { readonly ok: true; readonly options: RunOptions } | { readonly ok: false; readonly error: string };

/** Parses `--dir HOST[::GUEST][:ro]`; without `::GUEST` the module sees the directory under its host spelling. */
export function parseDirFlag(value: string): DirFlag | string {
  let spec = value;
  let readonly = false;
  if (spec.endsWith(':ro')) {
    readonly = true;
    spec = spec.slice(0, -3);
  } else if (spec.endsWith(':rw')) {
    spec = spec.slice(0, -3);
  }
  const sep = spec.indexOf('::');
  const host = sep >= 0 ? spec.slice(0, sep) : spec;
  const guest = sep >= 0 ? spec.slice(sep + 2) : spec;
  if (host.length === 0) return `--dir ${value}: the host directory is empty`;
  if (guest.length === 0) return `--dir ${value}: the guest path is empty`;
  return { host, guest, readonly };
}

export function parseRunArgs(argv: readonly string[]): ParseResult {
  const dirs: DirFlag[] = [];
  const env: [string, string][] = [];
  const allow: AllowSwitch[] = [];
  const deny: AllowSwitch[] = [];
  const listen: ListenSpec[] = [];
  let inheritEnv = false;
  let summary = false;
  let logDetail = false;
  let log: string | undefined;
  let policyFile: string | undefined;
  let timeoutMs: number | undefined;
  let maxMemoryMb: number | undefined;
  let maxFds: number | undefined;
  let deterministicSeed: number | undefined;
  let stdin: string | undefined;

  let i = 0;
  const fail = (error: string): ParseResult => ({ ok: false, error });
  while (i < argv.length) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') break;
    i += 1;
    if (arg === '--') break;
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    // Flags that take a value accept both `--flag value` and `--flag=value`.
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      if (i >= argv.length) return undefined;
      return argv[i++];
    };
    const noValue = (): ParseResult | undefined => (inline !== undefined ? fail(`${name} takes no value`) : undefined);
    switch (name) {
      case '--dir': {
        const v = value();
        if (v === undefined) return fail('--dir needs HOST[::GUEST][:ro]');
        const d = parseDirFlag(v);
        if (typeof d === 'string') return fail(d);
        dirs.push(d);
        break;
      }
      case '--env': {
        const v = value();
        if (v === undefined) return fail('--env needs K=V');
        const at = v.indexOf('=');
        if (at <= 0) return fail(`--env ${v}: expected K=V`);
        env.push([v.slice(0, at), v.slice(at + 1)]);
        break;
      }
      case '--listen': {
        const v = value();
        if (v === undefined) return fail('--listen needs HOST:PORT');
        const l = parseListen(v);
        if (typeof l === 'string') return fail(l);
        listen.push(l);
        break;
      }
      case '--inherit-env': { const e = noValue(); if (e) return e; inheritEnv = true; break; }
      case '--summary': { const e = noValue(); if (e) return e; summary = true; break; }
      case '--log-detail': { const e = noValue(); if (e) return e; logDetail = true; break; }
      case '--log': {
        const v = value();
        if (!v) return fail('--log needs a FILE');
        log = v;
        break;
      }
      case '--policy': {
        const v = value();
        if (!v) return fail('--policy needs a FILE.json');
        policyFile = v;
        break;
      }
      case '--stdin': {
        const v = value();
        if (!v) return fail('--stdin needs a FILE');
        stdin = v;
        break;
      }
      case '--timeout': {
        const n = positiveNumber(value());
        if (n === undefined) return fail('--timeout needs a positive number of milliseconds');
        timeoutMs = n;
        break;
      }
      case '--max-memory': {
        const n = positiveNumber(value());
        if (n === undefined) return fail('--max-memory needs a positive number of megabytes');
        maxMemoryMb = n;
        break;
      }
      case '--max-fds': {
        const n = positiveNumber(value());
        if (n === undefined || !Number.isInteger(n) || n < 3) return fail('--max-fds needs an integer of at least 3');
        maxFds = n;
        break;
      }
      case '--deterministic': {
        // The seed is optional, so only the `=SEED` spelling carries one.
        if (inline === undefined) { deterministicSeed = 0; break; }
        if (!/^\d+$/.test(inline) || !Number.isSafeInteger(Number(inline))) return fail(`--deterministic=${inline}: the seed must be a non-negative integer`);
        deterministicSeed = Number(inline);
        break;
      }
      case '--allow':
      case '--deny': {
        const v = value();
        if (!v) return fail(`${name} needs a list such as clock,random,sockets`);
        for (const s of v.split(',').map((x) => x.trim()).filter((x) => x.length > 0)) {
          if (!(CAPABILITY_SWITCHES as readonly string[]).includes(s)) return fail(`${name} ${s}: unknown capability (expected ${CAPABILITY_SWITCHES.join(', ')})`);
          (name === '--allow' ? allow : deny).push(s as AllowSwitch);
        }
        break;
      }
      default:
        return fail(`unknown flag ${arg}`);
    }
  }
  if (i >= argv.length) return fail('missing MODULE.wasm');
  const both = allow.filter((s) => deny.includes(s));
  if (both.length > 0) return fail(`${both.join(', ')} both allowed and denied`);
  return {
    ok: true,
    options: {
      module: argv[i], moduleArgs: argv.slice(i + 1), dirs, env, inheritEnv, log, logDetail, summary, policyFile,
      timeoutMs, maxMemoryMb, maxFds, deterministicSeed, allow, deny, stdin, listen,
    },
  };
}

function positiveNumber(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+(\.\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 ? n : undefined;
}
