// The sandboxed path resolver. Every guest path is resolved here, component by component, inside the
// preopen it is relative to; the host's own path lookup only ever sees paths this module produced, whose
// components are known not to be symlinks (except a final one the caller chose not to follow).
//
// Rules: absolute guest paths are refused; `..` may not climb above the preopen root; a symlink is
// followed only when its target is relative and the walk stays inside the preopen; more than
// SYMLINK_MAX expansions give `loop`; NUL bytes and over-long paths or components are refused.
import * as fs from 'node:fs';
import { Errno, NAME_MAX, PATH_MAX, SYMLINK_MAX } from './defs';
import { hostErrno } from './errors';
import type { PreopenRoot } from './fdKinds';

export const enum NodeKind { missing = 0, directory = 1, symlink = 2, other = 3 }

/** The two host queries the resolver needs; injectable for tests, `nodeResolverFs` otherwise. */
export interface ResolverFs {
  /** Kind of the object at a host path without following a final symlink, or a negated errno. */
  kind(hostPath: string): NodeKind | number;
  readlink(hostPath: string): string | number;
}

export const nodeResolverFs: ResolverFs = {
  kind(hostPath) {
    try {
      const st = fs.lstatSync(hostPath, { throwIfNoEntry: false });
      if (st === undefined) return NodeKind.missing;
      if (st.isSymbolicLink()) return NodeKind.symlink;
      return st.isDirectory() ? NodeKind.directory : NodeKind.other;
    } catch (err) {
      const errno = hostErrno(err);
      return errno === Errno.notdir ? NodeKind.missing : -errno;
    }
  },
  readlink(hostPath) {
    try {
      return fs.readlinkSync(hostPath);
    } catch (err) {
      return -hostErrno(err);
    }
  },
};

export interface ResolveOptions {
  /** Follow a symlink in the final component (lookupflags.symlink_follow). */
  readonly followFinal: boolean;
}

export interface Resolved {
  readonly errno: 0;
  /** Components below the preopen root; never contains `.`, `..` or a followed symlink. */
  readonly components: string[];
  readonly hostPath: string;
  /** Kind of the final object when it was looked at; `undefined` when the final component was not examined. */
  readonly kind: NodeKind | undefined;
  /** The guest path ended in `/` (or a followed symlink's target did): the result must be a directory. */
  readonly mustBeDirectory: boolean;
}

export interface Refused {
  readonly errno: number;
  /** Why, in words, for the access log. */
  readonly reason: string;
}

export type Resolution = Resolved | Refused;

export function hostPathOf(root: PreopenRoot, components: readonly string[]): string {
  if (components.length === 0) return root.host;
  return (root.host === '/' ? '/' : root.host + '/') + components.join('/');
}

const encoder = new TextEncoder();

function byteLength(text: string): number {
  // Fast path: ASCII strings are as long in bytes as in UTF-16 units.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return encoder.encode(text).length;
  return text.length;
}

/**
 * Resolves `guestPath` relative to the directory `base` (components below `root`).
 * Never touches anything outside `root.host`: each host path queried is `root.host` plus checked components.
 */
export function resolvePath(
  root: PreopenRoot,
  base: readonly string[],
  guestPath: string,
  options: ResolveOptions,
  host: ResolverFs = nodeResolverFs,
): Resolution {
  if (guestPath.length === 0) return { errno: Errno.noent, reason: 'empty path' };
  const simple = simpleName(guestPath, options.followFinal);
  if (simple) {
    // One plain component, not followed: nothing to look up.
    const components = base.concat(guestPath);
    return { errno: 0, components, hostPath: hostPathOf(root, components), kind: undefined, mustBeDirectory: false };
  }
  if (guestPath.indexOf('\0') >= 0) return { errno: Errno.inval, reason: 'NUL byte in path' };
  if (byteLength(guestPath) > PATH_MAX) return { errno: Errno.nametoolong, reason: `path longer than ${PATH_MAX} bytes` };
  if (guestPath.charCodeAt(0) === 0x2f) return { errno: Errno.notcapable, reason: 'absolute path' };

  let mustBeDirectory = guestPath.charCodeAt(guestPath.length - 1) === 0x2f;
  // Pending components, last one first, so expansions of symlinks are pushed in front cheaply.
  const pending = splitReversed(guestPath);
  const stack = base.slice();
  let kind: NodeKind | undefined = NodeKind.directory;
  let links = 0;

  while (pending.length > 0) {
    const comp = pending.pop() as string;
    const isFinal = pending.length === 0;
    if (comp === '.') {
      kind = NodeKind.directory;
      continue;
    }
    if (comp === '..') {
      if (stack.length === 0) return { errno: Errno.notcapable, reason: '`..` leads above the preopen root' };
      stack.pop();
      kind = NodeKind.directory;
      continue;
    }
    if (byteLength(comp) > NAME_MAX) return { errno: Errno.nametoolong, reason: `path component longer than ${NAME_MAX} bytes` };
    if (isFinal && !options.followFinal && !mustBeDirectory) {
      stack.push(comp);
      kind = undefined;
      break;
    }
    const hostPath = hostPathOf(root, stack) + (stack.length === 0 && root.host === '/' ? '' : '/') + comp;
    const found = host.kind(hostPath);
    if (found < 0) return { errno: -found, reason: 'host lookup failed' };
    if (found === NodeKind.missing) {
      if (!isFinal) return { errno: Errno.noent, reason: 'a directory on the path does not exist' };
      stack.push(comp);
      kind = NodeKind.missing;
      break;
    }
    if (found === NodeKind.symlink) {
      if (++links > SYMLINK_MAX) return { errno: Errno.loop, reason: `more than ${SYMLINK_MAX} symbolic links` };
      const target = host.readlink(hostPath);
      if (typeof target === 'number') return { errno: -target, reason: 'readlink failed' };
      if (target.length === 0) return { errno: Errno.noent, reason: 'empty symbolic link' };
      if (target.charCodeAt(0) === 0x2f) return { errno: Errno.notcapable, reason: 'symbolic link to an absolute path' };
      if (isFinal && target.charCodeAt(target.length - 1) === 0x2f) mustBeDirectory = true;
      const expansion = splitReversed(target);
      // `pending` pops from its end, so the expansion goes on the end to be walked next.
      for (let i = 0; i < expansion.length; i++) pending.push(expansion[i]);
      if (expansion.length === 0) kind = NodeKind.directory;
      continue;
    }
    if (found !== NodeKind.directory && (!isFinal || mustBeDirectory)) {
      return { errno: Errno.notdir, reason: 'a path component is not a directory' };
    }
    stack.push(comp);
    kind = found;
  }
  return { errno: 0, components: stack, hostPath: hostPathOf(root, stack), kind, mustBeDirectory };
}

/** A single ASCII component other than `.`/`..`, without NUL, short enough, and not to be followed. */
function simpleName(path: string, follow: boolean): boolean {
  if (follow || path.length > NAME_MAX) return false;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 0x2f || c === 0 || c > 0x7f) return false;
  }
  return path !== '.' && path !== '..';
}

/** Components of a relative path in reverse order, without empty components (`a//b/` → [b, a]). */
function splitReversed(path: string): string[] {
  const out: string[] = [];
  let end = path.length;
  for (let i = path.length - 1; i >= -1; i--) {
    if (i === -1 || path.charCodeAt(i) === 0x2f) {
      if (end > i + 1) out.push(path.slice(i + 1, end));
      end = i;
    }
  }
  return out;
}

/** True when a symlink target would stay inside the preopen if created at `linkComponents`. */
export function symlinkTargetStaysInside(linkComponents: readonly string[], target: string): boolean {
  if (target.length === 0 || target.charCodeAt(0) === 0x2f || target.indexOf('\0') >= 0) return false;
  let depth = linkComponents.length - 1;
  for (const comp of target.split('/')) {
    if (comp === '' || comp === '.') continue;
    if (comp === '..') {
      depth -= 1;
      if (depth < 0) return false;
    } else depth += 1;
  }
  return true;
}
