// Replays wit-parser's recursive-descent parse over wit-parser's tokens to find the syntax errors
// it would report, with its exact wording and the range of the offending token.
//
// Why a second parse: wit-parser's messages name what *its* parser expected at that point
// (``expected `type`, `resource` or `func`, found '='``), which depends on the order in which it
// tries alternatives. Tree-sitter's parse tables cannot reproduce that wording reliably, while
// this small replay can. Tree-sitter still provides the tree and its recovery. The replay builds
// nothing; wit-parser stops at its first error, and the replay then resumes at the next member
// (chosen from the tree) to find the error wit-parser would report there.

import type { Span } from './ast';
import { identifierError, isPrimitiveType } from './identifiers';
import { debugChar, describeToken, Token, Tokenizer } from './lexical';
import { listSizeError, MAX_PACKAGE_DEPTH, MAX_TYPE_DEPTH, PACKAGE_TOO_DEEP, TYPE_TOO_DEEP } from './limits';

export interface FirstError {
  readonly message: string;
  readonly span: Span;
}

/** The kinds of body the replay can resume in. */
export type BodyKind = 'interface' | 'world' | 'resource' | 'package';

/** Where to resume after an error: the start of the next member, inside these bodies. */
export interface Restart {
  readonly offset: number;
  /** The enclosing bodies, outermost first; empty at the top level. */
  readonly bodies: readonly BodyKind[];
}

/** At most this many errors are replayed; hostile input could otherwise cost a restart per token. */
const MAX_ERRORS = 500;

/**
 * wit-parser's first error, then, for the rest of the file, the error wit-parser would report if
 * it resumed at the next member: after an error at `errorStart`, `restartAfter` names the next
 * member (of the innermost body or the top level) to resume at, past `previous` (the last
 * restart offset), or undefined to stop. This gives one exactly worded error per broken member.
 */
export function replaySyntaxErrors(
  text: string,
  restartAfter: (errorStart: number, previous: number) => Restart | undefined,
): FirstError[] {
  const errors: FirstError[] = [];
  const replay = new Replay(text);
  let restart: Restart | undefined;
  for (;;) {
    try {
      if (restart === undefined) replay.file();
      else replay.resume(restart.offset, restart.bodies);
      return errors;
    } catch (e) {
      if (!(e instanceof ReplayError)) throw e;
      errors.push({ message: e.message, span: e.span });
      const previous = restart?.offset ?? -1;
      restart = errors.length < MAX_ERRORS ? restartAfter(e.span.start, previous) : undefined;
      // Strictly increasing restarts guarantee progress.
      if (restart === undefined || restart.offset <= previous) return errors;
    }
  }
}

class ReplayError extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}


const TYPEDEF_KEYWORDS: ReadonlySet<string> = new Set(['type', 'flags', 'enum', 'variant', 'resource', 'record']);

/** What `expect` looks for: a punctuation or token kind, or a keyword. */
type Want = { readonly kind: Token['kind'] } | { readonly keyword: string };

class Replay {
  private tokens: Tokenizer;
  private peeked: Token | null | undefined;

  constructor(private readonly text: string) {
    this.tokens = new Tokenizer(text);
  }

  // ------------------------------------------------------------------------------------------
  // Tokens

  /** The next token (null at the end); a lexical error there is the parse's first error. */
  private peek(): Token | null {
    if (this.peeked === undefined) {
      const token = this.tokens.next();
      if (token !== undefined && token.kind === 'error') throw new ReplayError(token.message, token.span);
      this.peeked = token ?? null;
    }
    return this.peeked;
  }

  private advance(): Token | null {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  private textOf(token: Token): string {
    return this.text.slice(token.start, token.end);
  }

  private is(token: Token | null, want: Want): token is Token {
    if (token === null) return false;
    if ('keyword' in want) return token.kind === 'keyword' && this.textOf(token) === want.keyword;
    return token.kind === want.kind;
  }

  private isKeyword(token: Token | null, keyword: string): boolean {
    return this.is(token, { keyword });
  }

  private eat(want: Want): boolean {
    if (!this.is(this.peek(), want)) return false;
    this.advance();
    return true;
  }

  private expect(want: Want): Token {
    const token = this.advance();
    if (this.is(token, want)) return token;
    const expected = 'keyword' in want ? describeToken('keyword', want.keyword) : describeToken(want.kind, want.kind);
    throw this.expected(expected, token);
  }

  /** wit-parser's `expected X, found Y` error at `found` (the end of the file when null). */
  private expected(expected: string, found: Token | null): ReplayError {
    if (found === null) {
      return new ReplayError(`expected ${expected}, found eof`, { start: this.text.length, end: this.text.length });
    }
    const description = describeToken(found.kind, this.textOf(found));
    return new ReplayError(`expected ${expected}, found ${description}`, { start: found.start, end: found.end });
  }

  private id(): Token {
    const token = this.advance();
    if (token === null || (token.kind !== 'id' && token.kind !== 'explicit-id')) {
      throw this.expected('an identifier or string', token);
    }
    const raw = this.textOf(token);
    const problem = identifierError(token.kind === 'explicit-id' ? raw.slice(1) : raw);
    if (problem !== undefined) throw new ReplayError(problem, { start: token.start, end: token.end });
    return token;
  }

  private semicolon(): void {
    this.expect({ kind: ';' });
  }

  // ------------------------------------------------------------------------------------------
  // Files, packages and paths

  file(): void {
    // `package a:b;` is the file's declaration only if a `;` follows the name; otherwise wit-parser
    // re-reads it as a nested package block.
    const mark = this.tokens.offset;
    const peeked = this.peeked;
    if (this.isKeyword(this.peek(), 'package')) {
      this.advance();
      this.packageName();
      if (!this.eat({ kind: ';' })) this.rewind(mark, peeked);
    }
    while (this.peek() !== null) this.item(0);
  }

  /**
   * Resumes at `offset` (the start of a member) inside the bodies `bodies` (outermost first),
   * finishing each body, then parses top-level items to the end.
   */
  resume(offset: number, bodies: readonly BodyKind[]): void {
    this.rewind(offset, undefined);
    for (let i = bodies.length - 1; i >= 0; i--) {
      switch (bodies[i]) {
        case 'interface':
          this.interfaceMembers();
          break;
        case 'world':
          this.worldMembers();
          break;
        case 'resource':
          this.resourceMembers();
          break;
        case 'package': {
          const depth = bodies.slice(0, i + 1).filter((b) => b === 'package').length;
          while (!this.eat({ kind: '}' })) this.item(depth);
          break;
        }
      }
    }
    while (this.peek() !== null) this.item(0);
  }

  private rewind(offset: number, peeked: Token | null | undefined): void {
    this.tokens = new Tokenizer(this.text, offset);
    this.peeked = peeked;
  }

  private item(depth: number): void {
    const attributes = this.attributes();
    const token = this.peek();
    if (this.isKeyword(token, 'interface')) {
      this.advance();
      this.id();
      this.interfaceBody();
    } else if (this.isKeyword(token, 'world')) {
      this.advance();
      this.id();
      this.worldBody();
    } else if (this.isKeyword(token, 'use')) {
      this.advance();
      this.usePath();
      if (this.eat({ keyword: 'as' })) this.id();
      this.semicolon();
    } else if (this.isKeyword(token, 'package')) {
      const keyword = this.advance() as Token;
      const span = { start: keyword.start, end: keyword.end };
      if (attributes > 0) throw new ReplayError('cannot place attributes on nested packages', span);
      if (depth >= MAX_PACKAGE_DEPTH) throw new ReplayError(PACKAGE_TOO_DEEP, span);
      this.packageName();
      this.expect({ kind: '{' });
      while (!this.eat({ kind: '}' })) this.item(depth + 1);
    } else {
      throw this.expected('`world`, `interface` or `use`', this.advance());
    }
  }

  private packageName(): void {
    this.id();
    this.expect({ kind: ':' });
    this.id();
    if (this.eat({ kind: '@' })) this.version();
  }

  private usePath(): void {
    this.id();
    if (this.eat({ kind: ':' })) {
      this.id();
      this.expect({ kind: '/' });
      this.id();
      if (this.eat({ kind: '@' })) this.version();
    }
  }

  /**
   * `1.2.3`, optionally followed by `-pre.release` and `+build` identifiers, read token by token
   * as wit-parser does: after `-` or `+`, identifiers, integers and `-` are taken, and a `.` only
   * when one of those follows it (so `@1.0.0-rc.{` leaves `.{` to the `use`). The text covered,
   * whitespace included, must then be valid semver.
   */
  private version(): void {
    const start = this.expect({ kind: 'integer' }).start;
    this.expect({ kind: '.' });
    this.expect({ kind: 'integer' });
    this.expect({ kind: '.' });
    let end = this.expect({ kind: 'integer' }).end;
    const isPart = (t: Token | null): boolean => t !== null && (t.kind === 'id' || t.kind === 'integer' || t.kind === '-');
    for (const prefix of ['-', '+'] as const) {
      if (!this.eat({ kind: prefix })) continue;
      for (;;) {
        const token = this.peek();
        if (isPart(token)) {
          end = (this.advance() as Token).end;
          continue;
        }
        if (token === null || token.kind !== '.') break;
        // Look past the `.` without consuming it unless a part follows.
        const afterDot = this.tokens.offset;
        this.advance();
        const next = this.peek();
        if (!isPart(next)) {
          this.rewind(afterDot, token);
          break;
        }
        end = (this.advance() as Token).end;
      }
    }
    const problem = semverError(this.text.slice(start, end));
    if (problem !== undefined) throw new ReplayError(problem, { start, end });
  }

  /** Reads `@name(…)` attributes; returns how many. */
  private attributes(): number {
    let count = 0;
    for (; this.eat({ kind: '@' }); count++) {
      const name = this.id();
      const text = this.textOf(name);
      switch (text) {
        case 'since':
        case 'deprecated':
        case 'unstable': {
          this.expect({ kind: '(' });
          const key = this.id();
          const wanted = text === 'unstable' ? 'feature' : 'version';
          const keyText = this.textOf(key);
          if (keyText !== wanted) {
            throw new ReplayError(`expected \`${wanted}\`, found \`${keyText}\``, { start: key.start, end: key.end });
          }
          this.expect({ kind: '=' });
          if (text === 'unstable') this.id();
          else this.version();
          this.expect({ kind: ')' });
          break;
        }
        case 'external-id': {
          this.expect({ kind: '(' });
          const token = this.advance();
          if (token === null || token.kind !== 'string') throw this.expected('a string literal', token);
          this.expect({ kind: ')' });
          break;
        }
        default:
          throw new ReplayError(`unknown attribute \`${text}\``, { start: name.start, end: name.end });
      }
    }
    return count;
  }

  // ------------------------------------------------------------------------------------------
  // Interfaces and worlds

  private interfaceBody(): void {
    this.expect({ kind: '{' });
    this.interfaceMembers();
  }

  /** Interface members up to and including the closing `}`. */
  private interfaceMembers(): void {
    while (!this.eat({ kind: '}' })) {
      this.attributes();
      this.interfaceItem();
    }
  }

  private interfaceItem(): void {
    const token = this.peek();
    if (token !== null && token.kind === 'keyword' && TYPEDEF_KEYWORDS.has(this.textOf(token))) {
      this.typedef();
    } else if (token !== null && (token.kind === 'id' || token.kind === 'explicit-id')) {
      this.id();
      this.expect({ kind: ':' });
      this.func();
      this.semicolon();
    } else if (this.isKeyword(token, 'use')) {
      this.use();
    } else {
      throw this.expected('`type`, `resource` or `func`', this.advance());
    }
  }

  private worldBody(): void {
    this.expect({ kind: '{' });
    this.worldMembers();
  }

  /** World members up to and including the closing `}`. */
  private worldMembers(): void {
    while (!this.eat({ kind: '}' })) {
      this.attributes();
      const token = this.peek();
      if (this.isKeyword(token, 'import') || this.isKeyword(token, 'export')) {
        this.advance();
        this.extern();
      } else if (this.isKeyword(token, 'use')) {
        this.use();
      } else if (this.isKeyword(token, 'include')) {
        this.advance();
        this.usePath();
        if (this.eat({ keyword: 'with' })) {
          this.list('{', '}', () => {
            this.id();
            this.expect({ keyword: 'as' });
            this.id();
          });
        } else {
          this.semicolon();
        }
      } else if (token !== null && token.kind === 'keyword' && TYPEDEF_KEYWORDS.has(this.textOf(token))) {
        this.typedef();
      } else {
        throw this.expected('`import`, `export`, `include`, `use`, or type definition', this.advance());
      }
    }
  }

  /**
   * `name: func…;`, `name: interface {…}`, `name: path;` or `path;`. wit-parser decides by
   * looking ahead: after `name:`, a function or interface; an identifier not followed by `/`
   * starts a path under a plain name; anything else is re-read as a package path.
   */
  private extern(): void {
    const mark = this.tokens.offset;
    const peeked = this.peeked;
    this.id();
    if (this.eat({ kind: ':' })) {
      const next = this.peek();
      if (this.isKeyword(next, 'func') || this.isKeyword(next, 'async')) {
        this.func();
        this.semicolon();
        return;
      }
      if (this.isKeyword(next, 'interface')) {
        this.advance();
        this.interfaceBody();
        return;
      }
      if (next !== null && (next.kind === 'id' || next.kind === 'explicit-id')) {
        const afterName = this.tokens.offset;
        this.advance();
        const following = this.peek();
        this.rewind(afterName, next);
        if (following === null || following.kind !== '/') {
          this.usePath();
          this.semicolon();
          return;
        }
      }
    }
    this.rewind(mark, peeked);
    this.usePath();
    this.semicolon();
  }

  private use(): void {
    this.expect({ keyword: 'use' });
    this.usePath();
    this.expect({ kind: '.' });
    this.expect({ kind: '{' });
    while (!this.eat({ kind: '}' })) {
      this.id();
      if (this.eat({ keyword: 'as' })) this.id();
      if (!this.eat({ kind: ',' })) {
        this.expect({ kind: '}' });
        break;
      }
    }
    this.semicolon();
  }

  private func(): void {
    this.eat({ keyword: 'async' });
    this.expect({ keyword: 'func' });
    this.params(true);
    if (this.eat({ kind: '->' })) this.type(0);
  }

  private params(leftParen: boolean): void {
    if (leftParen) this.expect({ kind: '(' });
    this.listTrailer(')', () => {
      this.id();
      this.expect({ kind: ':' });
      this.type(0);
    });
  }

  // ------------------------------------------------------------------------------------------
  // Type definitions and types

  private typedef(): void {
    const keyword = this.textOf(this.advance() as Token);
    this.id();
    switch (keyword) {
      case 'type':
        this.expect({ kind: '=' });
        this.type(0);
        this.semicolon();
        return;
      case 'flags':
      case 'enum':
        this.list('{', '}', () => this.id());
        return;
      case 'record':
        this.list('{', '}', () => {
          this.id();
          this.expect({ kind: ':' });
          this.type(0);
        });
        return;
      case 'variant':
        this.list('{', '}', () => {
          this.id();
          if (this.eat({ kind: '(' })) {
            this.type(0);
            this.expect({ kind: ')' });
          }
        });
        return;
      default:
        this.resourceBody();
    }
  }

  private resourceBody(): void {
    if (!this.eat({ kind: '{' })) {
      this.semicolon();
      return;
    }
    this.resourceMembers();
  }

  /** Resource members up to and including the closing `}`. */
  private resourceMembers(): void {
    while (!this.eat({ kind: '}' })) {
      this.attributes();
      const token = this.peek();
      if (this.isKeyword(token, 'constructor')) {
        this.advance();
        this.params(true);
        if (this.eat({ kind: '->' })) this.type(0);
        this.semicolon();
      } else if (token !== null && (token.kind === 'id' || token.kind === 'explicit-id')) {
        this.id();
        this.expect({ kind: ':' });
        this.eat({ keyword: 'static' });
        this.func();
        this.semicolon();
      } else {
        throw this.expected('`constructor` or identifier', this.advance());
      }
    }
  }

  private type(depth: number): void {
    const token = this.advance();
    if (depth >= MAX_TYPE_DEPTH && token !== null) {
      throw new ReplayError(TYPE_TOO_DEEP, { start: token.start, end: token.end });
    }
    if (token === null) throw this.expected('a type', null);
    const text = this.textOf(token);
    if (token.kind === 'id' || token.kind === 'explicit-id') {
      const problem = identifierError(token.kind === 'explicit-id' ? text.slice(1) : text);
      if (problem !== undefined) throw new ReplayError(problem, { start: token.start, end: token.end });
      return;
    }
    if (token.kind !== 'keyword') throw this.expected('a type', token);
    if (isPrimitiveType(text)) return;
    const inner = (): void => this.type(depth + 1);
    switch (text) {
      case 'tuple':
        this.list('<', '>', inner);
        return;
      case 'list': {
        this.expect({ kind: '<' });
        inner();
        if (this.eat({ kind: ',' })) {
          const size = this.advance();
          if (size === null || size.kind !== 'integer') throw this.expected('fixed-length', size);
          const problem = listSizeError(this.textOf(size));
          if (problem !== undefined) throw new ReplayError(problem, { start: size.start, end: size.end });
        }
        this.expect({ kind: '>' });
        return;
      }
      case 'map':
        this.expect({ kind: '<' });
        inner();
        this.expect({ kind: ',' });
        inner();
        this.expect({ kind: '>' });
        return;
      case 'option':
        this.expect({ kind: '<' });
        inner();
        this.expect({ kind: '>' });
        return;
      case 'result':
        if (this.eat({ kind: '<' })) {
          if (this.eat({ keyword: '_' })) {
            this.expect({ kind: ',' });
            inner();
          } else {
            inner();
            if (this.eat({ kind: ',' })) inner();
          }
          this.expect({ kind: '>' });
        }
        return;
      case 'future':
      case 'stream':
        if (this.eat({ kind: '<' })) {
          inner();
          this.expect({ kind: '>' });
        }
        return;
      case 'own':
      case 'borrow':
        this.expect({ kind: '<' });
        this.id();
        this.expect({ kind: '>' });
        return;
      default:
        throw this.expected('a type', token);
    }
  }

  /** `start item, item, … end` with an optional trailing comma. */
  private list(start: Token['kind'], end: Token['kind'], item: () => void): void {
    this.expect({ kind: start });
    this.listTrailer(end, item);
  }

  private listTrailer(end: Token['kind'], item: () => void): void {
    while (!this.eat({ kind: end })) {
      item();
      if (!this.eat({ kind: ',' })) {
        this.expect({ kind: end });
        return;
      }
    }
  }
}

/**
 * The error the semver crate (which wit-parser uses) reports for a version text, or undefined
 * when it is valid: leading zeros, overflow, empty identifiers and stray characters.
 */
export function semverError(text: string): string | undefined {
  let i = 0;
  const at = (): string => (i < text.length ? debugChar(text[i]) : '');
  const number = (position: string): string | undefined => {
    const begin = i;
    while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
    const digits = text.slice(begin, i);
    if (digits.length === 0) {
      return i >= text.length ? `unexpected end of input while parsing ${position}` : `unexpected character ${at()} while parsing ${position}`;
    }
    if (digits.length > 1 && digits[0] === '0') return `invalid leading zero in ${position}`;
    if (BigInt(digits) > 18446744073709551615n) return `value of ${position} exceeds u64::MAX`;
    return undefined;
  };
  const identifiers = (position: string, numericLeadingZero: boolean): string | undefined => {
    for (;;) {
      const begin = i;
      while (i < text.length && /[0-9A-Za-z-]/.test(text[i])) i++;
      const segment = text.slice(begin, i);
      if (segment.length === 0) return `empty identifier segment in ${position}`;
      if (numericLeadingZero && /^[0-9]+$/.test(segment) && segment.length > 1 && segment[0] === '0') {
        return `invalid leading zero in ${position}`;
      }
      if (text[i] !== '.') return undefined;
      i++;
    }
  };
  const positions = ['major version number', 'minor version number', 'patch version number'];
  for (const [index, position] of positions.entries()) {
    const problem = number(position);
    if (problem !== undefined) return problem;
    if (index < 2) {
      if (text[i] !== '.') return i >= text.length ? `unexpected end of input while parsing ${positions[index + 1]}` : `unexpected character ${at()} after ${position}`;
      i++;
    }
  }
  let last = 'patch version number';
  if (text[i] === '-') {
    i++;
    const problem = identifiers('pre-release identifier', true);
    if (problem !== undefined) return problem;
    last = 'pre-release identifier';
  }
  if (text[i] === '+') {
    i++;
    const problem = identifiers('build metadata', false);
    if (problem !== undefined) return problem;
    last = 'build metadata';
  }
  return i < text.length ? `unexpected character ${at()} after ${last}` : undefined;
}
