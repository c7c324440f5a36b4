// Tokenizes WIT samples with the same engine VS Code uses (vscode-textmate + Oniguruma) and checks the
// scopes of syntaxes/wit.tmLanguage.json, so a grammar edit that breaks highlighting fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

/** out/test/unit/syntaxes → the repository root. */
const repoRoot = join(__dirname, '../../../..');

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(join(repoRoot, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.wit') return null;
      const path = join(repoRoot, 'syntaxes/wit.tmLanguage.json');
      return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
  const loaded = await registry.loadGrammar('source.wit');
  assert.ok(loaded, 'the source.wit grammar loads');
  grammar = loaded;
});

/** Tokens of every line of `text`, whitespace-only tokens dropped. */
function tokenize(text: string): Token[][] {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens
      .map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }))
      .filter((t) => t.text.trim() !== '');
  });
}

/** Asserts that the `nth` token whose text is `text` carries `scope` (and lists what it has when not). */
function expectScope(tokens: Token[][], text: string, scope: string, nth = 0): void {
  const matches = tokens.flat().filter((t) => t.text === text);
  const token = matches[nth];
  assert.ok(token, `no token "${text}" (#${nth}); tokens: ${tokens.flat().map((t) => JSON.stringify(t.text)).join(' ')}`);
  assert.ok(token.scopes.includes(scope), `"${text}" has ${token.scopes.join(' ')}, expected ${scope}`);
}

/** Asserts that no token with text `text` carries a scope starting with `prefix`. */
function expectNoScope(tokens: Token[][], text: string, prefix: string): void {
  for (const t of tokens.flat().filter((x) => x.text === text)) {
    assert.ok(!t.scopes.some((s) => s.startsWith(prefix)), `"${text}" must not have ${prefix}*: ${t.scopes.join(' ')}`);
  }
}

describe('WIT TextMate grammar', () => {
  it('scopes a package declaration with namespace, name and a pre-release version', () => {
    const t = tokenize('package my-org:nested:pkg@1.2.3-rc.1+build.5;');
    expectScope(t, 'package', 'keyword.other.package.wit');
    expectScope(t, 'my-org', 'entity.name.namespace.wit');
    expectScope(t, 'nested', 'entity.name.namespace.wit');
    expectScope(t, 'pkg', 'entity.name.type.package.wit');
    expectScope(t, '@', 'punctuation.separator.version.wit');
    expectScope(t, '1.2.3-rc.1+build.5', 'constant.numeric.version.wit');
    expectScope(t, ';', 'punctuation.terminator.statement.wit');
  });

  it('keeps kebab-case names whole instead of finding keywords inside them', () => {
    const t = tokenize('interface my-record-list {\n  record list-of-u8 { record-type: u32 }\n}');
    expectScope(t, 'interface', 'storage.type.interface.wit');
    expectScope(t, 'my-record-list', 'entity.name.type.interface.wit');
    expectScope(t, 'record', 'storage.type.record.wit');
    expectScope(t, 'list-of-u8', 'entity.name.type.record.wit');
    expectScope(t, 'record-type', 'variable.other.member.wit');
    expectScope(t, 'u32', 'support.type.primitive.wit');
    expectScope(t, '{', 'punctuation.section.braces.begin.wit');
    expectScope(t, '}', 'punctuation.section.braces.end.wit', 1);
  });

  it('scopes functions: name, modifiers, parameters, %-escaped names, results', () => {
    const t = tokenize('  get-all: static async func(name: string, %type: list<u8, 4>) -> result<_, error-context>;');
    expectScope(t, 'get-all', 'entity.name.function.wit');
    expectScope(t, 'static', 'storage.modifier.static.wit');
    expectScope(t, 'async', 'storage.modifier.async.wit');
    expectScope(t, 'func', 'storage.type.function.wit');
    expectScope(t, 'name', 'variable.parameter.wit');
    expectScope(t, '%', 'punctuation.definition.identifier.escape.wit');
    expectScope(t, 'type', 'variable.parameter.wit');
    expectNoScope(t, 'type', 'storage.type');
    expectScope(t, 'list', 'support.type.builtin.wit');
    expectScope(t, '4', 'constant.numeric.integer.wit');
    expectScope(t, '->', 'keyword.operator.arrow.wit');
    expectScope(t, 'result', 'support.type.builtin.wit');
    expectScope(t, '_', 'keyword.other.placeholder.wit');
    expectScope(t, 'error-context', 'support.type.builtin.wit');
  });

  it('scopes every primitive and builtin type', () => {
    const prims = ['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'bool', 'char', 'string'];
    const builtins = ['list', 'option', 'result', 'tuple', 'future', 'stream', 'borrow', 'own', 'map'];
    const t = tokenize(`type t = tuple<${prims.join(', ')}>;\ntype b = ${builtins.map((b) => `${b}<x>`).join(' ')};`);
    for (const p of prims) expectScope(t, p, 'support.type.primitive.wit');
    for (const b of builtins) expectScope(t, b, 'support.type.builtin.wit');
    expectScope(t, 't', 'entity.name.type.alias.wit');
    expectScope(t, '=', 'keyword.operator.assignment.wit');
    expectScope(t, '<', 'punctuation.definition.generic.begin.wit');
    expectScope(t, '>', 'punctuation.definition.generic.end.wit');
    expectScope(tokenize('type old = float32;'), 'float32', 'invalid.deprecated.type.wit');
  });

  it('scopes gates: @since, @unstable, @deprecated, @external-id', () => {
    const t = tokenize([
      '@since(version = 0.2.1)',
      '@unstable(feature = fancier-foo)',
      '@deprecated(version = 1.0.0-rc.2)',
      '@external-id("//One\\u{41}")',
      'import one: store;',
    ].join('\n'));
    expectScope(t, '@', 'punctuation.definition.attribute.wit');
    for (const name of ['since', 'unstable', 'deprecated', 'external-id']) expectScope(t, name, 'entity.name.function.attribute.wit');
    expectScope(t, 'version', 'variable.parameter.attribute.wit');
    expectScope(t, 'feature', 'variable.parameter.attribute.wit');
    expectScope(t, '0.2.1', 'constant.numeric.version.wit');
    expectScope(t, '1.0.0-rc.2', 'constant.numeric.version.wit');
    expectScope(t, 'fancier-foo', 'string.unquoted.feature.wit');
    expectScope(t, '//One', 'string.quoted.double.wit');
    expectScope(t, '\\u{41}', 'constant.character.escape.wit');
    expectScope(t, 'import', 'keyword.control.import.wit');
    expectScope(t, 'one', 'entity.name.type.interface.wit');
  });

  it('scopes line, doc and nested block comments', () => {
    const t = tokenize([
      '// plain comment',
      '/// doc comment',
      '/* outer /* inner */ still outer',
      '   */ record r {}',
      '/** doc block */ enum e { a }',
      '/**/ flags f { b }',
    ].join('\n'));
    expectScope(t, ' plain comment', 'comment.line.double-slash.wit');
    expectScope(t, ' doc comment', 'comment.line.documentation.wit');
    expectScope(t, ' still outer', 'comment.block.wit');
    expectScope(t, ' inner ', 'comment.block.nested.wit');
    expectScope(t, 'record', 'storage.type.record.wit');
    expectScope(t, ' doc block ', 'comment.block.documentation.wit');
    expectScope(t, 'enum', 'storage.type.enum.wit');
    expectScope(t, 'flags', 'storage.type.flags.wit');
    expectNoScope(t, 'flags', 'comment');
  });

  it('scopes enum, flags and variant cases', () => {
    const t = tokenize('enum color { red, green }\nflags perms { read, write }\nvariant shape { circle(f32), none, other(list<point>) }');
    for (const c of ['red', 'green', 'read', 'write', 'circle', 'none', 'other']) expectScope(t, c, 'variable.other.enummember.wit');
    expectScope(t, 'color', 'entity.name.type.enum.wit');
    expectScope(t, 'perms', 'entity.name.type.flags.wit');
    expectScope(t, 'shape', 'entity.name.type.variant.wit');
    expectScope(t, 'f32', 'support.type.primitive.wit');
    expectScope(t, 'point', 'entity.name.type.wit');
  });

  it('scopes worlds: imports and exports by path, by name, include with renames', () => {
    const t = tokenize([
      'world proxy {',
      '  import wasi:cli/stdout@0.2.0;',
      '  export run: func();',
      '  export handler;',
      '  include wasi:cli/imports@0.2.0 with { stdin as input }',
      '}',
    ].join('\n'));
    expectScope(t, 'world', 'storage.type.world.wit');
    expectScope(t, 'proxy', 'entity.name.type.world.wit');
    expectScope(t, 'wasi', 'entity.name.namespace.wit');
    expectScope(t, 'cli', 'entity.name.type.package.wit');
    expectScope(t, 'stdout', 'entity.name.type.interface.wit');
    expectScope(t, '/', 'punctuation.separator.path.wit');
    expectScope(t, '0.2.0', 'constant.numeric.version.wit');
    expectScope(t, 'export', 'keyword.control.export.wit');
    expectScope(t, 'run', 'entity.name.function.wit');
    expectScope(t, 'include', 'keyword.control.include.wit');
    expectScope(t, 'with', 'keyword.other.with.wit');
    expectScope(t, 'as', 'keyword.other.as.wit');
  });

  it('scopes use statements, resources and constructors', () => {
    const t = tokenize([
      'use wasi:io/streams@0.2.0-rc-2023-11-10.{input-stream as in, %stream};',
      'resource file {',
      '  constructor(path: string);',
      '  read: func(self-len: u32) -> own<file>;',
      '}',
    ].join('\n'));
    expectScope(t, 'use', 'keyword.control.use.wit');
    expectScope(t, '0.2.0-rc-2023-11-10', 'constant.numeric.version.wit');
    expectScope(t, '.', 'punctuation.accessor.wit');
    expectScope(t, 'input-stream', 'entity.name.type.wit');
    expectScope(t, 'stream', 'entity.name.type.wit');
    expectNoScope(t, 'stream', 'support.type');
    expectScope(t, 'resource', 'storage.type.resource.wit');
    expectScope(t, 'file', 'entity.name.type.resource.wit');
    expectScope(t, 'constructor', 'storage.type.constructor.wit');
    expectScope(t, 'path', 'variable.parameter.wit');
    expectScope(t, 'own', 'support.type.builtin.wit');
  });

  it('tells a compact field (a:u32) from a package path (a:b)', () => {
    const t = tokenize('record r { a:u32, b:list<u8> }');
    expectScope(t, 'a', 'variable.other.member.wit');
    expectScope(t, 'b', 'variable.other.member.wit');
    expectScope(t, 'u32', 'support.type.primitive.wit');
  });

  it('highlights the examples/wit-demo package without unscoped words', () => {
    const text = readFileSync(join(repoRoot, 'examples/wit-demo/wit/world.wit'), 'utf8');
    const words = tokenize(text).flat().filter((tok) => /^[%A-Za-z]/.test(tok.text.trim()) && tok.scopes.length === 1);
    assert.deepEqual(words.map((w) => w.text), [], 'every word outside comments gets a scope beyond source.wit');
  });
});
