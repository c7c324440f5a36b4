// A light view of tree-sitter nodes for the AST builder. Every property read on a web-tree-sitter
// node is a call into wasm, so each named node is read once (type, start, end) into a plain
// object, children are fetched in bulk, and fields are taken by position (the grammar fixes
// their order) rather than by field name.

import type { Node } from 'web-tree-sitter';
import type { Span } from './ast';

/** A named node with what the builder reads from it, read once. */
export interface S {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly node: Node;
  /** The previous named sibling (comments included), for doc comments. */
  readonly prev?: S;
  /** The children, once read (see `children`). */
  kids?: S[];
}

export const COMMENTS: ReadonlySet<string> = new Set(['line_comment', 'block_comment']);

export function snap(node: Node): S {
  return { type: node.type, start: node.startIndex, end: node.endIndex, node };
}

/**
 * The named children of a node, without MISSING ones (zero-width: the grammar has no rule that
 * matches nothing) but with comments and ERROR nodes.
 */
export function children(s: S): S[] {
  if (s.kids !== undefined) return s.kids;
  const out: S[] = [];
  let prev: S | undefined;
  for (const child of s.node.namedChildren) {
    const end = child.endIndex;
    if (end === child.startIndex) continue;
    prev = { type: child.type, start: child.startIndex, end, node: child, prev };
    out.push(prev);
  }
  s.kids = out;
  return out;
}

export function find(kids: readonly S[], type: string): S | undefined {
  return kids.find((k) => k.type === type);
}

export function all(kids: readonly S[], type: string): S[] {
  return kids.filter((k) => k.type === type);
}

export function spanOf(s: { start: number; end: number }): Span {
  return { start: s.start, end: s.end };
}

/**
 * The named children of `s` whose type is one of `types`, looking inside ERROR nodes too:
 * tree-sitter's recovery often wraps an intact item in an ERROR, and keeping such items gives
 * later stages (and the user) as much of the file as possible.
 */
export function members(s: S, types: readonly string[]): S[] {
  const out: S[] = [];
  const pending: S[][] = [children(s)];
  // An explicit stack: ERROR nodes can nest deeply in hostile input.
  while (pending.length > 0) {
    const list = pending.pop() as S[];
    for (let i = 0; i < list.length; i++) {
      const kid = list[i];
      if (kid.type === 'ERROR') {
        pending.push(list.slice(i + 1), children(kid));
        break;
      }
      if (types.includes(kid.type)) out.push(kid);
    }
  }
  return out;
}
