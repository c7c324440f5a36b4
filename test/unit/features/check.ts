// Data-driven feature tests: fixtures with cursor markers go through one `check` helper and the
// rendered result is compared with a snapshot file under test/unit/features/snapshots/. Run with
// UPDATE_SNAPSHOTS=1 to (re)write snapshots and review the diff before committing; a missing
// snapshot fails.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSources, type Analysis, type SourceGroup } from '../../../server/src/semantics/index';
import { loadWitParser, type ParsedFile, type WitParser } from '../../../server/src/syntax/parser';

/** out/test/unit/features → repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const FEATURE_TESTS = path.join(REPO_ROOT, 'test', 'unit', 'features');
const SNAPSHOTS = path.join(FEATURE_TESTS, 'snapshots');

/** The cursor marker in fixtures. */
export const CURSOR = '$0';

export interface FixtureFile {
  /** Path as written in the fixture header, e.g. `/app/api.wit`. */
  readonly path: string;
  readonly text: string;
  /** Offsets of the cursor markers (removed from `text`), in order. */
  readonly cursors: readonly number[];
}

/**
 * Splits a fixture into files. Files start with a header line `//- /path/name.wit`; a fixture
 * without headers is one file `/main.wit`. `$0` marks cursor positions.
 */
export function parseFixture(fixture: string): FixtureFile[] {
  const source = dedent(fixture);
  const parts = source.split(/^\/\/- (\S+)\n/m);
  const chunks: [string, string][] = [];
  if (parts.length === 1) chunks.push(['/main.wit', parts[0]]);
  for (let i = 1; i < parts.length; i += 2) chunks.push([parts[i], parts[i + 1] ?? '']);
  return chunks.map(([p, raw]) => {
    const cursors: number[] = [];
    let text = '';
    let rest = raw;
    for (;;) {
      const at = rest.indexOf(CURSOR);
      if (at < 0) break;
      text += rest.slice(0, at);
      cursors.push(text.length);
      rest = rest.slice(at + CURSOR.length);
    }
    return { path: p, text: text + rest, cursors };
  });
}

/** Compares `actual` with the stored snapshot `name` (a relative path without extension). */
export function expectSnapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOTS, `${name}.snap`);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) assert.fail(`missing snapshot ${file}; run with UPDATE_SNAPSHOTS=1 to write it, then review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}

/** Marks a span in text as `«…»` for readable snapshots. */
export function markSpan(text: string, start: number, end: number): string {
  return `${text.slice(0, start)}«${text.slice(start, end)}»${text.slice(end)}`;
}

/** The line of `text` holding `offset`, with the span marked, for compact snapshots. */
export function lineWithSpan(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  return markSpan(text.slice(lineStart, lineEnd), start - lineStart, end - lineStart);
}

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim().length > 0).map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n').replace(/\s+$/, '\n');
}

// ---------------------------------------------------------------------------------------------
// Analysed fixtures


let parserPromise: Promise<WitParser> | undefined;

/** The WIT parser, loaded once per test process. */
export function witParser(): Promise<WitParser> {
  parserPromise ??= loadWitParser();
  return parserPromise;
}

export interface AnalysedFixture {
  readonly model: Analysis;
  /** Parsed files by fixture path. */
  readonly files: ReadonlyMap<string, ParsedFile>;
  /** The file holding the (first) cursor, and the cursor offsets. */
  readonly cursorFile: ParsedFile;
  readonly cursors: readonly number[];
}

export const FIXTURE_ROOT = 'file:///fx';

/**
 * Parses and analyses a fixture. Files under `/deps/<name>/` (or `/deps/<name>.wit`) are
 * dependency packages; the rest is the root package.
 */
export async function analyseFixture(fixture: string, features: { features?: string[]; allFeatures?: boolean } = {}): Promise<AnalysedFixture> {
  const parser = await witParser();
  const parsed = parseFixture(fixture);
  const files = new Map<string, ParsedFile>();
  const root: ParsedFile[] = [];
  const deps = new Map<string, ParsedFile[]>();
  for (const f of parsed) {
    const file = parser.parse(`${FIXTURE_ROOT}${f.path}`, f.text);
    files.set(f.path, file);
    const dep = /^\/deps\/([^/]+)/.exec(f.path);
    if (dep) deps.set(dep[1], [...(deps.get(dep[1]) ?? []), file]);
    else root.push(file);
  }
  const groups: SourceGroup[] = [...deps].map(([name, fs]) => ({ location: `${FIXTURE_ROOT}/deps/${name}`, files: fs.map((f) => f.ast) }));
  const model = analyzeSources({ location: FIXTURE_ROOT, files: root.map((f) => f.ast) }, groups, features);
  const withCursor = parsed.find((f) => f.cursors.length > 0) ?? parsed[0];
  const cursorFile = files.get(withCursor.path);
  if (!cursorFile) throw new Error('fixture has no files');
  return { model, files, cursorFile, cursors: withCursor.cursors };
}

/** `/path:line:col` of an offset in a fixture file, 1-based, for snapshots. */
export function where(files: ReadonlyMap<string, ParsedFile>, uri: string, offset: number): string {
  for (const [p, f] of files) {
    if (f.uri !== uri) continue;
    const pos = f.lines.positionAt(offset);
    return `${p}:${pos.line + 1}:${pos.character + 1}`;
  }
  return `${uri}@${offset}`;
}

/** Puts the cursor marker right after the first `needle` in file `file` of a fixture. */
export function cursorAfter(fixture: string, file: string, needle: string): string {
  const header = `//- ${file}\n`;
  const start = fixture.indexOf(header);
  if (start < 0) throw new Error(`no file ${file} in fixture`);
  const at = fixture.indexOf(needle, start + header.length);
  if (at < 0) throw new Error(`${JSON.stringify(needle)} not found in ${file}`);
  return fixture.slice(0, at + needle.length) + CURSOR + fixture.slice(at + needle.length);
}

/** A small package with two files, a renamed `use`, a resource and a dependency in deps/. */
export const APP_FIXTURE = `
//- /types.wit
package example:app@0.1.0;

/// Shared types.
interface types {
  /// A point on the canvas.
  record point {
    x: s32,
    y: s32,
  }

  /// Something to draw on.
  resource canvas {
    constructor(width: u32);
    draw: func(p: point);
  }

  @since(version = 0.1.0)
  @deprecated(version = 0.1.0)
  type id = u64;
}
//- /api.wit
package example:app@0.1.0;

interface api {
  use types.{point, canvas as surface, id};
  use wasi:io/streams@0.2.0.{input-stream};

  plot: func(p: point) -> point;
  paint: func(s: borrow<surface>, at: point);
  read: func(s: borrow<input-stream>) -> list<u8>;
  lookup: func(key: id) -> option<point>;
}

world app {
  import api;
  export run: func();
}
//- /deps/io/streams.wit
package wasi:io@0.2.0;

interface streams {
  /// Bytes in.
  resource input-stream;
}
`;
