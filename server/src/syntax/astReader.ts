// The parts of AST building shared by every item: names, versions, attributes, doc comments and
// types, with the checks wit-parser makes on them. AstBuilder (astBuilder.ts) builds the items.

import type { Attribute, Diagnostic, Docs, Ident, Span, Type } from './ast';
import { children, COMMENTS, find, S, spanOf } from './cst';
import { identifierError, isPrimitiveType } from './identifiers';
import { Tokenizer } from './lexical';
import { listSizeError, MAX_TYPE_DEPTH, TYPE_TOO_DEEP } from './limits';

export const TYPE_NODES: ReadonlySet<string> = new Set([
  'primitive_type', 'named_type', 'list_type', 'option_type', 'result_type', 'tuple_type', 'map_type',
  'handle_type', 'future_type', 'stream_type',
]);

export class AstReader {
  protected diagnostics: Diagnostic[] = [];

  constructor(protected readonly text: string) {}

  // ------------------------------------------------------------------------------------------
  // Types

  protected type(s: S | undefined, depth: number): Type | undefined {
    if (s === undefined || !TYPE_NODES.has(s.type)) return undefined;
    const span = spanOf(s);
    if (depth >= MAX_TYPE_DEPTH) {
      this.error(span, TYPE_TOO_DEEP);
      return undefined;
    }
    if (s.type === 'primitive_type') {
      const name = this.text.slice(span.start, span.end);
      return isPrimitiveType(name) ? { kind: 'primitive', name, span } : undefined;
    }
    const kids = children(s);
    const types = kids.filter((k) => TYPE_NODES.has(k.type));
    const inner = (index: number): Type | undefined => this.type(types[index], depth + 1);
    switch (s.type) {
      case 'named_type': {
        const name = find(kids, 'identifier');
        return name === undefined ? undefined : { kind: 'named', name: this.ident(name), span };
      }
      case 'list_type': {
        const element = inner(0);
        if (element === undefined) return undefined;
        const sizeNode = find(kids, 'integer');
        if (sizeNode === undefined) return { kind: 'list', element, span };
        const size = { text: this.text.slice(sizeNode.start, sizeNode.end), span: spanOf(sizeNode) };
        const sizeProblem = listSizeError(size.text);
        if (sizeProblem !== undefined) this.error(size.span, sizeProblem);
        return { kind: 'list', element, size, span };
      }
      case 'option_type': {
        const value = inner(0);
        return value === undefined ? undefined : { kind: 'option', inner: value, span };
      }
      case 'result_type': {
        const converted = types.map((_, i) => inner(i));
        if (converted.some((t) => t === undefined)) return undefined;
        if (converted.length === 2) return { kind: 'result', ok: converted[0], err: converted[1], span };
        if (converted.length === 0) return { kind: 'result', span };
        return this.hasUnderscore(span.start, types[0].start)
          ? { kind: 'result', err: converted[0], span }
          : { kind: 'result', ok: converted[0], span };
      }
      case 'tuple_type': {
        const elements = types.map((_, i) => inner(i));
        return elements.every((t): t is Type => t !== undefined) ? { kind: 'tuple', elements, span } : undefined;
      }
      case 'map_type': {
        const key = inner(0);
        const value = inner(1);
        return key === undefined || value === undefined ? undefined : { kind: 'map', key, value, span };
      }
      case 'handle_type': {
        const resource = find(kids, 'identifier');
        if (resource === undefined) return undefined;
        return { kind: this.text.startsWith('borrow', span.start) ? 'borrow' : 'own', resource: this.ident(resource), span };
      }
      case 'future_type':
      case 'stream_type': {
        const value = types.length === 0 ? undefined : inner(0);
        if (types.length > 0 && value === undefined) return undefined;
        return { kind: s.type === 'future_type' ? 'future' : 'stream', inner: value, span };
      }
      default:
        return undefined;
    }
  }

  /** Whether `result<_, E>` (rather than `result<T>`) is written between `start` and `end`. */
  private hasUnderscore(start: number, end: number): boolean {
    const tokens = new Tokenizer(this.text, start);
    for (let t = tokens.next(); t !== undefined && (t.kind === 'error' ? t.span.start : t.start) < end; t = tokens.next()) {
      if (t.kind === 'keyword' && this.text[t.start] === '_' && t.end - t.start === 1) return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------
  // Names, versions, attributes, docs

  protected ident(s: S): Ident {
    const span = spanOf(s);
    const raw = this.text.slice(span.start, span.end);
    const escaped = raw.startsWith('%');
    const name = escaped ? raw.slice(1) : raw;
    if (!escaped && name === 'from') {
      // `from` is reserved but appears in no rule, so the grammar lexes it as an identifier.
      this.error(span, 'expected an identifier or string, found keyword `from`');
    } else {
      const problem = identifierError(name);
      if (problem !== undefined) this.error(span, problem, 'invalid-identifier');
    }
    return { name, span };
  }

  protected version(s: S | undefined): { text: string; span: Span } | undefined {
    return s === undefined ? undefined : { text: this.text.slice(s.start, s.end), span: spanOf(s) };
  }

  protected attributes(kids: readonly S[]): Attribute[] {
    const attributes: Attribute[] = [];
    for (const kid of kids) {
      if (kid.type !== 'attribute') continue;
      const attribute = this.attribute(kid);
      if (attribute !== undefined) attributes.push(attribute);
    }
    return attributes;
  }

  private attribute(s: S): Attribute | undefined {
    const kids = children(s);
    const nameNode = kids[0]?.type === 'identifier' ? kids[0] : undefined;
    if (nameNode === undefined) return undefined;
    const name = this.text.slice(nameNode.start, nameNode.end);
    const nameSpan = { start: s.start, end: nameNode.end };
    const span = spanOf(s);
    const argument = kids[1];
    switch (name) {
      case 'since':
      case 'deprecated':
      case 'unstable': {
        const value = this.attributeField(s, argument, name === 'unstable' ? 'feature' : 'version');
        return value === undefined ? undefined : { kind: name, nameSpan, value, span };
      }
      case 'external-id': {
        if (argument === undefined || argument.type !== 'string') {
          const found = argument ?? this.closingParen(s);
          this.expectedFound('a string literal', found);
          return undefined;
        }
        const raw = this.text.slice(argument.start, argument.end);
        return { kind: 'external-id', nameSpan, value: { text: unescapeString(raw), span: spanOf(argument) }, span };
      }
      default:
        this.error(spanOf(nameNode), `unknown attribute \`${name}\``);
        return undefined;
    }
  }

  /** Reads `key = value` inside `@since(…)`, `@deprecated(…)` or `@unstable(…)`. */
  private attributeField(attribute: S, s: S | undefined, key: 'version' | 'feature'): { text: string; span: Span } | undefined {
    if (s === undefined || s.type !== 'attribute_field') {
      const found = s ?? this.closingParen(attribute);
      this.expectedFound('an identifier or string', found);
      return undefined;
    }
    const [keyNode, valueNode] = children(s);
    if (keyNode === undefined || valueNode === undefined) return undefined;
    const keyText = this.text.slice(keyNode.start, keyNode.end);
    if (keyText !== key) {
      this.error(spanOf(keyNode), `expected \`${key}\`, found \`${keyText}\``);
      return undefined;
    }
    if (key === 'version' && valueNode.type !== 'version') {
      this.expectedFound('an integer', valueNode);
      return undefined;
    }
    if (key === 'feature' && valueNode.type !== 'identifier') {
      this.expectedFound('an identifier or string', valueNode);
      return undefined;
    }
    if (key === 'feature') this.ident(valueNode);
    return { text: this.text.slice(valueNode.start, valueNode.end), span: spanOf(valueNode) };
  }

  /** The `)` closing an attribute, as a pseudo-node for `found ')'` messages. */
  private closingParen(attribute: S): S | undefined {
    const at = this.text.lastIndexOf(')', attribute.end - 1);
    return at >= attribute.start ? { type: ')', start: at, end: at + 1, node: attribute.node } : undefined;
  }

  /**
   * Reports `expected …, found …` at `found` when it is a token this module can name; anything
   * else (an ERROR node) is already reported by the tree or the wit-parser replay.
   */
  private expectedFound(expected: string, found: S | undefined): void {
    const description = found === undefined ? undefined : this.describe(found);
    if (found !== undefined && description !== undefined) this.error(spanOf(found), `expected ${expected}, found ${description}`);
  }

  /** How wit-parser names the token a named node starts with, for the checks made here. */
  private describe(s: S): string | undefined {
    switch (s.type) {
      case 'identifier':
        return this.text[s.start] === '%' ? "an '%' identifier" : 'an identifier';
      case 'string':
        return 'a string literal';
      case 'version':
      case 'integer':
        return 'an integer';
      case 'attribute_field':
        return 'an identifier';
      case ')':
        return "')'";
      default:
        return undefined;
    }
  }

  /** The span of the first token after an item's attributes: its keyword. */
  protected keywordAfterAttributes(s: S): Span {
    const attributes = children(s).filter((k) => k.type === 'attribute');
    const from = attributes.length === 0 ? s.start : attributes[attributes.length - 1].end;
    const token = new Tokenizer(this.text, from).next();
    if (token === undefined || token.kind === 'error' || token.start >= s.end) return { start: s.start, end: s.start };
    return { start: token.start, end: token.end };
  }

  /**
   * Doc comments (`///` lines, `/** … *\/` blocks) directly before an item: the comments with
   * only whitespace between them and the item; plain comments are skipped. The text follows
   * wit-parser: comment markers and trailing space removed, the indentation common to all
   * non-empty lines removed, lines joined with `\n`, trailing newlines dropped.
   */
  protected docs(s: S): Docs | undefined {
    const comments: { start: number; end: number }[] = [];
    for (let sibling = s.prev; sibling !== undefined && COMMENTS.has(sibling.type); sibling = sibling.prev) {
      const next = comments.length === 0 ? s.start : comments[comments.length - 1].start;
      if (this.text.slice(sibling.end, next).trim() !== '') break;
      comments.push({ start: sibling.start, end: sibling.end });
    }
    comments.reverse();
    const contents: string[] = [];
    let span: Span | undefined;
    for (const comment of comments) {
      const raw = this.text.slice(comment.start, comment.end);
      if (raw.startsWith('///')) {
        contents.push(raw.replace(/^\/+/, '').trimEnd());
      } else if (raw.startsWith('/**') && raw !== '/**/' && raw.endsWith('*/')) {
        contents.push(raw.slice(3, -2).trimEnd());
      } else {
        continue;
      }
      span = { start: span?.start ?? comment.start, end: comment.end };
    }
    if (span === undefined) return undefined;
    return { text: docText(contents), span };
  }

  protected error(span: Span, message: string, code = 'syntax'): void {
    this.diagnostics.push(error(span, message, code));
  }
}

export function error(span: Span, message: string, code = 'syntax'): Diagnostic {
  return { span, message, severity: 'error', code };
}

/** Joins doc comment contents the way wit-parser does (see AstReader.docs). */
function docText(contents: readonly string[]): string {
  const indents = contents.filter((c) => c.length > 0).map((c) => c.length - c.replace(/^[ \t\n\r\f]+/, '').length);
  const indent = indents.length === 0 ? 0 : Math.min(...indents);
  const prefix = ' '.repeat(indent);
  let text = '';
  for (const content of contents) {
    const doc = indent > 0 && content.startsWith(prefix) ? content.slice(indent) : content;
    if (doc.length === 0) text += '\n';
    else for (const line of doc.split(/\r?\n/)) text += `${line}\n`;
  }
  return text.replace(/\n+$/, '');
}

/** The value of a string literal `"…"` with its escapes resolved (invalid ones are kept as written). */
export function unescapeString(raw: string): string {
  return raw.slice(1, -1).replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (whole: string, escape: string, hex: string | undefined) => {
    if (hex !== undefined) {
      const value = parseInt(hex, 16);
      return value <= 0x10ffff && (value < 0xd800 || value > 0xdfff) ? String.fromCodePoint(value) : whole;
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', "'": "'", '"': '"', '\\': '\\', '0': '\0' };
    return simple[escape] ?? whole;
  });
}
