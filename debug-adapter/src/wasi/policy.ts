// The capability policy, compiled once from the public `Policy` into the checks the handlers make
// before touching the host. Pure: no IO. A denial is an errno plus a reason; the caller records it.
import type { Policy, Preopen } from './api';
import {
  Errno, RIGHTS_DIRECTORY_BASE, RIGHTS_DIRECTORY_INHERITING, RIGHTS_STDIN, RIGHTS_STDOUT, RIGHTS_WRITE,
} from './defs';
import type { PreopenRoot } from './fdKinds';

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

export function switchDenied(name: string): Denial {
  return { errno: Errno.notcapable, reason: `capability ${name} is not allowed by the policy` };
}

/** Policy problems found before any module runs; an empty list means the policy is usable. */
export function validatePolicy(policy: Policy): string[] {
  const problems: string[] = [];
  const guests = new Set<string>();
  for (const p of policy.preopens) {
    if (typeof p.host !== 'string' || p.host.length === 0) problems.push('a preopen has an empty host path');
    if (typeof p.guest !== 'string' || p.guest.length === 0) problems.push(`preopen ${p.host} has an empty guest path`);
    else if (guests.has(p.guest)) problems.push(`guest path ${p.guest} is preopened twice`);
    guests.add(p.guest);
    if (p.host.indexOf('\0') >= 0 || p.guest.indexOf('\0') >= 0) problems.push('a preopen path contains a NUL byte');
  }
  for (const [k, v] of Object.entries(policy.env)) {
    if (k.length === 0 || k.includes('=') || k.includes('\0')) problems.push(`invalid environment variable name ${JSON.stringify(k)}`);
    if (typeof v !== 'string' || v.includes('\0')) problems.push(`environment variable ${k} has an invalid value`);
  }
  for (const a of policy.args) if (typeof a !== 'string' || a.includes('\0')) problems.push('an argument contains a NUL byte');
  const limits = policy.limits;
  if (!Number.isInteger(limits.maxOpenFds) || limits.maxOpenFds < 3) problems.push('limits.maxOpenFds must be an integer of at least 3');
  if (limits.maxMemoryBytes !== undefined && !(limits.maxMemoryBytes > 0)) problems.push('limits.maxMemoryBytes must be positive');
  if (limits.timeoutMs !== undefined && !(limits.timeoutMs > 0)) problems.push('limits.timeoutMs must be positive');
  if (policy.deterministic !== undefined && !Number.isInteger(policy.deterministic.seed)) problems.push('deterministic.seed must be an integer');
  return problems;
}
