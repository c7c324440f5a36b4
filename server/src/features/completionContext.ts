// Where the cursor is, for completion: read from the tokens before it (not from the syntax tree,
// which is at its most broken exactly while the user types). Pure and model-free; completion.ts
// turns a context into items using the resolved model.

import type { Span } from '../syntax/ast';
import { isComment, lexWit, type Token } from './tokens';

/** A use path as typed so far: `iface`, or `ns:pkg/iface@version` (parts may be missing). */
export interface PathText {
  /** `ns:pkg` (nested namespaces included), when the path names another package. */
  readonly packageName?: string;
  readonly version?: string;
  /** The interface or world name. */
  readonly name?: string;
}

export type BodyKind = 'top' | 'interface' | 'world' | 'resource';

export type CompletionContext =
  /** At the start of an item: the keywords that may start one there. */
  | { readonly kind: 'item-start'; readonly body: BodyKind }
  /** After `name:` in an interface or resource: `func`, `async func`, `static func`. */
  | { readonly kind: 'func-keyword'; readonly inResource: boolean; readonly after?: 'static' | 'async' }
  /** A type is expected; `handle` for `borrow<…>` / `own<…>` (resources only). */
  | { readonly kind: 'type'; readonly handle: boolean }
  /** The start of a use path: packages and the current package's interfaces (or worlds). */
  | { readonly kind: 'path-start'; readonly want: 'interface' | 'world'; readonly namespace?: string }
  /** After `ns:pkg/`: the interfaces (or worlds) of that package. */
  | { readonly kind: 'package-member'; readonly packageName: string; readonly want: 'interface' | 'world' }
  /** After `ns:pkg/name@`: the versions of that package found in `deps/`. */
  | { readonly kind: 'package-version'; readonly packageName: string }
  /** Inside `use path.{…}`: the types of that interface. */
  | { readonly kind: 'use-name'; readonly path: PathText }
  /** After `import`/`export` in a world: interfaces and packages. */
  | { readonly kind: 'extern'; readonly direction: 'import' | 'export' }
  /** After `import name:`: `func`, `async func`, `interface`, or an interface, or a package of namespace `name`. */
  | { readonly kind: 'extern-type'; readonly name: string }
  /** After an include path: `with`. */
  | { readonly kind: 'after-include' }
  /** Inside `include path with { … }`: the names the included world brings in. */
  | { readonly kind: 'with-name'; readonly path: PathText }
  /** After `@`. */
  | { readonly kind: 'attribute' }
  /** Inside `@since(` / `@unstable(` / `@deprecated(`. */
  | { readonly kind: 'attribute-key'; readonly attribute: string }
  /** After `@since(version =` or `@unstable(feature =`. */
  | { readonly kind: 'attribute-value'; readonly attribute: string; readonly key: string }
  | { readonly kind: 'none' };

export interface CompletionSite {
  readonly context: CompletionContext;
  /** The partial word under the cursor, replaced by the chosen item. */
  readonly replace: Span;
  readonly prefix: string;
}

/** The completion context at `offset` in `text`. */
export function completionSite(text: string, offset: number): CompletionSite {
  const tokens = lexWit(text.slice(0, offset)).tokens;
  const last = tokens[tokens.length - 1];
  let replace: Span = { start: offset, end: offset };
  let upTo = tokens.length;
  if (last && last.end === offset && (last.kind === 'word' || last.kind === 'version' || last.kind === 'number')) {
    replace = { start: last.start, end: offset };
    upTo -= 1;
  }
  // Extend the replaced span over the rest of a word the cursor is in the middle of.
  let end = replace.end;
  while (end < text.length && /[A-Za-z0-9_-]/.test(text[end])) end += 1;
  replace = { start: replace.start, end };
  const prefix = text.slice(replace.start, offset);
  // Lexing stops at the cursor, so a comment the cursor is in ends exactly there.
  if (last && isComment(last) && last.end === offset) {
    return { context: { kind: 'none' }, replace, prefix };
  }
  return { context: contextOf(tokens.slice(0, upTo).filter((t) => !isComment(t))), replace, prefix };
}

// ---------------------------------------------------------------------------------------------

type FrameKind = BodyKind | 'list' | 'use-names' | 'with' | 'paren' | 'angle' | 'attr';

interface Frame {
  readonly kind: FrameKind;
  /** Tokens since the start of the current statement / entry / argument in this frame. */
  tokens: Token[];
  /** For attribute frames: the attribute name; for angle frames: the generic's name. */
  readonly label?: string;
  /** For use-names and with frames: the statement that opened them. */
  readonly statement?: Token[];
}

function contextOf(tokens: readonly Token[]): CompletionContext {
  const stack: Frame[] = [{ kind: 'top', tokens: [] }];
  const top = (): Frame => stack[stack.length - 1];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i];
    const frame = top();
    switch (t.text) {
      case '{': {
        const st = frame.tokens;
        const prev = st[st.length - 1];
        if (prev?.text === '.') stack.push({ kind: 'use-names', tokens: [], statement: st });
        else if (prev?.text === 'with') stack.push({ kind: 'with', tokens: [], statement: st });
        else stack.push({ kind: blockKind(st), tokens: [] });
        continue;
      }
      case '}':
        if (stack.length > 1) stack.pop();
        top().tokens = [];
        continue;
      case '(':
        stack.push({ kind: 'paren', tokens: [], label: frame.kind === 'attr' ? frame.label : undefined });
        continue;
      case ')':
        if (frame.kind === 'paren' && stack.length > 1) stack.pop();
        if (top().kind === 'attr') {
          stack.pop();
          continue;
        }
        top().tokens.push(t);
        continue;
      case '<':
        stack.push({ kind: 'angle', tokens: [], label: frame.tokens[frame.tokens.length - 1]?.text });
        continue;
      case '>':
        if (frame.kind === 'angle' && stack.length > 1) stack.pop();
        top().tokens.push(t);
        continue;
      case ';':
        frame.tokens = [];
        continue;
      case ',':
        if (frame.kind !== 'top' && frame.kind !== 'interface' && frame.kind !== 'world' && frame.kind !== 'resource') frame.tokens = [];
        else frame.tokens.push(t);
        continue;
      case '@':
        if (frame.tokens.length === 0 && isBody(frame.kind)) {
          stack.push({ kind: 'attr', tokens: [t] });
          continue;
        }
        frame.tokens.push(t);
        continue;
      default:
        if (frame.kind === 'attr' && t.kind === 'word') {
          // `@name` is complete; an argument list may follow. Keep the name as the frame label.
          stack.pop();
          stack.push({ kind: 'attr', tokens: [...frame.tokens, t], label: t.text });
          if (tokens[i + 1]?.text !== '(') stack.pop();
          continue;
        }
        frame.tokens.push(t);
    }
  }
  return decide(stack);
}

function decide(stack: readonly Frame[]): CompletionContext {
  const frame = stack[stack.length - 1];
  const st = frame.tokens.map((t) => t.text);
  const lastText = st[st.length - 1];
  switch (frame.kind) {
    case 'attr':
      return st.length === 1 ? { kind: 'attribute' } : { kind: 'none' };
    case 'paren':
      if (frame.label !== undefined) {
        if (st.length === 0) return { kind: 'attribute-key', attribute: frame.label };
        if (st.length === 2 && st[1] === '=') return { kind: 'attribute-value', attribute: frame.label, key: st[0] };
        return { kind: 'none' };
      }
      if (st.length === 2 && st[1] === ':') return { kind: 'type', handle: false };
      // A variant case's payload: `name(` directly inside a variant body.
      if (st.length === 0 && stack[stack.length - 2]?.kind === 'list') return { kind: 'type', handle: false };
      if (lastText === '->') return { kind: 'type', handle: false };
      return { kind: 'none' };
    case 'angle':
      if (st.length === 0) return { kind: 'type', handle: frame.label === 'borrow' || frame.label === 'own' };
      return { kind: 'none' };
    case 'use-names':
      if (st.length === 0) return { kind: 'use-name', path: pathOf((frame.statement ?? []).slice(1, -1)) };
      return { kind: 'none' };
    case 'with':
      if (st.length === 0) return { kind: 'with-name', path: pathOf(includePath(frame.statement ?? [])) };
      return { kind: 'none' };
    case 'list':
      if (st.length === 2 && st[1] === ':') return { kind: 'type', handle: false };
      return { kind: 'none' };
    default:
      return decideStatement(frame.kind, frame.tokens);
  }
}

function decideStatement(body: BodyKind, tokens: readonly Token[]): CompletionContext {
  const st = tokens.map((t) => t.text);
  if (st.length === 0) return { kind: 'item-start', body };
  const first = st[0];
  const lastText = st[st.length - 1];
  if (lastText === '->') return { kind: 'type', handle: false };
  if (first === 'type' && st.length === 3 && st[2] === '=') return { kind: 'type', handle: false };
  if (first === 'use') return pathContext(st.slice(1), 'interface');
  if (body === 'world' && (first === 'import' || first === 'export')) {
    const rest = st.slice(1);
    if (rest.length === 0) return { kind: 'extern', direction: first };
    if (rest.length === 2 && rest[1] === ':') return { kind: 'extern-type', name: rest[0] };
    if (rest.length === 3 && rest[1] === ':' && (rest[2] === 'async' || rest[2] === 'static')) return { kind: 'func-keyword', inResource: false, after: 'async' };
    return pathContext(rest, 'interface');
  }
  if (body === 'world' && first === 'include') {
    const rest = st.slice(1);
    if (rest.length > 0 && !rest.includes('with') && complete(rest)) return { kind: 'after-include' };
    return pathContext(rest, 'world');
  }
  if ((body === 'interface' || body === 'resource') && st.length >= 2 && st[1] === ':') {
    if (st.length === 2) return { kind: 'func-keyword', inResource: body === 'resource' };
    if (st.length === 3 && (st[2] === 'static' || st[2] === 'async')) return { kind: 'func-keyword', inResource: body === 'resource', after: st[2] };
  }
  return { kind: 'none' };
}

/** Completion inside a path being typed (`use …`, `import …`, `include …`). */
function pathContext(rest: readonly string[], want: 'interface' | 'world'): CompletionContext {
  const slashAt = rest.indexOf('/');
  if (rest[rest.length - 1] === '@' && slashAt > 0 && rest.indexOf('@') === rest.length - 1) {
    return { kind: 'package-version', packageName: rest.slice(0, slashAt).join('') };
  }
  if (rest.includes('.') || rest.includes('as') || rest.includes('@')) return { kind: 'none' };
  if (rest.length === 0) return { kind: 'path-start', want };
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    if (slash === rest.length - 1) return { kind: 'package-member', packageName: rest.slice(0, slash).join(''), want };
    return { kind: 'none' };
  }
  if (rest[rest.length - 1] === ':') return { kind: 'path-start', want, namespace: rest.slice(0, -1).join('') };
  return { kind: 'none' };
}

/** True when a path is complete: `name`, or `ns:pkg/name` (optionally with `@version`). */
function complete(rest: readonly string[]): boolean {
  if (rest.length === 1) return true;
  const slash = rest.indexOf('/');
  return slash > 0 && slash < rest.length - 1 && rest[rest.length - 1] !== '@';
}

function includePath(statement: readonly Token[]): Token[] {
  const withAt = statement.findIndex((t) => t.text === 'with');
  return statement.slice(1, withAt < 0 ? statement.length : withAt);
}

/** Reads `iface` or `ns:pkg/iface@version` from path tokens. */
export function pathOf(tokens: readonly Token[]): PathText {
  const texts = tokens.map((t) => t.text);
  const slash = texts.indexOf('/');
  if (slash < 0) return { name: texts[0] };
  const at = texts.indexOf('@');
  const name = texts[slash + 1];
  return { packageName: texts.slice(0, slash).join(''), name, version: at >= 0 ? texts[at + 1] : undefined };
}

function blockKind(statement: readonly Token[]): FrameKind {
  const words = statement.map((t) => t.text);
  const first = words[0];
  if (first === 'interface' || words[words.length - 1] === 'interface') return 'interface';
  if (first === 'world') return 'world';
  if (first === 'resource') return 'resource';
  if (first === 'package') return 'top';
  if (first === 'record' || first === 'variant' || first === 'enum' || first === 'flags') return 'list';
  return 'interface';
}

function isBody(kind: FrameKind): boolean {
  return kind === 'top' || kind === 'interface' || kind === 'world' || kind === 'resource' || kind === 'list';
}
