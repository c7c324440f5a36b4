// The capability policy, compiled once from the public `Policy` into the checks the handlers make
// before touching the host. Pure: no IO. A denial is an errno plus a reason; the caller records it.
import type { CapabilitySwitches, Policy, Preopen, ResourceLimits } from './api';
import {
  Errno, RIGHTS_DIRECTORY_BASE, RIGHTS_DIRECTORY_INHERITING, RIGHTS_STDIN, RIGHTS_STDOUT, RIGHTS_WRITE,
} from './defs';
import type { PreopenRoot } from './fdKinds';

/** The names of the policy's capability switches (`Policy.allow`), for validation and front ends. */
export const CAPABILITY_SWITCHES: readonly (keyof CapabilitySwitches)[] = ['clock', 'random', 'sockets', 'exit'];

export interface Denial {
  readonly errno: number;
  readonly reason: string;
}

/** Rights a preopened directory starts with: a read-only preopen never holds a right that writes. */
export function preopenRights(preopen: Pick<Preopen, 'readonly'>): { base: number; inheriting: number } {
  if (!preopen.readonly) return { base: RIGHTS_DIRECTORY_BASE, inheriting: RIGHTS_DIRECTORY_INHERITING };
  return { base: RIGHTS_DIRECTORY_BASE & ~RIGHTS_WRITE, inheriting: RIGHTS_DIRECTORY_INHERITING & ~RIGHTS_WRITE };
}

export const STDIN_RIGHTS = RIGHTS_STDIN;
export const STDOUT_RIGHTS = RIGHTS_STDOUT;

/** Refuses any change below a read-only preopen, whatever rights a descriptor claims. */
export function checkWritable(root: PreopenRoot): Denial | undefined {
  return root.readonly ? { errno: Errno.notcapable, reason: `preopen ${root.guest} is read-only` } : undefined;
}

/** Refuses an operation whose descriptor lacks a right. */
export function checkRights(held: number, needed: number): Denial | undefined {
  if ((held & needed) === needed) return undefined;
  return { errno: Errno.notcapable, reason: 'descriptor lacks the right' };
}

/** Refuses a capability whose switch the policy turned off (clock, random, sockets). */
export function checkSwitch(policy: Pick<Policy, 'allow'>, name: 'clock' | 'random' | 'sockets'): Denial | undefined {
  return policy.allow[name] ? undefined : { errno: Errno.notcapable, reason: `capability ${name} is not allowed by the policy` };
}

/**
 * Policy problems found before any module runs; an empty list means the policy is usable. Robust to
 * values that do not match the type at all (a policy read from JSON), so it never throws.
 */
export function validatePolicy(policy: Policy): string[] {
  const problems: string[] = [];
  const value = policy as unknown as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null) return ['the policy is not an object'];
  if (!Array.isArray(value.args)) problems.push('args must be an array of strings');
  else for (const a of value.args) if (typeof a !== 'string' || a.includes('\0')) problems.push('an argument is not a string without NUL bytes');
  if (typeof value.env !== 'object' || value.env === null || Array.isArray(value.env)) problems.push('env must be an object of strings');
  else {
    for (const [k, v] of Object.entries(value.env)) {
      if (k.length === 0 || k.includes('=') || k.includes('\0')) problems.push(`invalid environment variable name ${JSON.stringify(k)}`);
      if (typeof v !== 'string' || v.includes('\0')) problems.push(`environment variable ${k} has an invalid value`);
    }
  }
  if (!Array.isArray(value.preopens)) problems.push('preopens must be an array');
  else {
    const guests = new Set<string>();
    for (const p of value.preopens as unknown[]) {
      const pre = p as Partial<Record<keyof Preopen, unknown>> | null;
      if (typeof pre !== 'object' || pre === null) { problems.push('a preopen is not an object'); continue; }
      if (typeof pre.host !== 'string' || pre.host.length === 0) problems.push('a preopen has an empty host path');
      if (typeof pre.guest !== 'string' || pre.guest.length === 0) problems.push(`preopen ${String(pre.host)} has an empty guest path`);
      else if (guests.has(pre.guest)) problems.push(`guest path ${pre.guest} is preopened twice`);
      else guests.add(pre.guest);
      if (typeof pre.readonly !== 'boolean') problems.push(`preopen ${String(pre.host)} needs readonly true or false`);
      if ((typeof pre.host === 'string' && pre.host.includes('\0')) || (typeof pre.guest === 'string' && pre.guest.includes('\0'))) {
        problems.push('a preopen path contains a NUL byte');
      }
    }
  }
  const stdin = value.stdin as { kind?: unknown; path?: unknown } | undefined;
  if (typeof stdin !== 'object' || stdin === null || !['inherit', 'file', 'none'].includes(String(stdin.kind))) {
    problems.push('stdin must be { kind: "inherit" | "file" | "none" }');
  } else if (stdin.kind === 'file' && typeof stdin.path !== 'string') problems.push('stdin of kind "file" needs a path');
  const allow = value.allow as Record<string, unknown> | undefined;
  if (typeof allow !== 'object' || allow === null) problems.push('allow must be an object of capability switches');
  else for (const k of CAPABILITY_SWITCHES) if (typeof allow[k] !== 'boolean') problems.push(`allow.${k} must be true or false`);
  const limits = value.limits as Partial<Record<keyof ResourceLimits, unknown>> | undefined;
  if (typeof limits !== 'object' || limits === null) problems.push('limits must be an object');
  else {
    if (!Number.isInteger(limits.maxOpenFds) || (limits.maxOpenFds as number) < 3) problems.push('limits.maxOpenFds must be an integer of at least 3');
    if (limits.maxMemoryBytes !== undefined && !((limits.maxMemoryBytes as number) > 0)) problems.push('limits.maxMemoryBytes must be positive');
    if (limits.timeoutMs !== undefined && !((limits.timeoutMs as number) > 0)) problems.push('limits.timeoutMs must be positive');
  }
  const det = value.deterministic as { seed?: unknown } | undefined;
  if (det !== undefined && (typeof det !== 'object' || det === null || !Number.isInteger(det.seed))) problems.push('deterministic.seed must be an integer');
  return problems;
}
