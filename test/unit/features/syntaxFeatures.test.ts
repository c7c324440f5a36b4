// Outline, folding, selection ranges and semantic tokens, rendered as text snapshots.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentSymbols, type OutlineSymbol } from '../../../server/src/features/documentSymbols';
import { foldingRanges } from '../../../server/src/features/foldingRanges';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { selectionRanges } from '../../../server/src/features/selectionRanges';
import { semanticTokens } from '../../../server/src/features/semanticTokens';
import { signatureHelp } from '../../../server/src/features/signatureHelp';
import { worldView, type WorldViewNode } from '../../../server/src/features/worldView';
import { analyseFixture, APP_FIXTURE, cursorAfter, expectSnapshot, where } from './check';

const OUTLINE_FIXTURE = `
//- /main.wit
// Header comment
// spanning two lines.
package example:outline@1.0.0;

/// Docs.
interface i {
  use other.{t};
  use other.{u as v};

  record r {
    a: u32,
  }
  variant v2 {
    none,
    some(u32),
  }
  enum e { x, y }
  flags f { read, write }
  resource res {
    constructor(n: u32);
    get: func() -> u32;
    make: static func() -> res;
  }
  @deprecated(version = 1.0.0)
  @since(version = 1.0.0)
  old: func(a: string, b: list<u8>) -> result<u32, string>;
}

/* A block comment
   over two lines. */
world w {
  import i;
  import named: func(x: u32);
  export inline: interface {
    f: func();
  }
  include base with { a as b }
}

package example:nested {
  interface n {}
}
`;

function renderOutline(symbols: readonly OutlineSymbol[], indent = ''): string[] {
  return symbols.flatMap((s) => [
    `${indent}${s.kind} ${s.name}${s.detail ? ` — ${s.detail}` : ''}${s.deprecated ? ' (deprecated)' : ''}`,
    ...renderOutline(s.children, `${indent}  `),
  ]);
}

describe('syntax features', () => {
  it('outlines a file', async () => {
    const fx = await analyseFixture(OUTLINE_FIXTURE);
    expectSnapshot('outline', `${renderOutline(documentSymbols(fx.cursorFile.ast)).join('\n')}\n`);
  });

  it('folds braces, use runs and comments', async () => {
    const fx = await analyseFixture(OUTLINE_FIXTURE);
    const { text, lines } = fx.cursorFile;
    const folds = foldingRanges(fx.cursorFile.ast, text).map((f) => {
      const from = lines.positionAt(f.start).line + 1;
      const to = lines.positionAt(f.end).line + 1;
      return `${f.kind} ${from}-${to}: ${text.slice(lines.lineStart(from - 1), lines.lineEnd(from - 1)).trim()}`;
    });
    expectSnapshot('folding', `${folds.join('\n')}\n`);
  });

  it('expands selections outwards', async () => {
    const fx = await analyseFixture(cursorAfter(OUTLINE_FIXTURE, '/main.wit', 'old: func(a: string, b: list<u'));
    const [chain] = selectionRanges(fx.cursorFile.ast, fx.cursorFile.text.length, fx.cursors);
    const text = fx.cursorFile.text;
    const shown = chain.map((s) => JSON.stringify(text.slice(s.start, s.end).replace(/\s+/g, ' ').slice(0, 70)));
    expectSnapshot('selection', `${shown.join('\n')}\n`);
    for (let i = 1; i < chain.length; i += 1) assert.ok(chain[i].start <= chain[i - 1].start && chain[i - 1].end <= chain[i].end);
  });

  it('classifies declarations and references', async () => {
    const fx = await analyseFixture(APP_FIXTURE);
    const file = [...fx.files.values()].find((f) => f.uri.endsWith('/api.wit'));
    assert.ok(file);
    const tokens = semanticTokens(file.ast, fx.model).map((t) =>
      `${where(fx.files, file.uri, t.span.start)} ${file.text.slice(t.span.start, t.span.end)}: ${t.type}${t.modifiers.length ? ` [${t.modifiers.join(',')}]` : ''}`);
    expectSnapshot('semantic-tokens', `${tokens.join('\n')}\n`);
  });

  it('hints the package local paths resolve in', async () => {
    const fx = await analyseFixture(APP_FIXTURE);
    const file = [...fx.files.values()].find((f) => f.uri.endsWith('/api.wit'));
    assert.ok(file);
    const hints = inlayHints(fx.model, file.uri, file.text, { start: 0, end: file.text.length });
    expectSnapshot('inlay-hints', `${hints.map((h) => `${where(fx.files, file.uri, h.offset)} ${h.label} (${h.tooltip})`).join('\n')}\n`);
  });

  it('elaborates a world', async () => {
    const fixture = `${APP_FIXTURE}//- /more.wit\npackage example:app@0.1.0;\n\nworld bigger {\n  include app with { run as start }\n  export extra: func(p: u32) -> string;\n}\n`;
    const fx = await analyseFixture(fixture);
    const file = [...fx.files.values()].find((f) => f.uri.endsWith('/more.wit'));
    assert.ok(file);
    const view = worldView(fx.model, file.uri, {});
    assert.ok(view);
    const render = (nodes: readonly WorldViewNode[], indent: string): string[] => nodes.flatMap((n) => [
      `${indent}${n.kind} ${n.name}${n.detail ? ` — ${n.detail}` : ''}${n.location ? ` @ ${where(fx.files, n.location.uri, n.location.span.start)}` : ''}`,
      ...render(n.children, `${indent}  `),
    ]);
    expectSnapshot('world-view', [`world ${view.world}`, 'imports:', ...render(view.imports, '  '), 'exports:', ...render(view.exports, '  '), ''].join('\n'));
  });
});

describe('signature help', () => {
  it('names the generic and the argument under the cursor', () => {
    const text = 'interface a {\n  f: func() -> result<list<u8>, map<string, ';
    const inner = signatureHelp(text, text.length);
    assert.equal(inner?.label, 'map<K, V>');
    assert.equal(inner?.activeParameter, 1);
    assert.deepEqual(inner?.parameters.map((p) => inner.label.slice(p.range[0], p.range[1])), ['K', 'V']);
    const outer = signatureHelp(text, text.indexOf('map'));
    assert.equal(outer?.label, 'result<T, E>');
    assert.equal(outer?.activeParameter, 1);
    assert.equal(signatureHelp('interface a { f: func(x: u32', 27), undefined);
    assert.equal(signatureHelp('x<', 2), undefined);
  });
});
