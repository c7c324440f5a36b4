// A small WIT lexer for the features that work on the exact character stream: formatting (which
// only rewrites the whitespace between tokens, so the token sequence — and therefore the meaning —
// never changes) and comment folding. It knows nothing of grammar rules; the tree-sitter parser in
// `syntax/` stays the authority on structure and errors.

import { blockCommentEnd } from '../syntax/lexical';

export type TokenKind =
  | 'word' // identifiers and keywords, with an optional leading `%`
  | 'number' // plain integers such as the size in `list<u8, 4>`
  | 'version' // semantic versions such as `0.2.0-rc.1`
  | 'string'
  | 'punct' // one of `{ } ( ) < > , ; : . / @ = * ->`
  | 'line-comment' // `// …` to the end of the line (doc comments `///` included)
  | 'block-comment' // `/* … */`, nested
  | 'unknown'; // anything else; callers that rewrite text must refuse when they see one

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** UTF-16 offsets into the source, half-open. */
  readonly start: number;
  readonly end: number;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  /** True when a block comment or string ran to the end of the input. */
  readonly unterminated: boolean;
}

/** Splits `text` into tokens, skipping whitespace. Never throws. */
export function lexWit(text: string): LexResult {
  const tokens: Token[] = [];
  let unterminated = false;
  let i = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: text.slice(i, end), start: i, end });
    i = end;
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i += 1;
      continue;
    }
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      let end = i;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end += 1;
      push('line-comment', end);
    } else if (ch === '/' && next === '*') {
      const end = blockCommentEnd(text, i);
      if (end === undefined) {
        unterminated = true;
        push('block-comment', text.length);
      } else {
        push('block-comment', end);
      }
    } else if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (close < 0 || (nl >= 0 && nl < close)) {
        unterminated = true;
        push('string', nl < 0 ? text.length : nl);
      } else {
        push('string', close + 1);
      }
    } else if (ch === '-' && next === '>') {
      push('punct', i + 2);
    } else if (PUNCT.has(ch)) {
      push('punct', i + 1);
    } else if (isDigit(c)) {
      VERSION.lastIndex = i;
      const v = VERSION.exec(text);
      if (v) {
        push('version', i + v[0].length);
      } else {
        let end = i;
        while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
        push('number', end);
      }
    } else if (ch === '%' || isWordStart(c)) {
      let end = i + 1;
      while (end < text.length && isWordPart(text.charCodeAt(end))) end += 1;
      push('word', end);
    } else {
      // Keep surrogate pairs together so the token text is a whole character.
      const width = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
      push('unknown', i + width);
    }
  }
  return { tokens, unterminated };
}

/** True for comment tokens. */
export function isComment(token: Token): boolean {
  return token.kind === 'line-comment' || token.kind === 'block-comment';
}

const PUNCT = new Set(['{', '}', '(', ')', '<', '>', ',', ';', ':', '.', '/', '@', '=', '*']);

// A full semver (major.minor.patch with optional pre-release and build parts). A `.` that is
// not followed by an identifier character is left alone, so `@1.0.0.{a}` stops before `.{`.
const VERSION = /[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?/y;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c) || c === 0x2d;
}
