// Formatting: every input under fixtures/formatting/ (and the WASI 0.2 WIT set when present) is
// formatted; the result must match its snapshot, be idempotent, keep every token (comments
// included) in order, and parse to the same syntax tree (spans aside) as the input.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { formatDocument, formatRange } from '../../../server/src/features/formatting';
import { lexWit } from '../../../server/src/features/tokens';
import { analyzeSources, type Analysis, type Definition, type SourceGroup } from '../../../server/src/semantics/index';
import { loadWitParser, type WitParser } from '../../../server/src/syntax/parser';
import { expectSnapshot, FEATURE_TESTS, REPO_ROOT } from './check';

const INPUTS = path.join(FEATURE_TESTS, 'fixtures', 'formatting');
const WASI = path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'wasi-0.2');
const CONFORMANCE = path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'conformance');

let parser: WitParser;
before(async () => {
  parser = await loadWitParser();
});

describe('formatting', () => {
  for (const name of fs.readdirSync(INPUTS).filter((n) => n.endsWith('.wit')).sort()) {
    it(`formats ${name}`, () => {
      const text = fs.readFileSync(path.join(INPUTS, name), 'utf8');
      const formatted = checkFormat(text);
      expectSnapshot(`formatting/${name}`, formatted);
    });
  }

  it('formats every package of the WASI 0.2 WIT set to the same resolved model', () => {
    const packages = fs.readdirSync(WASI, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(WASI, e.name));
    assert.ok(packages.length >= 7, `expected the WASI 0.2 packages under ${WASI}`);
    for (const dir of packages) {
      const original = analyseFolder(dir, (text) => text);
      const formatted = analyseFolder(dir, (text, file) => checkFormat(text, file));
      assert.deepEqual(formatted, original, `${dir}: formatting changed the resolved model`);
      assert.equal((original as { diagnostics: unknown[] }).diagnostics.length, 0, `${dir} should be valid`);
    }
  });

  it('formats every test input to the same resolved model', () => {
    const inputs = [
      ...fs.readdirSync(INPUTS).filter((n) => n.endsWith('.wit')).map((n) => path.join(INPUTS, n)),
      ...fs.readdirSync(CONFORMANCE).map((n) => path.join(CONFORMANCE, n)).filter((p) => p.endsWith('.wit') || fs.statSync(p).isDirectory()),
    ];
    let checked = 0;
    for (const input of inputs) {
      const dir = fs.statSync(input).isDirectory() ? input : undefined;
      const files = dir ? [] : [input];
      // The server does not format files with syntax errors; neither does this check.
      const texts = dir ? witFilesUnder(dir) : files;
      if (texts.some((f) => parser.parse('file:///x.wit', fs.readFileSync(f, 'utf8')).ast.diagnostics.some((d) => d.severity === 'error'))) continue;
      if (texts.some((f) => formatDocument(fs.readFileSync(f, 'utf8')).kind === 'refused')) continue;
      const original = dir ? analyseFolder(dir, (t) => t) : analyseFile(input, (t) => t);
      const formatted = dir ? analyseFolder(dir, (t, f) => checkFormat(t, f)) : analyseFile(input, (t, f) => checkFormat(t, f));
      assert.deepEqual(formatted, original, `${input}: formatting changed the resolved model`);
      checked += 1;
    }
    assert.ok(checked >= 10, `only ${checked} inputs were checked`);
  });

  it('refuses text it cannot tokenize and unbalanced brackets', () => {
    assert.equal(formatDocument('interface a { f: func(); ').kind, 'refused');
    assert.equal(formatDocument('interface a { f: func(]; }').kind, 'refused');
    assert.equal(formatDocument('interface a { /* open').kind, 'refused');
  });

  it('keeps `import name: iface;` apart from a package path', () => {
    const r = formatDocument('world w {\nimport  a : b ;\nimport a:b/c;\nimport a : b / c ;\n}\n');
    assert.equal(r.kind, 'formatted');
    if (r.kind === 'formatted') assert.equal(r.text, 'world w {\n  import a: b;\n  import a:b/c;\n  import a:b/c;\n}\n');
  });

  it('formats a range by applying only the layout edits that touch it', () => {
    const text = 'interface a {\nf: func();\n    g: func();\nh:func();\n}\n';
    const start = text.indexOf('    g');
    const r = formatRange(text, { start, end: text.indexOf('\nh') });
    assert.equal(r.kind, 'formatted');
    if (r.kind === 'formatted') assert.equal(r.text, 'interface a {\nf: func();\n  g: func();\nh:func();\n}\n');
  });

  it('ends the file with exactly one line break', () => {
    for (const text of ['interface a {}', 'interface a {}\n\n\n']) {
      const r = formatDocument(text);
      assert.equal(r.kind === 'formatted' ? r.text : r.reason, 'interface a {}\n');
    }
  });

  it('keeps CRLF line endings', () => {
    const r = formatDocument('interface a {\r\nf: func();\r\n}\r\n');
    assert.equal(r.kind, 'formatted');
    if (r.kind === 'formatted') assert.equal(r.text, 'interface a {\r\n  f: func();\r\n}\r\n');
  });
});

/** Formats `text` and checks the invariants; returns the formatted text. */
function checkFormat(text: string, label = 'input'): string {
  const first = formatDocument(text);
  assert.equal(first.kind, 'formatted', `${label}: ${first.kind === 'refused' ? first.reason : ''}`);
  if (first.kind !== 'formatted') return '';
  const second = formatDocument(first.text);
  assert.equal(second.kind, 'formatted');
  if (second.kind === 'formatted') {
    assert.equal(second.text, first.text, `${label}: formatting is not idempotent`);
    assert.equal(second.edits.length, 0, `${label}: a formatted file still has edits`);
  }
  assert.deepEqual(lexWit(first.text).tokens.map((t) => t.text), lexWit(text).tokens.map((t) => t.text), `${label}: tokens changed`);
  const before = parser.parse('file:///x.wit', text).ast;
  const after = parser.parse('file:///x.wit', first.text).ast;
  assert.deepEqual(withoutSpans(after), withoutSpans(before), `${label}: the syntax tree changed`);
  return first.text;
}

/** The tree with every span removed (spans move when whitespace changes; nothing else may). */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'span' || k.endsWith('Span')) continue;
    if (k === 'diagnostics') {
      out[k] = (v as { message: string }[]).map((d) => d.message);
      continue;
    }
    out[k] = withoutSpans(v);
  }
  return out;
}

type Transform = (text: string, file: string) => string;

/** A folder package with its deps/, every file passed through `transform`, as a span-free model. */
function analyseFolder(dir: string, transform: Transform): unknown {
  const read = (folder: string): SourceGroup => ({
    location: folder,
    files: fs.readdirSync(folder).filter((n) => n.endsWith('.wit')).sort().map((n) => {
      const file = path.join(folder, n);
      return parser.parse(file, transform(fs.readFileSync(file, 'utf8'), file)).ast;
    }),
  });
  const depsDir = path.join(dir, 'deps');
  const deps: SourceGroup[] = [];
  if (fs.existsSync(depsDir)) {
    for (const e of fs.readdirSync(depsDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(depsDir, e.name);
      if (e.isDirectory()) deps.push(read(p));
      else if (e.name.endsWith('.wit')) deps.push({ location: p, files: [parser.parse(p, transform(fs.readFileSync(p, 'utf8'), p)).ast] });
    }
  }
  return modelShape(analyzeSources(read(dir), deps, { features: ['active'] }));
}

function analyseFile(file: string, transform: Transform): unknown {
  const ast = parser.parse(file, transform(fs.readFileSync(file, 'utf8'), file)).ast;
  return modelShape(analyzeSources({ location: file, files: [ast] }, [], { features: ['active'] }));
}

/** The resolved model without positions: what formatting must not change. */
function modelShape(model: Analysis): unknown {
  const name = (d: Definition | undefined): string | undefined => (d ? `${d.kind}:${d.name}@${d.container?.name ?? ''}` : undefined);
  return {
    packages: model.packages.map((p) => ({
      id: p.id, isRoot: p.isRoot,
      interfaces: p.interfaces.map((i) => [i.qualifiedName, i.types.map(name), i.functions.map(name)]),
      worlds: p.worlds.map((w) => [w.qualifiedName, [...w.imports, ...w.exports].map((e) => `${e.direction} ${e.key} ${e.kind} ${name(e.target)} ${e.implied}`)]),
    })),
    definitions: model.definitions.map((d) => [name(d), d.docs, JSON.stringify(d.gate), name(d.target), withoutSpans(d.typeDef), withoutSpans(d.func)]),
    references: model.references.map((r) => `${r.kind} ${r.name} -> ${name(r.target)}`),
    diagnostics: model.diagnostics.map((d) => `${d.severity} ${d.message}`),
  };
}

function witFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...witFilesUnder(p));
    else if (e.name.endsWith('.wit')) out.push(p);
  }
  return out.sort();
}
