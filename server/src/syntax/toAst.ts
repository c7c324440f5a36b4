// Builds the typed AST (ast.ts) from the tree-sitter tree, with every diagnostic of the file.
// Never throws: a construct that is too broken to represent is left out, and problems are
// recorded as diagnostics worded like wit-parser's:
// - astBuilder.ts/astReader.ts build the AST and check names, attributes, list sizes, nesting;
// - firstError.ts replays wit-parser's parse for its exact first error (and one per broken item);
// - syntaxErrors.ts words tree-sitter's ERROR and MISSING nodes elsewhere;
// - lexical.ts finds forbidden code points and lexical errors.
// With `reuse`, top-level items that an edit did not touch come from the previous AST.

import type { Node, Tree } from 'web-tree-sitter';
import type { Diagnostic, SourceFile } from './ast';
import { AstBuilder } from './astBuilder';
import { children, COMMENTS, snap } from './cst';
import { BodyKind, replaySyntaxErrors, Restart } from './firstError';
import { lexicalDiagnostics } from './lexical';
import type { BuiltItem, Reuse } from './reuse';
import { syntaxErrorDiagnostics } from './syntaxErrors';

export type { BuiltItem, Reuse } from './reuse';

export interface BuildResult {
  readonly ast: SourceFile;
  readonly items: readonly BuiltItem[];
}

export function buildSourceFile(uri: string, text: string, tree: Tree, reuse?: Reuse): BuildResult {
  const root = snap(tree.rootNode);
  const builder = new AstBuilder(text);
  const { file, items, diagnostics } = builder.sourceFile(uri, root, reuse);
  const top = children(root).filter((k) => !COMMENTS.has(k.type));
  const replayed = replaySyntaxErrors(text, (errorStart, previous) => restartAfter(tree.rootNode, errorStart, previous));
  const first = replayed[0];
  // The replay lexed everything before its first error; lexical errors can only come later.
  const lexical = lexicalDiagnostics(text, first === undefined ? text.length : first.span.start);
  const replayStarts = new Set(replayed.map((e) => e.span.start));
  /** The start of the top-level node holding `offset` (binary search: there can be thousands). */
  const regionOf = (offset: number): number => {
    let low = 0;
    let high = top.length - 1;
    let region = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (top[mid].start <= offset) {
        region = top[mid].start;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return region;
  };
  const brokenRegions = new Set(replayed.map((e) => regionOf(e.span.start)));
  // Tree errors are worded from tree-sitter's view; where the replay found the error of that
  // top-level item in wit-parser's own words, the replay's error replaces them.
  const treeErrors = syntaxErrorDiagnostics(text, tree).filter((d) => !brokenRegions.has(regionOf(d.span.start)) && !replayStarts.has(d.span.start));
  const others = [...lexical.inOrder, ...diagnostics].filter((d) => !replayStarts.has(d.span.start));
  const replayDiagnostics = replayed.map((e): Diagnostic => ({ span: e.span, message: e.message, severity: 'error', code: 'syntax' }));
  // wit-parser rejects forbidden code points before parsing, then stops at its first error.
  const ordered = [...lexical.upfront, ...replayDiagnostics.slice(0, 1), ...orderDiagnostics([...replayDiagnostics.slice(1), ...treeErrors, ...others])];
  return { ast: { ...file, diagnostics: ordered }, items };
}


/**
 * Sorts by position (so the first diagnostic is the one wit-parser, which stops at its first
 * error, would report) and drops exact duplicates found by two passes.
 */
function orderDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const seen = new Set<string>();
  return sorted.filter((d) => {
    const key = `${d.span.start}:${d.span.end}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const BODY_KINDS: Readonly<Record<string, BodyKind>> = {
  interface_body: 'interface',
  world_body: 'world',
  resource_body: 'resource',
  package_body: 'package',
};

/**
 * Where the wit-parser replay should resume after an error at `errorStart`: the start of the
 * next member after the one holding the error, in the innermost body that has one (climbing to
 * enclosing bodies and finally the top level), past `previous`. Only runs on errors, so the few
 * tree walks it makes cost nothing on valid files.
 */
function restartAfter(root: Node, errorStart: number, previous: number): Restart | undefined {
  let node: Node | null = root.descendantForIndex(errorStart);
  while (node !== null && node.parent !== null) {
    const parent: Node = node.parent;
    if (parent.type in BODY_KINDS || parent.type === 'source_file') {
      for (let next = node.nextNamedSibling; next !== null; next = next.nextNamedSibling) {
        const start = next.startIndex;
        if (next.isError || COMMENTS.has(next.type) || next.endIndex === start) continue;
        if (start >= errorStart && start > previous) return { offset: start, bodies: bodiesAround(parent) };
      }
    }
    node = parent;
  }
  return undefined;
}

/** The kinds of the bodies enclosing (and including) `node`, outermost first. */
function bodiesAround(node: Node): BodyKind[] {
  const bodies: BodyKind[] = [];
  for (let n: Node | null = node; n !== null; n = n.parent) {
    const kind = BODY_KINDS[n.type];
    if (kind !== undefined) bodies.unshift(kind);
  }
  return bodies;
}
