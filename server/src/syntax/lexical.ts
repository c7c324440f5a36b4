// WIT's lexical structure as wit-parser lexes it: a tokenizer (used by firstError.ts to replay
// wit-parser's parse) and the lexical diagnostics of a whole file, in wit-parser's words.
//
// wit-parser checks the whole input for forbidden code points before it lexes anything, so those
// errors come first regardless of where they are; every other lexical error is met in order.

import type { Diagnostic, Span } from './ast';
import { KEYWORDS } from './identifiers';

export type Punctuation =
  | '=' | ',' | ':' | ';' | '(' | ')' | '{' | '}' | '<' | '>' | '*' | '->' | '/' | '.' | '@' | '+' | '-';

export type TokenKind = Punctuation | 'id' | 'explicit-id' | 'integer' | 'string' | 'keyword';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
}

export interface LexError {
  readonly kind: 'error';
  readonly message: string;
  readonly span: Span;
  /** Where lexing resumes, past the offending text. */
  readonly resume: number;
}

const PUNCTUATION: ReadonlySet<string> = new Set(['=', ',', ':', ';', '(', ')', '{', '}', '<', '>', '*', '/', '.', '@', '+', '-']);

/** How wit-parser names a token in its `expected …, found …` messages. */
export function describeToken(kind: TokenKind, text: string): string {
  switch (kind) {
    case 'id':
      return 'an identifier';
    case 'explicit-id':
      return "an '%' identifier";
    case 'integer':
      return 'an integer';
    case 'string':
      return 'a string literal';
    case 'keyword':
      return `keyword \`${text}\``;
    case '->':
    case '*':
    case '@':
    case '/':
    case '+':
    case '-':
      return `\`${kind}\``;
    default:
      return `'${kind}'`;
  }
}

/**
 * Forbidden code points, reported by wit-parser before parsing: bidirectional overrides, control
 * codes other than tab, newline and carriage return, and code points Unicode discourages. The
 * odd-looking wording (`EscapeUnicode(…)`) is wit-parser's, reproduced so that messages match.
 */
export function forbiddenCodePoints(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Nearly every file has none; one native search settles that.
  if (!FORBIDDEN.test(text)) return out;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    let message: string | undefined;
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
      message = `Input contains bidirectional override codepoint EscapeUnicode(EscapeIterInner('${escapeUnicode(cp)}'))`;
    } else if ((cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f)) {
      message = `Control code '${escapeUnicode(cp)}'`;
    } else if (DISCOURAGED.has(cp)) {
      message = `Codepoint EscapeUnicode(EscapeIterInner('${escapeUnicode(cp)}')) is discouraged by Unicode`;
    }
    if (message !== undefined) {
      out.push({ span: { start: i, end: i + width }, message, severity: 'error', code: 'forbidden-code-point' });
    }
    i += width - 1;
  }
  return out;
}

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u0149\u0673\u0f77\u0f79\u17a3\u17a4\u17b4\u17b5]/;

/** Code points with Unicode's "deprecated" property that wit-parser rejects. */
const DISCOURAGED: ReadonlySet<number> = new Set([0x149, 0x673, 0xf77, 0xf79, 0x17a3, 0x17a4, 0x17b4, 0x17b5]);

/** Rust's `char::escape_unicode`: `\u{1f}`. */
function escapeUnicode(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** Rust's `{:?}` of a char, as wit-parser prints the character in lexical errors. */
export function debugChar(ch: string): string {
  switch (ch) {
    case '\n':
      return "'\\n'";
    case '\r':
      return "'\\r'";
    case '\t':
      return "'\\t'";
    case "'":
      return "'\\''";
    case '\\':
      return "'\\\\'";
    default:
      // Rust escapes characters it does not consider printable (an approximation of its table).
      return NOT_PRINTABLE.test(ch) ? `'${escapeUnicode(ch.codePointAt(0) ?? 0)}'` : `'${ch}'`;
  }
}

const NOT_PRINTABLE = /^(?! )[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Mn}\p{Me}]$/u;

/** Lexes WIT text token by token, skipping whitespace and comments, the way wit-parser does. */
export class Tokenizer {
  private pos: number;

  constructor(readonly text: string, start = 0) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  /** The next token, a lexical error (after which lexing may continue), or undefined at the end. */
  next(): Token | LexError | undefined {
    const text = this.text;
    for (;;) {
      if (this.pos >= text.length) return undefined;
      const start = this.pos;
      const ch = text[start];
      if (ch === ' ' || ch === '\t' || ch === '\n' || (ch === '\uFEFF' && start === 0)) {
        // A byte-order mark is only allowed at the very start of the file.
        this.pos++;
        continue;
      }
      if (ch === '\r') {
        // A carriage return is whitespace only as part of `\r\n`.
        if (text[start + 1] === '\n') {
          this.pos += 2;
          continue;
        }
        return this.error(start, start + 1, `unexpected character ${debugChar('\r')}`);
      }
      if (ch === '/' && text[start + 1] === '/') {
        const end = text.indexOf('\n', start);
        this.pos = end === -1 ? text.length : end;
        continue;
      }
      if (ch === '/' && text[start + 1] === '*') {
        const end = blockCommentEnd(text, start);
        if (end === undefined) return this.error(start, start + 2, 'unterminated block comment', text.length);
        this.pos = end;
        continue;
      }
      if (ch === '-' && text[start + 1] === '>') return this.token('->', start, start + 2);
      if (PUNCTUATION.has(ch)) return this.token(ch as Punctuation, start, start + 1);
      if (ch === '"') return this.string(start);
      if (ch >= '0' && ch <= '9') {
        let end = start + 1;
        while (end < text.length && text[end] >= '0' && text[end] <= '9') end++;
        return this.token('integer', start, end);
      }
      if (ch === '%') {
        const end = isKeylikeStart(text, start + 1) ? keylikeEnd(text, start + 1) : start + 1;
        return this.token('explicit-id', start, end);
      }
      if (isKeylikeStart(text, start)) {
        const end = keylikeEnd(text, start);
        return this.token(KEYWORDS.has(text.slice(start, end)) ? 'keyword' : 'id', start, end);
      }
      const cp = text.codePointAt(start) ?? 0;
      const width = cp > 0xffff ? 2 : 1;
      return this.error(start, start + width, `unexpected character ${debugChar(String.fromCodePoint(cp))}`);
    }
  }

  /** A string literal: `"…"` with `\n \t \r \' \" \\ \0 \u{…}` escapes, no control characters. */
  private string(start: number): Token | LexError {
    const text = this.text;
    let i = start + 1;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') return this.token('string', start, i + 1);
      if (c === '\\') {
        const problem = this.escape(i + 1);
        if (typeof problem !== 'number') return this.error(problem.at, problem.at + 1, problem.message, this.stringEnd(problem.at + 1));
        i = problem;
        continue;
      }
      const code = c.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) return this.error(i, i + 1, `invalid string character ${debugChar(c)}`, this.stringEnd(i + 1));
      i++;
    }
    return this.error(text.length, text.length, 'unexpected end of file', text.length);
  }

  /** Checks the escape whose letter is at `at`; returns where the string continues, or the problem. */
  private escape(at: number): number | { at: number; message: string } {
    const text = this.text;
    const c = text[at];
    if (c === undefined) return { at: text.length, message: 'unexpected end of file' };
    if ('nrt\'"\\0'.includes(c)) return at + 1;
    if (c !== 'u') return { at, message: `invalid string escape ${debugChar(c)}` };
    let i = at + 1;
    if (text[i] !== '{') return { at: i, message: "expected character '{'" };
    i++;
    let value = 0;
    for (let digits = 0; ; digits++, i++) {
      const d = text[i];
      if (d === '}' && digits > 0) break;
      if (d !== undefined && /[0-9a-fA-F]/.test(d)) {
        value = Math.min(value * 16 + parseInt(d, 16), 0xffffffff);
        continue;
      }
      if (d === undefined) return { at: text.length, message: 'unexpected end of file' };
      return digits === 0 ? { at: i, message: `invalid hex digit ${debugChar(d)}` } : { at: i, message: "expected character '}'" };
    }
    if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
      return { at, message: `invalid unicode value 0x${value.toString(16)}` };
    }
    return i + 1;
  }

  /** Just past the closing quote of a string whose content continues at `from` (or the end). */
  private stringEnd(from: number): number {
    for (let i = from; i < this.text.length; i++) {
      if (this.text[i] === '\\') i++;
      else if (this.text[i] === '"') return i + 1;
    }
    return this.text.length;
  }

  private token(kind: TokenKind, start: number, end: number): Token {
    this.pos = end;
    return { kind, start, end };
  }

  private error(start: number, end: number, message: string, resume = end): LexError {
    this.pos = resume;
    return { kind: 'error', message, span: { start, end }, resume };
  }
}

/** The offset just past a (nested) block comment starting at `start`, or undefined if unterminated. */
export function blockCommentEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return undefined;
}

// Identifier characters: wit-parser lexes any run of Unicode XID characters and `-` starting with
// an XID start character or `_`, then checks kebab-case separately.
const XID_START = /[\p{XID_Start}_]/u;
const XID_CONTINUE = /[\p{XID_Continue}-]/u;

function isKeylikeStart(text: string, at: number): boolean {
  const cp = text.codePointAt(at);
  return cp !== undefined && XID_START.test(String.fromCodePoint(cp));
}

function keylikeEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // ASCII fast path; the regular expression handles the rest of Unicode.
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95) {
      i++;
      continue;
    }
    if (c < 128) break;
    const cp = text.codePointAt(i) ?? 0;
    if (!XID_CONTINUE.test(String.fromCodePoint(cp))) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/**
 * Every lexical problem in `text`: forbidden code points first (wit-parser rejects them before
 * lexing), then lexical errors in order (unexpected characters, unterminated comments, bad
 * strings) from token boundary `from` on (the caller knows the text before it lexes cleanly).
 */
export function lexicalDiagnostics(text: string, from = 0): { upfront: Diagnostic[]; inOrder: Diagnostic[] } {
  const upfront = forbiddenCodePoints(text);
  const forbidden = new Set(upfront.map((d) => d.span.start));
  const inOrder: Diagnostic[] = [];
  const tokenizer = new Tokenizer(text, from);
  for (let token = tokenizer.next(); token !== undefined; token = tokenizer.next()) {
    if (token.kind !== 'error') continue;
    // A control code is already reported as forbidden; do not report it again as unexpected.
    if (forbidden.has(token.span.start)) continue;
    inOrder.push({ span: token.span, message: token.message, severity: 'error', code: 'lexical' });
  }
  return { upfront, inOrder };
}
