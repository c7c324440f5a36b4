// A light view of tree-sitter nodes for the AST builder. Every property read on a web-tree-sitter
// node is a call into wasm, and every Node object read from wasm is an allocation, so the view is
// read in bulk: the root's children once (with their Node, where reading their subtree starts),
// and a top-level item's whole subtree the first time its children are asked for — in one
// `descendantsOfType` call, or with a TreeCursor walk when the item has syntax errors. Items an
// incremental parse takes over are never read. Fields are taken by position (the grammar fixes
// their order) rather than by field name.

import type { Language, Node, TreeCursor } from 'web-tree-sitter';
import type { Span } from './ast';

/** A named node with what the builder reads from it, read once. */
export interface S {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** Set on the root and its children only: where reading the subtree starts. */
  readonly node?: Node;
  /** The previous named sibling (comments included), for doc comments. */
  readonly prev?: S;
  /** The children, once read (see `children`). */
  kids?: S[];
}

export const COMMENTS: ReadonlySet<string> = new Set(['line_comment', 'block_comment']);

/** The root's view, with its children read (but not their subtrees). */
export function snap(root: Node): S {
  const kids: S[] = [];
  const cursor = root.walk();
  try {
    forEachChild(cursor, kids, (child) => ({ ...child, node: cursor.currentNode }));
  } finally {
    cursor.delete();
  }
  return { type: root.type, start: root.startIndex, end: root.endIndex, node: root, kids };
}

/**
 * The named children of a node, without MISSING ones (zero-width: the grammar has no rule that
 * matches nothing) but with comments and ERROR nodes.
 */
export function children(s: S): S[] {
  if (s.kids !== undefined) return s.kids;
  // Only the root's children lack kids: everything below them is read here at once.
  const kids: S[] = [];
  s.kids = kids;
  if (s.node === undefined) return kids;
  if (s.node.hasError) {
    // descendantsOfType cannot list ERROR nodes together with other types (web-tree-sitter
    // 0.27 then returns only the ERROR nodes), so a subtree with errors is walked node by node.
    const cursor = s.node.walk();
    try {
      readSubtree(cursor, kids);
    } finally {
      cursor.delete();
    }
  } else {
    readDescendants(s.node, kids);
  }
  return kids;
}

/**
 * Appends the named, non-empty children of the cursor's node to `kids` (each with `prev` set),
 * passing each through `make`; leaves the cursor where it started.
 */
function forEachChild(cursor: TreeCursor, kids: S[], make: (child: S) => S): void {
  if (!cursor.gotoFirstChild()) return;
  do {
    if (!cursor.nodeIsNamed) continue;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    if (end === start) continue;
    kids.push(make({ type: cursor.nodeType, start, end, prev: kids[kids.length - 1] }));
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
}

/** Per language: the name of each named node type by id, undefined for anonymous ones. */
const typeTables = new WeakMap<Language, (string | undefined)[]>();

/** ERROR's type id (65535): named, and outside the language's own types. */
const ERROR_TYPE_ID = 0xffff;

function typeTable(language: Language): (string | undefined)[] {
  let table = typeTables.get(language);
  if (table === undefined) {
    table = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      // As Node.type names it: a type without a name reads as ERROR.
      table[id] = language.nodeTypeIsNamed(id) ? (language.types[id] || 'ERROR') : undefined;
    }
    table[ERROR_TYPE_ID] = 'ERROR';
    typeTables.set(language, table);
  }
  return table;
}

/**
 * Reads the named descendants of the cursor's node into `kids`, depth first, giving every one of
 * them its `kids`. Anonymous nodes (tokens) are not entered, as `namedChildren` would not list
 * what is below them. An explicit stack: ERROR nodes can nest deeply in hostile input.
 */
function readSubtree(cursor: TreeCursor, kids: S[]): void {
  if (!cursor.gotoFirstChild()) return;
  const types = typeTable(cursor.currentNode.tree.language);
  const stack: S[][] = [];
  let current = kids;
  for (;;) {
    let entered = false;
    // One call for the type id answers both "named?" and "which type?".
    const type = types[cursor.nodeTypeId];
    if (type !== undefined) {
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      if (end !== start) {
        const own: S[] = [];
        current.push({ type, start, end, prev: current[current.length - 1], kids: own });
        if (cursor.gotoFirstChild()) {
          stack.push(current);
          current = own;
          entered = true;
        }
      }
    }
    if (entered) continue;
    while (!cursor.gotoNextSibling()) {
      const up = stack.pop();
      if (up === undefined) return;
      cursor.gotoParent();
      current = up;
    }
  }
}

/** Per language: the names of the named node types other than ERROR, for `descendantsOfType`. */
const namedTypeNames = new WeakMap<Language, string[]>();

/**
 * Reads the named descendants of `node`, a subtree without errors, into `kids`, giving every one
 * of them its `kids`. One call into wasm lists them all in document order (each parent before its
 * children); the nesting follows from the ranges, since non-empty siblings never overlap. This
 * crosses into wasm about three times per named node, where a cursor walk needs about five per
 * named node and two per token.
 */
function readDescendants(node: Node, kids: S[]): void {
  const language = node.tree.language;
  const types = typeTable(language);
  let names = namedTypeNames.get(language);
  if (names === undefined) {
    names = [...new Set(types.filter((t): t is string => t !== undefined && t !== 'ERROR'))];
    namedTypeNames.set(language, names);
  }
  const found = node.descendantsOfType(names);
  const ends: number[] = [node.endIndex];
  const lists: S[][] = [kids];
  for (let i = 0; i < found.length; i++) {
    const d = found[i];
    if (d.id === node.id) continue;
    const start = d.startIndex;
    const end = d.endIndex;
    if (end === start) continue;
    // An anonymous type may share its name with a named one; Node.type would not list it.
    const type = types[d.typeId];
    if (type === undefined) continue;
    while (ends.length > 1 && start >= ends[ends.length - 1]) {
      ends.pop();
      lists.pop();
    }
    const current = lists[lists.length - 1];
    const own: S[] = [];
    current.push({ type, start, end, prev: current[current.length - 1], kids: own });
    ends.push(end);
    lists.push(own);
  }
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
