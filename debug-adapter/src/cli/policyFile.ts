// The policy file (`wasi-studio run --policy FILE.json`): the same shape as the `wasi` launch
// configuration's policy attributes, so one file can be shared by the CLI and a launch.json entry.
// Parsing and validation live here alone; the debugger may call `validatePolicyConfig` on a launch
// configuration. Pure: the caller reads the file and passes its text and directory.
//
//   { "args": ["a"], "env": {"K": "V"}, "inheritEnv": false,
//     "preopens": [{ "host": "data", "guest": "/data", "readonly": true }],
//     "stdin": "input.txt", "allow": { "clock": true, "random": true, "sockets": false, "exit": true },
//     "accessLog": "access.jsonl" }
//
// Relative paths are resolved against the file's directory (or its `cwd` attribute). Launch-only
// attributes (`type`, `request`, `name`, `program`, `stopOnEntry`, `cwd`, `trace`) are accepted and
// ignored by the policy, so a launch configuration can be pasted as is; any other key is an error.
import { isAbsolute, resolve } from 'node:path';
import type { CapabilitySwitches } from '../wasi/api';
import { CAPABILITY_SWITCHES } from '../wasi/policy';

/** The policy attributes of a launch configuration, validated and with absolute paths. */
export interface PolicyConfig {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly inheritEnv?: boolean;
  readonly preopens?: readonly { readonly host: string; readonly guest: string; readonly readonly: boolean }[];
  readonly stdin?: string;
  readonly allow?: Partial<Record<AllowSwitch, boolean>>;
  readonly accessLog?: string;
}

/** The host's capability switches, as the policy file's `allow` and the --allow/--deny flags name them. */
export type AllowSwitch = keyof CapabilitySwitches;

export type PolicyConfigResult = { readonly ok: true; readonly config: PolicyConfig } | { readonly ok: false; readonly error: string };

const POLICY_KEYS = new Set(['args', 'env', 'inheritEnv', 'preopens', 'stdin', 'allow', 'accessLog']);
const LAUNCH_ONLY_KEYS = new Set(['type', 'request', 'name', 'program', 'stopOnEntry', 'cwd', 'trace']);

/** Parses the text of a policy file; `baseDir` is the file's directory. Never throws. */
export function parsePolicyFile(text: string, baseDir: string): PolicyConfigResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  return validatePolicyConfig(value, baseDir);
}

/** Checks an already-parsed value (a policy file or a launch configuration). Never throws. */
export function validatePolicyConfig(value: unknown, baseDir: string): PolicyConfigResult {
  if (!isRecord(value)) return fail('the policy must be a JSON object');
  for (const key of Object.keys(value)) {
    if (!POLICY_KEYS.has(key) && !LAUNCH_ONLY_KEYS.has(key)) {
      return fail(`unknown key "${key}" (expected ${[...POLICY_KEYS].join(', ')})`);
    }
  }
  const cwd = value.cwd;
  if (cwd !== undefined && typeof cwd !== 'string') return fail('"cwd" must be a string');
  const base = typeof cwd === 'string' ? resolve(baseDir, cwd) : baseDir;
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const config: { -readonly [K in keyof PolicyConfig]: PolicyConfig[K] } = {};

  if (value.args !== undefined) {
    if (!Array.isArray(value.args) || !value.args.every((a) => typeof a === 'string')) return fail('"args" must be an array of strings');
    if (value.args.some((a: string) => a.includes('\0'))) return fail('"args" must not contain NUL bytes');
    config.args = value.args as string[];
  }
  if (value.env !== undefined) {
    if (!isRecord(value.env)) return fail('"env" must be an object of strings');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(value.env)) {
      if (typeof v !== 'string') return fail(`"env.${k}" must be a string`);
      if (k.length === 0 || k.includes('=') || k.includes('\0') || v.includes('\0')) return fail(`"env" has an invalid variable ${JSON.stringify(k)}`);
      env[k] = v;
    }
    config.env = env;
  }
  if (value.inheritEnv !== undefined) {
    if (typeof value.inheritEnv !== 'boolean') return fail('"inheritEnv" must be true or false');
    config.inheritEnv = value.inheritEnv;
  }
  if (value.preopens !== undefined) {
    if (!Array.isArray(value.preopens)) return fail('"preopens" must be an array');
    const preopens: { host: string; guest: string; readonly: boolean }[] = [];
    for (const [i, p] of (value.preopens as unknown[]).entries()) {
      if (!isRecord(p)) return fail(`"preopens[${i}]" must be an object with "host" and "guest"`);
      for (const key of Object.keys(p)) if (!['host', 'guest', 'readonly'].includes(key)) return fail(`"preopens[${i}]" has an unknown key "${key}"`);
      if (typeof p.host !== 'string' || p.host.length === 0) return fail(`"preopens[${i}].host" must be a non-empty string`);
      if (typeof p.guest !== 'string' || p.guest.length === 0) return fail(`"preopens[${i}].guest" must be a non-empty string`);
      if (p.readonly !== undefined && typeof p.readonly !== 'boolean') return fail(`"preopens[${i}].readonly" must be true or false`);
      if (p.host.includes('\0') || p.guest.includes('\0')) return fail(`"preopens[${i}]" contains a NUL byte`);
      if (preopens.some((q) => q.guest === p.guest)) return fail(`guest path "${p.guest}" is preopened twice`);
      preopens.push({ host: abs(p.host), guest: p.guest, readonly: p.readonly === true });
    }
    config.preopens = preopens;
  }
  if (value.stdin !== undefined) {
    if (typeof value.stdin !== 'string') return fail('"stdin" must be a file path');
    if (value.stdin.length > 0) config.stdin = abs(value.stdin);
  }
  if (value.allow !== undefined) {
    if (!isRecord(value.allow)) return fail('"allow" must be an object of booleans');
    const allow: Partial<Record<AllowSwitch, boolean>> = {};
    for (const [k, v] of Object.entries(value.allow)) {
      if (!(CAPABILITY_SWITCHES as readonly string[]).includes(k)) return fail(`"allow" has an unknown switch "${k}" (expected ${CAPABILITY_SWITCHES.join(', ')})`);
      if (typeof v !== 'boolean') return fail(`"allow.${k}" must be true or false`);
      allow[k as AllowSwitch] = v;
    }
    config.allow = allow;
  }
  if (value.accessLog !== undefined) {
    if (typeof value.accessLog !== 'string' || value.accessLog.length === 0) return fail('"accessLog" must be a file path');
    config.accessLog = abs(value.accessLog);
  }
  return { ok: true, config };
}

function fail(error: string): PolicyConfigResult {
  return { ok: false, error };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
