// Loads the WIT tree-sitter grammar into web-tree-sitter and turns WIT text into a `ParsedFile`:
// the concrete tree (kept for incremental re-parsing and for features that need exact tokens),
// the typed AST with syntax diagnostics, and a line index.
//
// The two wasm files are found next to the bundle (dist/), or in the source tree when running
// compiled tests from out/ (server/grammar/ and node_modules/web-tree-sitter/).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Edit, Language, Parser, Tree } from 'web-tree-sitter';
import type { SourceFile } from './ast';
import { LineIndex, Position } from './lineIndex';
import { BuiltItem, buildSourceFile, Reuse } from './toAst';

export interface LoadOptions {
  /** A directory holding both `tree-sitter-wit.wasm` and `web-tree-sitter.wasm`. */
  readonly wasmDir?: string;
}

/**
 * A change to a document, shaped like an LSP `TextEdit`. A list of edits is applied in order, each
 * one in the coordinates of the text produced by the edits before it (as in `didChange`).
 */
export interface TextEdit {
  readonly range: { readonly start: Position; readonly end: Position };
  readonly newText: string;
}

export interface ParsedFile {
  readonly uri: string;
  readonly text: string;
  readonly ast: SourceFile;
  /**
   * The web-tree-sitter tree; treat it as read-only. Trees live in the wasm heap, so the parser
   * keeps one per uri: it stays valid until the same parser parses the same uri again (reading
   * it after that throws) or this ParsedFile is garbage-collected. The AST stays valid forever.
   */
  readonly tree: Tree;
  readonly lines: LineIndex;
}

export interface WitParser {
  /**
   * Parses `text`. With `previous`, the previous tree is edited and reused, which makes a small
   * edit to a large file cheap. If the edits do not turn `previous.file.text` into `text`, or
   * the previous tree was already released, the file is parsed from scratch: a wrong or stale
   * `previous` costs time but never correctness. Releases the tree of the previous parse of `uri`.
   */
  parse(uri: string, text: string, previous?: { file: ParsedFile; edits: readonly TextEdit[] }): ParsedFile;
}

export const GRAMMAR_WASM = 'tree-sitter-wit.wasm';
export const RUNTIME_WASM = 'web-tree-sitter.wasm';

let runtimeReady: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

/**
 * Loads the grammar once per process (per grammar file) and returns a parser for WIT. The
 * web-tree-sitter runtime is initialised once per process, from the first runtime wasm found.
 */
export async function loadWitParser(options: LoadOptions = {}): Promise<WitParser> {
  const { grammar, runtime } = locateWasm(options);
  runtimeReady ??= Parser.init({ locateFile: () => runtime }).catch((e: unknown) => {
    // Let a later call retry, e.g. with another wasmDir.
    runtimeReady = undefined;
    throw e;
  });
  await runtimeReady;
  let language = languages.get(grammar);
  if (language === undefined) {
    language = Language.load(new Uint8Array(readFileSync(grammar))).catch((e: unknown) => {
      languages.delete(grammar);
      throw e;
    });
    languages.set(grammar, language);
  }
  return new TreeSitterWitParser(await language);
}

/** Finds both wasm files; throws with the places it looked when one is missing. */
export function locateWasm(options: LoadOptions = {}): { grammar: string; runtime: string } {
  if (options.wasmDir !== undefined) {
    const grammar = join(options.wasmDir, GRAMMAR_WASM);
    const runtime = join(options.wasmDir, RUNTIME_WASM);
    for (const file of [grammar, runtime]) {
      if (!existsSync(file)) throw new Error(`WIT parser: ${file} not found`);
    }
    return { grammar, runtime };
  }
  const grammarCandidates = [join(__dirname, GRAMMAR_WASM)];
  const runtimeCandidates = [join(__dirname, RUNTIME_WASM)];
  // From out/server/src/syntax/ (compiled tests) or server/src/syntax/ (sources), walk up to the
  // repository root, which holds server/grammar/ and node_modules/.
  for (let dir = __dirname, i = 0; i < 6; i++, dir = dirname(dir)) {
    grammarCandidates.push(join(dir, 'server', 'grammar', GRAMMAR_WASM));
    runtimeCandidates.push(join(dir, 'node_modules', 'web-tree-sitter', RUNTIME_WASM));
  }
  const grammar = grammarCandidates.find((f) => existsSync(f));
  const runtime = runtimeCandidates.find((f) => existsSync(f));
  if (grammar === undefined) throw new Error(`WIT parser: ${GRAMMAR_WASM} not found (looked in ${grammarCandidates.join(', ')})`);
  if (runtime === undefined) throw new Error(`WIT parser: ${RUNTIME_WASM} not found (looked in ${runtimeCandidates.join(', ')})`);
  return { grammar, runtime };
}

/**
 * Trees live in the wasm heap, which never shrinks and which the JavaScript garbage collector
 * does not see. So a parser keeps one tree per uri: parsing a uri again releases the tree of its
 * previous parse. A tree is also released when its ParsedFile is collected.
 */
const released = new WeakSet<Tree>();
const ownTrees = new WeakMap<ParsedFile, Tree>();

function release(tree: Tree): void {
  if (released.has(tree)) return;
  released.add(tree);
  tree.delete();
}

/** The file's tree, unless a newer parse of the same uri released it. */
function liveTree(file: ParsedFile): Tree | undefined {
  const tree = ownTrees.get(file);
  return tree === undefined || released.has(tree) ? undefined : tree;
}

class ParsedWitFile implements ParsedFile {
  constructor(
    readonly uri: string,
    readonly text: string,
    readonly ast: SourceFile,
    private readonly ownTree: Tree,
    readonly lines: LineIndex,
  ) {}

  get tree(): Tree {
    if (released.has(this.ownTree)) {
      throw new Error(`WIT parser: the tree of ${this.uri} was released by a newer parse of the same uri`);
    }
    return this.ownTree;
  }
}

/** The top-level items each file was built from, for the next incremental parse to reuse. */
const builtItems = new WeakMap<ParsedFile, readonly BuiltItem[]>();

class TreeSitterWitParser implements WitParser {
  private readonly parser: Parser;
  /** The tree of the latest parse of each uri. */
  private readonly latest = new Map<string, Tree>();
  private readonly finalizer = new FinalizationRegistry<{ uri: string; tree: Tree }>(({ uri, tree }) => {
    if (this.latest.get(uri) === tree) this.latest.delete(uri);
    release(tree);
  });

  constructor(language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  parse(uri: string, text: string, previous?: { file: ParsedFile; edits: readonly TextEdit[] }): ParsedFile {
    const previousTree = previous === undefined ? undefined : liveTree(previous.file);
    const edited = previous === undefined || previousTree === undefined ? undefined : editedCopy(previous.file, previousTree, previous.edits, text);
    let tree: Tree | null;
    let reuse: Reuse | undefined;
    try {
      tree = this.parser.parse(text, edited?.tree ?? null);
      if (edited !== undefined && tree !== null && tree.rootNode.hasError) {
        // Tree-sitter's error recovery may settle differently when it reuses old subtrees. A
        // tree with errors is therefore re-parsed from scratch, so that a file's diagnostics
        // never depend on how it was edited; error-free trees are identical either way.
        tree.delete();
        tree = this.parser.parse(text);
      }
      const items = previous === undefined ? undefined : builtItems.get(previous.file);
      if (edited !== undefined && tree !== null && items !== undefined) {
        reuse = { items, map: (start, end) => mapRange(edited.steps, start, end), changed: edited.tree.getChangedRanges(tree).map((r) => ({ start: r.startIndex, end: r.endIndex })) };
      }
    } finally {
      edited?.tree.delete();
    }
    if (tree === null) {
      // Only happens without a language or when a progress callback cancels; neither applies here.
      throw new Error('WIT parser: tree-sitter returned no tree');
    }
    const built = buildSourceFile(uri, text, tree, reuse);
    const file = new ParsedWitFile(uri, text, built.ast, tree, new LineIndex(text));
    ownTrees.set(file, tree);
    builtItems.set(file, built.items);
    const replaced = this.latest.get(uri);
    this.latest.set(uri, tree);
    if (replaced !== undefined) release(replaced);
    this.finalizer.register(file, { uri, tree });
    return file;
  }
}

/** One edit in offsets: [start, oldEnd) of the text before it became [start, newEnd). */
interface Step {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/**
 * Where the old range [start, end) is after `steps`, or undefined if an edit touched it (an edit
 * right at `start` counts, since it changes what precedes the item; one right at `end` does not).
 */
function mapRange(steps: readonly Step[], start: number, end: number): { start: number; end: number } | undefined {
  let a = start;
  let b = end;
  for (const step of steps) {
    if (step.start >= b) continue;
    if (step.oldEnd >= a) return undefined;
    const delta = step.newEnd - step.oldEnd;
    a += delta;
    b += delta;
  }
  return { start: a, end: b };
}

/**
 * A copy of the previous tree with `edits` applied, or undefined when the edits do not
 * reproduce `text` (the caller then parses from scratch). The previous file's own tree is left
 * untouched, since other holders of that file may still read it.
 */
function editedCopy(previous: ParsedFile, previousTree: Tree, edits: readonly TextEdit[], text: string): { tree: Tree; steps: Step[] } | undefined {
  let current = previous.text;
  let lines = previous.lines;
  const steps: Step[] = [];
  const treeEdits: Edit[] = [];
  for (const edit of edits) {
    const start = lines.offsetAt(edit.range.start);
    const oldEnd = Math.max(start, lines.offsetAt(edit.range.end));
    const newEnd = start + edit.newText.length;
    const startPosition = pointAt(current, lines, start);
    const oldEndPosition = pointAt(current, lines, oldEnd);
    current = current.slice(0, start) + edit.newText + current.slice(oldEnd);
    lines = new LineIndex(current);
    steps.push({ start, oldEnd, newEnd });
    treeEdits.push(
      new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition,
        oldEndPosition,
        newEndPosition: pointAt(current, lines, newEnd),
      }),
    );
  }
  if (current !== text) return undefined;
  const tree = previousTree.copy();
  for (const edit of treeEdits) tree.edit(edit);
  return { tree, steps };
}

/**
 * Tree-sitter's row/column. Rows count `\n` only, and the JS binding measures columns in UTF-16
 * code units like indexes; without lone `\r` line breaks, rows are LSP lines.
 */
function pointAt(text: string, lines: LineIndex, offset: number): { row: number; column: number } {
  const rowStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (!/\r(?!\n)/.test(text)) return { row: lines.positionAt(offset).line, column: offset - rowStart };
  let row = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < rowStart; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - rowStart };
}
