// AST shape tests: every construct of WIT, written as a snippet and compared with a compact
// rendering of the AST (helpers.ts `summarize`), plus the spans that later stages rely on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImportExport, InterfaceItem, ResourceDef, Span, TypeAlias, WorldItem } from '../../../server/src/syntax/ast';
import { AST_CASES } from './astCases';
import { parse, summarize } from './helpers';

/** Expected summaries, one list of lines per case of AST_CASES, in the same order. */
const EXPECTED: readonly (readonly [string, readonly string[]])[] = [
  [
    'package declaration with version',
    [
      'package wasi:io@0.2.0-rc.1+build.5',
    ],
  ],
  [
    'package without version',
    [
      'package a:b',
      'interface i',
    ],
  ],
  [
    'top-level use',
    [
      'package a:b',
      'use wasi:io/streams@0.2.0 as s',
      'use local-iface',
    ],
  ],
  [
    'nested package blocks',
    [
      'package a:b',
      'package c:d@1.0.0 {',
      '  interface i',
      '  world w',
      '  use e:f/g',
      '}',
      'package e:f {',
      '  interface j',
      '}',
    ],
  ],
  [
    'every primitive type',
    [
      'package a:b',
      'interface i',
      '  type t1 = bool',
      '  type t2 = u8',
      '  type t3 = u16',
      '  type t4 = u32',
      '  type t5 = u64',
      '  type t6 = s8',
      '  type t7 = s16',
      '  type t8 = s32',
      '  type t9 = s64',
      '  type t10 = f32',
      '  type t11 = f64',
      '  type t12 = char',
      '  type t13 = string',
      '  type t14 = error-context',
    ],
  ],
  [
    'compound types',
    [
      'package a:b',
      'interface i',
      '  type a = tuple<u8, string>',
      '  type e = tuple<>',
      '  type b = list<u8>',
      '  type c = list<list<u8, 4>>',
      '  type d = option<my-type>',
      '  type m = map<string, list<u32>>',
    ],
  ],
  [
    'result in all four forms',
    [
      'package a:b',
      'interface i',
      '  type a = result',
      '  type b = result<u32>',
      '  type c = result<_, string>',
      '  type d = result<u32, string>',
    ],
  ],
  [
    'handles, futures and streams',
    [
      'package a:b',
      'interface i',
      '  resource r;',
      '  type a = own<r>',
      '  type b = borrow<r>',
      '  type c = future',
      '  type d = future<u8>',
      '  type e = stream',
      '  type f = stream<result<_, r>>',
    ],
  ],
  [
    'records, variants, enums, flags with trailing commas',
    [
      'package a:b',
      'interface i',
      '  record point { x: s32, y: s32 }',
      '  record empty {  }',
      '  variant shape { circle(f64), none, square(tuple<f32, f32>) }',
      '  enum color { red, green, blue }',
      '  flags perms { read, write }',
    ],
  ],
  [
    'functions',
    [
      'package a:b',
      'interface i',
      '  f: func()',
      '  g: func(a: u32, b: string) -> bool',
      '  h: async func(x: list<u8>) -> result<_, error-context>',
    ],
  ],
  [
    'resources',
    [
      'package a:b',
      'interface i',
      '  resource empty;',
      '  resource blob {',
      '    constructor(init: list<u8>)',
      '  }',
      '  resource file {',
      '    constructor(path: string) -> result<file, string>',
      '    read: func(n: u32) -> list<u8>',
      '    poll: async func()',
      '    open: static func(p: string) -> file',
      '    wait: static async func()',
      '  }',
    ],
  ],
  [
    'use in an interface',
    [
      'package a:b',
      'interface i',
      '  use types.{a, b as c}',
      '  use wasi:io/streams@0.2.0.{input-stream}',
      '  use wasi:tls/types@0.2.0-draft.{client}',
      '  use other.{}',
    ],
  ],
  [
    'worlds',
    [
      'package a:b',
      'world w',
      '  import log: func(msg: string)',
      '  export run: async func() -> u32',
      '  import types',
      '  import wasi:io/streams@0.2.0',
      '  import primary: store',
      '  export handler: wasi:http/handler',
      '  export api: interface',
      '    get: func() -> string',
      '    use types.{t}',
      '  include base',
      '  include wasi:cli/imports@0.2.0 with { env as environment, exit as quit }',
      '  use types.{t}',
      '  type alias = list<t>',
      '  record r { a: u8 }',
    ],
  ],
  [
    'gates',
    [
      'package a:b@1.0.0',
      '@since(1.0.0) interface i',
      '  @unstable(fancy-feature) f: func()',
      '  @since(0.9.0) @deprecated(1.0.0) type t = u8',
      '  resource r {',
      '    @since(1.0.0) constructor()',
      '    @external-id(r.m) m: func()',
      '  }',
      'world w',
      '  @external-id(https://esm.example/slugify@1.6.6) import slugify: func(text: string) -> string',
    ],
  ],
  [
    'doc comments',
    [
      'package a:b',
      'interface i  /// "First line.\\n  Second line."',
      '  f: func()  /// "Block doc."',
      '  g: func()',
      '  h: func()  /// "Doc of h."',
      'world w  /// "\\n * Multi-line block."',
    ],
  ],
  [
    'escaped keywords and comments',
    [
      'package a:b',
      'interface interface',
      '  type: func(func: list) -> result',
      '  record record { enum: u8 }',
    ],
  ],
];

test('every AST case has an expected summary', () => {
  assert.deepEqual(EXPECTED.map(([name]) => name), AST_CASES.map(([name]) => name));
});

for (const [index, [name, source]] of AST_CASES.entries()) {
  test(`AST shape: ${name}`, async () => {
    const file = await parse(source);
    assert.deepEqual(file.ast.diagnostics, [], 'a valid snippet has no diagnostics');
    assert.equal(summarize(file.ast), EXPECTED[index][1].join('\n'));
  });
}

function text(source: string, span: Span): string {
  return source.slice(span.start, span.end);
}

test('spans: identifiers keep their % inside the span but not in the name', async () => {
  const source = 'package a:b;\ninterface %interface { %type: func(); }';
  const file = await parse(source);
  const iface = file.ast.items[0] as InterfaceItem;
  assert.equal(iface.name.name, 'interface');
  assert.equal(text(source, iface.name.span), '%interface');
  assert.equal(text(source, iface.span), 'interface %interface { %type: func(); }');
  const func = iface.members[0];
  assert.equal(func.kind, 'func');
  assert.equal(text(source, func.span), '%type: func();');
});

test('spans: package names, versions and use paths', async () => {
  const source = 'package wasi:io@0.2.0;\nuse my:dep/iface@1.2.3 as d;';
  const file = await parse(source);
  const decl = file.ast.packageDecl;
  assert.ok(decl !== undefined);
  assert.equal(text(source, decl.span), 'package wasi:io@0.2.0;');
  assert.equal(text(source, decl.name.span), 'wasi:io@0.2.0');
  assert.equal(text(source, decl.name.namespace.span), 'wasi');
  assert.equal(text(source, decl.name.name.span), 'io');
  assert.equal(decl.name.version?.text, '0.2.0');
  assert.equal(text(source, decl.name.version?.span ?? { start: 0, end: 0 }), '0.2.0');
  const use = file.ast.items[0];
  assert.equal(use.kind, 'top-level-use');
  if (use.kind !== 'top-level-use' || use.path.kind !== 'package') throw new Error('expected a package path');
  assert.equal(text(source, use.path.span), 'my:dep/iface@1.2.3');
  assert.equal(text(source, use.path.package.span), 'my:dep');
  assert.equal(text(source, use.path.name.span), 'iface');
  assert.equal(text(source, use.alias?.span ?? { start: 0, end: 0 }), 'd');
});

test('spans: attributes, constructors, types and docs', async () => {
  const source = 'package a:b@1.0.0;\n/// Docs.\n@since(version = 1.0.0)\ninterface i {\n  resource r { constructor(); }\n  type t = result<list<u8>, string>;\n}';
  const file = await parse(source);
  const iface = file.ast.items[0] as InterfaceItem;
  const since = iface.attributes[0];
  assert.equal(since.kind, 'since');
  assert.equal(text(source, since.nameSpan), '@since');
  assert.equal(text(source, since.span), '@since(version = 1.0.0)');
  assert.equal(text(source, since.value?.span ?? { start: 0, end: 0 }), '1.0.0');
  assert.equal(text(source, iface.docs?.span ?? { start: 0, end: 0 }), '/// Docs.');
  assert.ok(text(source, iface.span).startsWith('@since'), 'an item span covers its attributes, not its docs');
  const resource = iface.members[0] as ResourceDef;
  const ctor = resource.members[0];
  if (ctor.kind !== 'constructor') throw new Error(`expected a constructor, got ${ctor.kind}`);
  assert.equal(text(source, ctor.keywordSpan), 'constructor');
  const alias = iface.members[1] as TypeAlias;
  assert.equal(text(source, alias.type.span), 'result<list<u8>, string>');
  if (alias.type.kind !== 'result' || alias.type.ok === undefined) throw new Error('expected result<T, E>');
  assert.equal(text(source, alias.type.ok.span), 'list<u8>');
});

test('string escapes are resolved in attribute values', async () => {
  const source = 'package a:b;\nworld w {\n  @external-id("a\\"b\\\\c\\u{1F600}\\n")\n  import f: func();\n}';
  const world = (await parse(source)).ast.items[0] as WorldItem;
  assert.equal(world.members[0].attributes[0]?.value?.text, 'a"b\\c😀\n');
});

test('spans: world imports and exports', async () => {
  const source = 'package a:b;\nworld w {\n  @external-id("x")\n  import f: func();\n  export primary: store;\n}';
  const file = await parse(source);
  const world = file.ast.items[0] as WorldItem;
  const [imp, exp] = world.members as ImportExport[];
  assert.equal(text(source, imp.span), '@external-id("x")\n  import f: func();');
  assert.equal(text(source, imp.item.span), 'f: func();');
  assert.equal(imp.attributes[0]?.kind, 'external-id');
  assert.equal(imp.attributes[0]?.value?.text, 'x');
  assert.equal(exp.item.kind, 'path');
  if (exp.item.kind !== 'path') return;
  assert.equal(exp.item.name?.name, 'primary');
  assert.equal(text(source, exp.item.path.span), 'store');
});

test('spans count UTF-16 code units after non-ASCII text in comments and strings', async () => {
  const source = 'package a:b;\n// é ü 😀 中文 in a comment\ninterface i { f: func(s: string); }\n/// doc with ☃︎\nworld w {}';
  const file = await parse(source);
  const [iface, world] = file.ast.items as [InterfaceItem, WorldItem];
  assert.equal(text(source, iface.name.span), 'i');
  assert.equal(text(source, iface.members[0].span), 'f: func(s: string);');
  assert.equal(text(source, world.name.span), 'w');
  assert.equal(world.docs?.text, 'doc with ☃︎');
  // Non-ASCII inside a string literal counts the same way.
  const withString = 'package a:b;\nworld w {\n  @external-id("ünï 😀 中")\n  import f: func();\n  import g: func();\n}';
  const w = (await parse(withString)).ast.items[0] as WorldItem;
  assert.equal(w.members[0].attributes[0]?.value?.text, 'ünï 😀 中');
  assert.equal(text(withString, w.members[1].span), 'import g: func();');
  // The tree itself uses the same units: its nodes start where JavaScript's indexOf says.
  const interfaceNode = file.tree.rootNode.namedChildren.find((n) => n.type === 'interface_item');
  assert.equal(interfaceNode?.startIndex, source.indexOf('interface i'));
  assert.equal(interfaceNode?.endIndex, source.indexOf('}', source.indexOf('interface i')) + 1);
});
