// Diagnostics: message text and range. The first diagnostic must be wit-parser's first error
// (diagnosticCases.ts); after it, every broken top-level item gets its own error.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIRST_ERROR_CASES } from './diagnosticCases';
import { marked, parse } from './helpers';

for (const [source, message] of FIRST_ERROR_CASES) {
  const { text, span } = marked(source);
  test(`first error: ${message} (${JSON.stringify(text.slice(span.start, span.end + 8))})`, async () => {
    const first = (await parse(text)).ast.diagnostics[0];
    assert.ok(first !== undefined, 'expected a diagnostic');
    assert.equal(first.message, message);
    assert.deepEqual(first.span, span, `range ${JSON.stringify(text.slice(first.span.start, first.span.end))}`);
    assert.equal(first.severity, 'error');
  });
}

/** All diagnostics as `message @ marked text`, for compact assertions. */
async function all(text: string): Promise<string[]> {
  return (await parse(text)).ast.diagnostics.map((d) => `${d.message} @ ${JSON.stringify(text.slice(d.span.start, d.span.end))}`);
}

test('every broken item is reported, each in wit-parser words', async () => {
  const text = [
    'package a:b;',
    'interface i { f: func() g: func(); }',
    'interface j { = }',
    'interface ok { h: func(); }',
    'world w { import x: func(a: u32; }',
  ].join('\n');
  assert.deepEqual(await all(text), [
    "expected ';', found an identifier @ \"g\"",
    "expected `type`, `resource` or `func`, found '=' @ \"=\"",
    "expected ')', found ';' @ \";\"",
  ]);
});

test('every broken member is reported, as wit-parser words it when that member alone is broken', async () => {
  const text = [
    'package a:b;',
    'interface i {',
    '  f: func() -> ;',
    '  g: func(a u32);',
    '  h: func();',
    '  resource r { constructor(; m: func() }',
    '  record x { a: u32 b: u8 }',
    '}',
    'world z {}',
    'world w {',
    '  import x: func(;',
    '  export y: interface { q: func() }',
    '  include z with { a b }',
    '  import ok: func();',
    '}',
  ].join('\n');
  assert.deepEqual(await all(text), [
    "expected a type, found ';' @ \";\"",
    "expected ':', found keyword `u32` @ \"u32\"",
    "expected an identifier or string, found ';' @ \";\"",
    "expected ';', found '}' @ \"}\"",
    "expected '}', found an identifier @ \"b\"",
    "expected an identifier or string, found ';' @ \";\"",
    "expected ';', found '}' @ \"}\"",
    'expected keyword `as`, found an identifier @ "b"',
  ]);
});

test('identifier and attribute problems are all reported, not only the first', async () => {
  const text = 'package a:b;\ninterface fooBar { @foo(x = y) f: func(); g-: func(); }\nworld w {}';
  assert.deepEqual(await all(text), [
    "invalid character in identifier 'B' @ \"fooBar\"",
    'unknown attribute `foo` @ "foo"',
    "identifiers must have characters between '-'s @ \"g-\"",
  ]);
});

test('forbidden code points come first wherever they are, as wit-parser checks them before parsing', async () => {
  const text = 'package a:b;\ninterface i { = }\n// \u202E\nworld w {}';
  const diagnostics = await all(text);
  assert.match(diagnostics[0], /^Input contains bidirectional override codepoint/);
  assert.equal(diagnostics[1], "expected `type`, `resource` or `func`, found '=' @ \"=\"");
});

test('checks wit-parser makes after parsing follow the parse errors', async () => {
  const text = 'package a:b;\n@since(version = 1.0.0) use c:d/e;\npackage c:d { package e:f { } }\ninterface i { = }\nworld w {}';
  assert.deepEqual(await all(text), [
    "expected `type`, `resource` or `func`, found '=' @ \"=\"",
    'attributes not allowed on top-level use @ "@since(version = 1.0.0)"',
    'nested packages must be placed at the top-level @ "package"',
  ]);
});

test('a valid file has no diagnostics, comments and escapes included', async () => {
  const text = 'package a:b;\n/* a /* nested */ comment */\n// line\n/// doc\ninterface %type { %record: func(); }\nworld w {}\n';
  assert.deepEqual(await all(text), []);
});

test('only a byte-order mark at the very start is accepted', async () => {
  assert.deepEqual(await all('\uFEFFpackage a:b;\nworld w {}'), []);
});
