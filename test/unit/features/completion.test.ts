// Completion: each case is a fixture with a cursor; the snapshot lists the offered labels (with
// kind and detail) in sort order, plus the replaced text.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete, resolveCompletion } from '../../../server/src/features/completion';
import { completionSite } from '../../../server/src/features/completionContext';
import { analyseFixture, APP_FIXTURE, cursorAfter, expectSnapshot } from './check';

/** A fixture where `$0` sits in a scratch file of the app package. */
function scratch(body: string): string {
  return `${APP_FIXTURE}//- /scratch.wit\npackage example:app@0.1.0;\n\n${body}\n`;
}

const CASES: readonly [string, string][] = [
  ['type position in a parameter', cursorAfter(APP_FIXTURE, '/api.wit', 'plot: func(p: ')],
  ['type position with a prefix', cursorAfter(APP_FIXTURE, '/api.wit', 'plot: func(p: po')],
  ['result type after ->', cursorAfter(APP_FIXTURE, '/api.wit', 'plot: func(p: point) -> ')],
  ['borrow offers resources only', cursorAfter(APP_FIXTURE, '/api.wit', 'paint: func(s: borrow<')],
  ['second generic argument', scratch('interface s {\n  use types.{point};\n  f: func() -> result<point, $0\n}')],
  ['record field type', scratch('interface s {\n  record r {\n    a: $0\n  }\n}')],
  ['variant case payload', scratch('interface s {\n  variant v {\n    a($0\n  }\n}')],
  ['type alias', scratch('interface s {\n  type t = $0\n}')],
  ['use path start', scratch('interface s {\n  use $0\n}')],
  ['use path after namespace', scratch('interface s {\n  use wasi:$0\n}')],
  ['use path after package', scratch('interface s {\n  use wasi:io/$0\n}')],
  ['use path version', scratch('interface s {\n  use wasi:io/streams@$0\n}')],
  ['use names of a local interface', scratch('interface s {\n  use types.{$0\n}')],
  ['use names of a dependency', scratch('interface s {\n  use wasi:io/streams@0.2.0.{$0\n}')],
  ['top-level keywords', scratch('$0')],
  ['interface body keywords', scratch('interface s {\n  $0\n}')],
  ['world body keywords', scratch('world w {\n  $0\n}')],
  ['resource body', scratch('interface s {\n  resource r {\n    $0\n  }\n}')],
  ['after a member name', scratch('interface s {\n  f: $0\n}')],
  ['after a resource member name', scratch('interface s {\n  resource r {\n    m: $0\n  }\n}')],
  ['world import', scratch('world w {\n  import $0\n}')],
  ['world named import', scratch('world w {\n  import x: $0\n}')],
  ['world include', scratch('world w {\n  include $0\n}')],
  ['after an include path', scratch('world w {\n  include app $0\n}')],
  ['include with names', scratch('world w {\n  include app with { $0 }\n}')],
  ['gate attribute', scratch('interface s {\n  @$0\n}')],
  ['gate attribute key', scratch('interface s {\n  @since($0\n}')],
  ['since version', scratch('interface s {\n  @since(version = $0\n}')],
  ['unstable feature', scratch('interface s {\n  @unstable(feature = $0\n}')],
  ['inside a comment', scratch('interface s {\n  // use $0\n}')],
  ['parameter name position', scratch('interface s {\n  f: func($0\n}')],
];

describe('completion', () => {
  it('offers what fits each position', async () => {
    const out: string[] = [];
    for (const [name, fixture] of CASES) {
      const fx = await analyseFixture(fixture);
      const result = complete(fx.model, fx.cursorFile.uri, fx.cursorFile.text, fx.cursors[0], ['from-settings']);
      const items = [...result.items].sort((a, b) => a.sortGroup - b.sortGroup || a.label.localeCompare(b.label));
      out.push(`## ${name} (replaces ${JSON.stringify(fx.cursorFile.text.slice(result.replace.start, result.replace.end))})`);
      out.push(items.length === 0 ? '-' : items.map((i) => `${i.label} [${i.kind}${i.detail ? `: ${i.detail}` : ''}]${i.insertText && i.insertText !== i.label ? ` => ${JSON.stringify(i.insertText)}` : ''}`).join('\n'));
      out.push('');
    }
    expectSnapshot('completion', out.join('\n'));
  });

  it('resolves documentation from the data an item carries', async () => {
    const fx = await analyseFixture(cursorAfter(APP_FIXTURE, '/api.wit', 'plot: func(p: '));
    const result = complete(fx.model, fx.cursorFile.uri, fx.cursorFile.text, fx.cursors[0]);
    const point = result.items.find((i) => i.label === 'point');
    assert.ok(point?.definition);
    const resolved = resolveCompletion(fx.model, point.definition);
    expectSnapshot('completion-resolve', `${resolved?.detail}\n${resolved?.markdown}\n`);
    assert.equal(resolveCompletion(fx.model, { ...point.definition, start: 1 }), undefined);
  });

  it('offers keywords without a model, and nothing in comments', () => {
    assert.deepEqual(completionSite('interface a {\n  // f: \n}', 22).context, { kind: 'none' });
    const noModel = complete(undefined, 'file:///x.wit', 'world w {\n  \n}', 12);
    assert.deepEqual(noModel.items.map((i) => i.label), ['import', 'export', 'include', 'use', 'type', 'record', 'variant', 'enum', 'flags', 'resource']);
  });
});
