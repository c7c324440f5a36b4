// Turns the ERROR and MISSING nodes of a tree-sitter tree into `expected X, found Y` diagnostics in
// wit-parser's style. The token that was found is re-lexed from the text with wit-parser's rules
// (lexical.ts), so it is described exactly as wit-parser would describe it. What was expected
// comes from the context of the error (which body it is in) or, elsewhere, from the parse table:
// the tokens that were valid after the last good token.
//
// firstError.ts words the error of each broken member exactly as wit-parser would; these
// diagnostics only remain where that replay found nothing (where our grammar is stricter).

import type { Language, Node, Tree } from 'web-tree-sitter';
import type { Diagnostic, Span } from './ast';
import { describeToken, Token, Tokenizer } from './lexical';
import { KEYWORDS } from './identifiers';

/** Where an error was found: the token (or the end of the file) and how to name it. */
interface Found {
  readonly span: Span;
  readonly description: string;
}

export function syntaxErrorDiagnostics(text: string, tree: Tree): Diagnostic[] {
  const root = tree.rootNode;
  if (!root.hasError) return [];
  const out: Diagnostic[] = [];
  const language = tree.language;
  // Iterative walk: deeply nested input must not exhaust the JavaScript stack.
  const cursor = root.walk();
  let descend = true;
  for (;;) {
    const node = cursor.currentNode;
    if (descend && node.isMissing) {
      out.push(missingDiagnostic(text, node));
    } else if (descend && node.isError) {
      const error = errorDiagnostic(text, language, node);
      if (error !== undefined) out.push(error);
      // Errors nested inside an ERROR are part of the same mistake.
      descend = false;
    }
    if (descend && node.hasError && cursor.gotoFirstChild()) continue;
    descend = true;
    if (cursor.gotoNextSibling()) continue;
    let moved = false;
    while (cursor.gotoParent()) {
      if (cursor.gotoNextSibling()) {
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  cursor.delete();
  return out;
}

function missingDiagnostic(text: string, node: Node): Diagnostic {
  const found = foundAt(text, node.startIndex) ?? { span: { start: node.startIndex, end: node.startIndex }, description: 'an unexpected character' };
  return diagnostic(found, `expected ${describeExpected(node.type)}, found ${found.description}`);
}

function errorDiagnostic(text: string, language: Language, node: Node): Diagnostic | undefined {
  // The offending token is the ERROR's first own token. When the ERROR only wraps complete
  // constructs (the parser backed out of them), the offending token is the one after it.
  let offset = node.endIndex;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child !== null && child.childCount === 0 && !child.isExtra && !child.isMissing) {
      offset = child.startIndex;
      break;
    }
  }
  const found = foundAt(text, offset);
  // An unlexable character is reported by lexical.ts already.
  if (found === undefined) return undefined;
  const previous = offset >= node.endIndex ? lastLeaf(node) : undefined;
  return diagnostic(found, `expected ${expectedAt(language, node, previous)}, found ${found.description}`);
}

function diagnostic(found: Found, message: string): Diagnostic {
  return { span: found.span, message, severity: 'error', code: 'syntax' };
}

/**
 * The token wit-parser would see at `offset` (skipping whitespace and comments); undefined when
 * the text there cannot be lexed.
 */
function foundAt(text: string, offset: number): Found | undefined {
  const tokenizer = new Tokenizer(text, offset);
  const token = tokenizer.next();
  if (token === undefined) return { span: { start: text.length, end: text.length }, description: 'eof' };
  if (token.kind === 'error') return undefined;
  return { span: { start: token.start, end: token.end }, description: describe(text, token) };
}

function describe(text: string, token: Token): string {
  return describeToken(token.kind, text.slice(token.start, token.end));
}

/** wit-parser's description of what a body expects next, by the body the error is in. */
const BODY_EXPECTATIONS: Readonly<Record<string, string>> = {
  source_file: '`world`, `interface` or `use`',
  package_body: '`world`, `interface` or `use`',
  interface_body: '`type`, `resource` or `func`',
  world_body: '`import`, `export`, `include`, `use`, or type definition',
  resource_body: '`constructor` or identifier',
};

function expectedAt(language: Language, node: Node, last: Node | undefined): string {
  const parent = node.parent;
  const previous = last ?? previousLeaf(node);
  const previousText = previous?.type;
  // Right after `{` or a finished item, a body expects its next item.
  if (parent !== null && parent.type in BODY_EXPECTATIONS && (previous === undefined || endsItem(previousText))) {
    return BODY_EXPECTATIONS[parent.type];
  }
  if (previous === undefined) return BODY_EXPECTATIONS.source_file;
  return describeValid(language, previous.nextParseState);
}

function endsItem(type: string | undefined): boolean {
  return type === '{' || type === '}' || type === ';';
}

/** The last token inside `node`, skipping comments. */
function lastLeaf(node: Node): Node | undefined {
  let leaf: Node = node;
  while (leaf.childCount > 0) {
    let last: Node | null = leaf.lastChild;
    while (last !== null && (last.isExtra || last.isMissing)) last = last.previousSibling;
    if (last === null) return undefined;
    leaf = last;
  }
  return leaf === node ? undefined : leaf;
}

/** The last token before `node`, skipping comments. */
function previousLeaf(node: Node): Node | undefined {
  let current: Node | null = node;
  while (current !== null) {
    let sibling: Node | null = current.previousSibling;
    while (sibling !== null && sibling.isExtra) sibling = sibling.previousSibling;
    if (sibling !== null) {
      let leaf: Node = sibling;
      while (leaf.childCount > 0) {
        let last: Node | null = leaf.lastChild;
        while (last !== null && last.isExtra) last = last.previousSibling;
        if (last === null) break;
        leaf = last;
      }
      return leaf;
    }
    current = current.parent;
  }
  return undefined;
}

const NAMED_TOKENS: ReadonlySet<string> = new Set(['identifier', 'integer', 'version', 'string']);

/** Names the tokens valid in `state` the way wit-parser names what it expects. */
function describeValid(language: Language, state: number): string {
  const iterator = language.lookaheadIterator(state);
  if (iterator === null) return 'a token';
  const valid: string[] = [];
  for (const symbol of iterator) {
    // Only tokens: the named ones below and the anonymous ones (punctuation and keywords).
    const id = language.idForNodeType(symbol, true);
    const namedRule = id !== null && language.nodeTypeIsNamed(id) && !NAMED_TOKENS.has(symbol);
    if (symbol !== 'ERROR' && symbol !== 'end' && !namedRule && !symbol.startsWith('_')) valid.push(symbol);
  }
  iterator.delete();
  if (valid.includes('u32') && valid.includes('list')) return 'a type';
  // After a list element without a comma, wit-parser insists on the end of the list.
  for (const closer of ['}', ')', '>']) {
    if (valid.includes(',') && valid.includes(closer)) return describeExpected(closer);
  }
  if (valid.length === 1) return describeExpected(valid[0]);
  if (valid.includes('identifier')) return 'an identifier or string';
  const names = [...new Set(valid)].map(describeExpected);
  return names.length === 0 ? 'a token' : names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Names a grammar symbol the way wit-parser names the token it expects. */
function describeExpected(symbol: string): string {
  switch (symbol) {
    case 'identifier':
      return 'an identifier or string';
    case 'integer':
      return 'an integer';
    case 'version':
      return 'an integer';
    case 'string':
      return 'a string literal';
    default:
      if (KEYWORDS.has(symbol)) return `keyword \`${symbol}\``;
      return describeToken(symbol as Parameters<typeof describeToken>[0], symbol);
  }
}
