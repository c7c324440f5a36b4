// Document and range formatting in one canonical style: two-space indentation, one item per line,
// one record field / variant case / enum case / flag per line, attributes on their own line,
// nothing aligned, at most one blank line kept between items.
//
// The formatter only rewrites the whitespace *between* tokens (see tokens.ts), so the token
// sequence — every identifier, comment and doc comment — is unchanged and the meaning cannot
// change. Every decision depends only on the tokens and on whether the original gap held a line
// break (for comments) or a blank line (kept as one), so formatting twice gives the same text.

import type { Span } from '../syntax/ast';
import { isComment, lexWit, type Token } from './tokens';

/** One whitespace gap to replace. */
export interface TextReplacement {
  readonly span: Span;
  readonly newText: string;
}

export type FormatResult =
  | { readonly kind: 'formatted'; readonly edits: readonly TextReplacement[]; readonly text: string }
  | { readonly kind: 'refused'; readonly reason: string };

/** Formats a whole file. Refuses (with a reason) text it cannot tokenize or whose brackets do not balance. */
export function formatDocument(text: string): FormatResult {
  return formatWithin(text, { start: 0, end: Number.POSITIVE_INFINITY });
}

/**
 * Formats the lines touched by `range`: the edits are those of the whole-document layout whose
 * gaps touch the range, so a range result agrees with the document result where they overlap.
 */
export function formatRange(text: string, range: Span): FormatResult {
  return formatWithin(text, range);
}

// ---------------------------------------------------------------------------------------------

const INDENT = '  ';
const PATH_STATEMENTS = new Set(['package', 'use', 'import', 'export', 'include']);
const NOT_A_PACKAGE_NAME = new Set(['func', 'async', 'interface', 'static']);
const LIST_BLOCKS = new Set(['record', 'variant', 'enum', 'flags']);

type FrameKind = 'top' | 'items' | 'list' | 'use-names' | 'with' | 'paren' | 'angle' | 'attr';

interface Frame {
  readonly kind: FrameKind;
  /** First word of the statement being read (for block frames), after any attributes. */
  statement: string | undefined;
  /** True until the first token of the next statement/entry is seen. */
  atStart: boolean;
}

type Break = 'none' | 'always' | 'unless-terminator';
type Sep = { readonly kind: 'none' } | { readonly kind: 'space' } | { readonly kind: 'newline'; readonly blank: boolean };

const NONE: Sep = { kind: 'none' };
const SPACE: Sep = { kind: 'space' };

function formatWithin(text: string, range: Span): FormatResult {
  const lexed = lexWit(text);
  if (lexed.unterminated) return { kind: 'refused', reason: 'the file has an unterminated comment or string' };
  const bad = lexed.tokens.find((t) => t.kind === 'unknown');
  if (bad) return { kind: 'refused', reason: `unexpected character ${JSON.stringify(bad.text)} at offset ${bad.start}` };
  const layout = layoutGaps(text, lexed.tokens);
  if (typeof layout === 'string') return { kind: 'refused', reason: layout };

  const tokens = lexed.tokens;
  const edits: TextReplacement[] = [];
  let out = '';
  for (let k = 0; k <= tokens.length; k += 1) {
    const start = k === 0 ? 0 : tokens[k - 1].end;
    const end = k === tokens.length ? text.length : tokens[k].start;
    const newGap = layout[k];
    const inRange = start < range.end && end >= range.start;
    const gap = inRange ? newGap : text.slice(start, end);
    if (inRange && text.slice(start, end) !== newGap) edits.push({ span: { start, end }, newText: newGap });
    out += gap;
    if (k < tokens.length) out += tokens[k].text;
  }
  // The whole point is that only whitespace changes; check it rather than trust it.
  const after = lexWit(out).tokens;
  if (after.length !== tokens.length || after.some((t, i) => t.text !== tokens[i].text)) {
    return { kind: 'refused', reason: 'formatting would change the tokens of this file' };
  }
  return { kind: 'formatted', edits, text: out };
}

/** Computes the whitespace to put before each token (and after the last), or a refusal reason. */
function layoutGaps(text: string, tokens: readonly Token[]): string[] | string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const stack: Frame[] = [{ kind: 'top', statement: undefined, atStart: true }];
  const gaps: string[] = [];
  let pending: Break = 'none';
  const top = (): Frame => stack[stack.length - 1];

  for (let k = 0; k < tokens.length; k += 1) {
    const t = tokens[k];
    const p = k > 0 ? tokens[k - 1] : undefined;
    if (!p) {
      gaps.push('');
    } else {
      const newlines = countNewlines(text, p.end, t.start);
      let sep = separator(p, t, newlines, pending, stack, tokens[k + 1]);
      // Never glue tokens into a different token (`/` `/` would start a comment, two words one word).
      if (sep.kind === 'none' && wouldMerge(p, t)) sep = SPACE;
      if (sep.kind === 'newline') pending = 'none';
      if (sep.kind === 'none' && pending === 'unless-terminator') pending = 'none';
      gaps.push(render(sep, t, stack, eol));
    }
    if (isComment(t)) continue;

    const frame = top();
    const blockLike = frame.kind === 'top' || frame.kind === 'items' || frame.kind === 'list';
    if (t.kind === 'word' && blockLike && frame.atStart) {
      frame.statement = t.text;
      frame.atStart = false;
    }
    switch (t.text) {
      case '@':
        if (blockLike && frame.atStart) stack.push({ kind: 'attr', statement: undefined, atStart: false });
        break;
      case '{': {
        const kind = braceKind(p, frame);
        stack.push({ kind, statement: undefined, atStart: true });
        if (kind === 'items' || kind === 'list') pending = 'always';
        break;
      }
      case '}': {
        const closed = stack.pop();
        if (!closed || !['items', 'list', 'use-names', 'with'].includes(closed.kind)) return `unbalanced '}' at offset ${t.start}`;
        // Whatever follows a closing brace (after an optional `;`) starts a new statement.
        top().atStart = true;
        pending = 'unless-terminator';
        break;
      }
      case '(':
        stack.push({ kind: 'paren', statement: undefined, atStart: false });
        break;
      case ')': {
        if (top().kind !== 'paren') return `unbalanced ')' at offset ${t.start}`;
        stack.pop();
        if (top().kind === 'attr') {
          stack.pop();
          pending = 'always';
        }
        break;
      }
      case '<':
        stack.push({ kind: 'angle', statement: undefined, atStart: false });
        break;
      case '>':
        if (top().kind !== 'angle') return `unbalanced '>' at offset ${t.start}`;
        stack.pop();
        break;
      case ';':
        if (frame.kind === 'top' || frame.kind === 'items') {
          frame.atStart = true;
          pending = 'always';
        }
        break;
      case ',':
        if (frame.kind === 'list') {
          frame.atStart = true;
          pending = 'always';
        }
        break;
      default:
        // An attribute without an argument list ends at its name.
        if (frame.kind === 'attr' && p?.text !== '@') {
          stack.pop();
          pending = 'always';
        }
    }
  }
  if (stack.length !== 1) return 'unbalanced brackets at the end of the file';
  gaps.push(tokens.length > 0 ? eol : '');
  return gaps;
}

function wouldMerge(p: Token, t: Token): boolean {
  if (p.text === '/' && (t.text.startsWith('/') || t.text.startsWith('*'))) return true;
  const wordish = (x: Token): boolean => x.kind === 'word' || x.kind === 'number' || x.kind === 'version';
  return wordish(p) && (wordish(t) || t.text === '->');
}

function braceKind(p: Token | undefined, frame: Frame): FrameKind {
  if (p?.text === '.') return 'use-names';
  if (p?.text === 'with') return 'with';
  if (frame.statement !== undefined && LIST_BLOCKS.has(frame.statement)) return 'list';
  return 'items';
}

function separator(p: Token, t: Token, newlines: number, pending: Break, stack: readonly Frame[], after: Token | undefined): Sep {
  const frame = stack[stack.length - 1];
  const inBlock = frame.kind === 'top' || frame.kind === 'items' || frame.kind === 'list';
  const closesBlock = t.text === '}' && (frame.kind === 'items' || frame.kind === 'list');
  // A blank line is kept between items, never just inside an opening or closing brace.
  const blank = newlines >= 2 && inBlock && p.text !== '{' && !closesBlock;
  if (p.kind === 'line-comment') return { kind: 'newline', blank };
  if (isComment(t)) {
    if (newlines > 0) return { kind: 'newline', blank };
    return p.text === '(' || p.text === '<' ? NONE : SPACE;
  }
  if (p.text === '{' && closesBlock) return NONE;
  if (pending === 'always') return { kind: 'newline', blank };
  if (pending === 'unless-terminator' && t.text !== ';' && t.text !== ',') return { kind: 'newline', blank };
  if (closesBlock) return { kind: 'newline', blank: false };
  if (p.kind === 'block-comment') return newlines > 0 ? { kind: 'newline', blank } : SPACE;
  return inlineSeparator(p, t, frame, after);
}

function inlineSeparator(p: Token, t: Token, frame: Frame, after: Token | undefined): Sep {
  if (p.kind === 'punct') {
    switch (p.text) {
      case '(': case '<': case '.': case '@': case '/':
        return NONE;
      case ',': case '=': case '->':
        return SPACE;
      case ':':
        return isPathColon(t, after, frame) ? NONE : SPACE;
      case '{':
        return frame.kind === 'use-names' ? NONE : SPACE;
    }
  }
  if (t.kind === 'punct') {
    switch (t.text) {
      case ',': case ';': case ')': case '>': case '.': case ':': case '(': case '<': case '/': case '@':
        return NONE;
      case '}':
        return frame.kind === 'use-names' ? NONE : SPACE;
    }
  }
  return SPACE;
}

/**
 * A `:` inside `ns:pkg/…` (written without spaces) rather than after a name (`name: type`,
 * `import name: iface;`). In a package declaration every colon is a path colon; elsewhere a
 * package name is always followed by another `:` (nested namespace) or by `/`.
 */
function isPathColon(next: Token, after: Token | undefined, frame: Frame): boolean {
  if (frame.kind !== 'top' && frame.kind !== 'items') return false;
  if (frame.statement === undefined || !PATH_STATEMENTS.has(frame.statement)) return false;
  if (next.kind !== 'word' || NOT_A_PACKAGE_NAME.has(next.text)) return false;
  return frame.statement === 'package' || after?.text === '/' || after?.text === ':';
}

function render(sep: Sep, t: Token, stack: readonly Frame[], eol: string): string {
  if (sep.kind === 'none') return '';
  if (sep.kind === 'space') return ' ';
  let depth = 0;
  for (const f of stack) if (f.kind === 'items' || f.kind === 'list') depth += 1;
  const frame = stack[stack.length - 1];
  const closesBlock = t.text === '}' && (frame.kind === 'items' || frame.kind === 'list');
  if (closesBlock) depth -= 1;
  // Inside parentheses, angle brackets or inline braces a line break only follows a line
  // comment; indent the continuation one level deeper than the statement.
  if (frame.kind !== 'top' && frame.kind !== 'items' && frame.kind !== 'list') depth += 1;
  return (sep.blank ? eol + eol : eol) + INDENT.repeat(Math.max(0, depth));
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === 0x0a) n += 1;
  return n;
}
