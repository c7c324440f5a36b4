// The resolved model the editor features build on: definitions, references and their targets,
// world elaboration, gates, and the small query helpers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionAt, diagnosticsByUri, firstError, referencesTo } from '../../../server/src/semantics/index';
import type { Analysis, Definition } from '../../../server/src/semantics/index';
import { analyzeFolder, analyzeText } from './harness';

function def(a: Analysis, kind: Definition['kind'], name: string): Definition {
  const d = a.definitions.find((x) => x.kind === kind && x.name === name);
  assert.ok(d, `no ${kind} ${name}`);
  return d;
}

const SOURCE = `package m:odel@1.0.0;

/// Shared types.
interface types {
  record point { x: u32, y: u32 }
  resource handle { get: func() -> point; }
}
interface api {
  use types.{point, handle as h};
  move: func(p: point, by: h) -> point;
}
world base { import log: func(m: string); }
world app {
  include base with { log as write }
  export api;
}
`;

test('model: every name in a signature links to its definition, through use aliases', async () => {
  const a = await analyzeText(SOURCE);
  assert.deepEqual(a.diagnostics, []);
  const point = def(a, 'type', 'point');
  assert.equal(point.docs, undefined);
  assert.equal(point.container?.name, 'types');
  assert.equal(def(a, 'interface', 'types').docs, 'Shared types.');
  // `use types.{point}` names the original; the local alias points at it too.
  const alias = a.definitions.find((d) => d.kind === 'use' && d.name === 'point');
  assert.equal(alias?.target, point);
  const useRefs = referencesTo(a, point).map((r) => r.kind);
  assert.ok(useRefs.includes('use-name') && useRefs.includes('type'), useRefs.join(','));
  // `h` in `move` resolves to the alias `h`, whose target is the resource.
  const hAlias = a.definitions.find((d) => d.kind === 'use' && d.name === 'h');
  assert.equal(hAlias?.target, def(a, 'resource', 'handle'));
  const hRef = a.references.find((r) => r.kind === 'type' && r.name === 'h');
  assert.equal(hRef?.target, hAlias);
});

test('model: definitionAt answers on references and on definitions', async () => {
  const a = await analyzeText(SOURCE, { features: [] }, '/m/x.wit');
  const offset = SOURCE.indexOf('p: point') + 4;
  assert.equal(definitionAt(a, '/m/x.wit', offset)?.name, 'point');
  assert.equal(definitionAt(a, '/m/x.wit', offset)?.kind, 'use');
  const recordAt = SOURCE.indexOf('record point') + 8;
  assert.equal(definitionAt(a, '/m/x.wit', recordAt)?.kind, 'type');
  assert.equal(definitionAt(a, '/m/x.wit', SOURCE.indexOf('include base') + 9)?.kind, 'world');
});

test('model: worlds are elaborated: includes with renames and implied imports', async () => {
  const a = await analyzeText(SOURCE);
  const pkg = a.packages[a.packages.length - 1];
  const app = pkg?.worlds.find((w) => w.definition.name === 'app');
  assert.ok(app);
  assert.equal(app.qualifiedName, 'm:odel/app@1.0.0');
  // `log` arrives renamed to `write`; the exported `api` uses `types`, so `types` is imported
  // (implied), after the world's own imports as in wit-parser.
  assert.deepEqual(app.imports.map((i) => [i.key, i.kind, i.implied]), [['write', 'function', false], ['m:odel/types@1.0.0', 'interface', true]]);
  assert.deepEqual(app.exports.map((e) => e.key), ['m:odel/api@1.0.0']);
  const withRef = a.references.find((r) => r.kind === 'include-name');
  assert.equal(withRef?.name, 'log');
  assert.equal(withRef?.target?.kind, 'import');
});

test('model: references into deps/ resolve to the dependency files', async () => {
  const a = await analyzeFolder({
    'main.wit': 'package m:main;\ninterface i {\n  use m:dep/types@0.1.0.{id};\n  f: func() -> id;\n}\n',
    'deps/dep/types.wit': 'package m:dep@0.1.0;\ninterface types {\n  type id = u64;\n}\n',
  });
  assert.deepEqual(a.diagnostics, []);
  const id = def(a, 'type', 'id');
  assert.equal(id.uri, '/pkg/deps/dep/types.wit');
  const refs = referencesTo(a, id);
  assert.deepEqual(refs.map((r) => [r.uri, r.kind]), [['/pkg/main.wit', 'use-name']]);
  const pkgRef = a.references.find((r) => r.kind === 'package');
  assert.equal(pkgRef?.target?.name, 'm:dep@0.1.0');
  const ifaceRef = a.references.find((r) => r.kind === 'interface' && r.name === 'types');
  assert.equal(ifaceRef?.target?.uri, '/pkg/deps/dep/types.wit');
  assert.deepEqual(a.packages.map((p) => [p.id, p.isRoot]), [['m:dep@0.1.0', false], ['m:main', true]]);
});

test('model: gates are kept and gated-off items are marked excluded', async () => {
  const a = await analyzeText('package g:ates@1.0.0;\ninterface i {\n  @since(version = 1.0.0)\n  @deprecated(version = 1.0.0)\n  a: func();\n  @unstable(feature = off)\n  b: func();\n}\n', { features: [] });
  assert.deepEqual(a.diagnostics, []);
  assert.deepEqual(def(a, 'function', 'a').gate, { kind: 'since', version: '1.0.0', deprecated: '1.0.0' });
  assert.equal(def(a, 'function', 'a').excluded, false);
  assert.deepEqual(def(a, 'function', 'b').gate, { kind: 'unstable', feature: 'off', deprecated: undefined });
  assert.equal(def(a, 'function', 'b').excluded, true);
  const all = await analyzeText('package g:ates@1.0.0;\ninterface i {\n  @unstable(feature = off)\n  b: func();\n}\n', { allFeatures: true });
  assert.equal(def(all, 'function', 'b').excluded, false);
});

test('model: unresolved references have no target and a diagnostic at their span', async () => {
  const text = 'package u:n;\ninterface i {\n  f: func(a: missing);\n}\n';
  const a = await analyzeText(text, {}, '/u/x.wit');
  const ref = a.references.find((r) => r.name === 'missing');
  assert.ok(ref);
  assert.equal(ref.target, undefined);
  const e = firstError(a);
  assert.deepEqual(e && [e.uri, e.span, e.message], ['/u/x.wit', ref.span, 'name `missing` does not exist']);
  assert.deepEqual([...diagnosticsByUri(a).keys()], ['/u/x.wit']);
});

test('model: names missing from an interface with syntax errors do not cascade', async () => {
  const broken = await analyzeText('package a:b;\ninterface a { type x = ; type y = u32; }\ninterface b { use a.{x, y}; }\n');
  assert.deepEqual(broken.diagnostics.map((d) => d.code), ['syntax']);
  // Without the syntax error the same missing name is reported.
  const clean = await analyzeText('package a:b;\ninterface a { type y = u32; }\ninterface b { use a.{x, y}; }\n');
  assert.deepEqual(clean.diagnostics.map((d) => d.message), ['name `x` does not exist']);
});
