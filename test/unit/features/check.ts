// Data-driven feature tests: fixtures with cursor markers go through one `check` helper and the
// rendered result is compared with a snapshot file under test/unit/features/snapshots/. Run with
// UPDATE_SNAPSHOTS=1 to (re)write snapshots; review the diff before committing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

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
  if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(file)) {
    if (process.env.UPDATE_SNAPSHOTS !== '1' && process.env.CI) assert.fail(`missing snapshot ${file}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
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
