// LineIndex: UTF-16 offsets <-> 0-based LSP positions, with every kind of line break.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../../server/src/syntax/lineIndex';

test('positions and offsets round-trip with \\n, \\r\\n and lone \\r', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 4);
  const expected: [number, number, number][] = [
    [0, 0, 0], [2, 0, 2], [3, 1, 0], [5, 1, 2], [7, 2, 0], [10, 3, 0], [12, 3, 2],
  ];
  for (const [offset, line, character] of expected) {
    assert.deepEqual(lines.positionAt(offset), { line, character }, `offset ${offset}`);
    assert.equal(lines.offsetAt({ line, character }), offset, `line ${line}:${character}`);
  }
});

test('characters count UTF-16 code units (surrogate pairs are two)', () => {
  const text = 'x😀y\né';
  const lines = new LineIndex(text);
  assert.deepEqual(lines.positionAt(text.indexOf('y')), { line: 0, character: 3 });
  assert.deepEqual(lines.positionAt(text.indexOf('é')), { line: 1, character: 0 });
  assert.equal(lines.offsetAt({ line: 0, character: 3 }), 3);
});

test('out-of-range positions clamp like LSP requires', () => {
  const text = 'abc\r\ndef';
  const lines = new LineIndex(text);
  assert.equal(lines.offsetAt({ line: 0, character: 99 }), 3, 'past the end of a line stops before its break');
  assert.equal(lines.offsetAt({ line: 9, character: 0 }), text.length);
  assert.equal(lines.offsetAt({ line: -1, character: 5 }), 0);
  assert.deepEqual(lines.positionAt(-4), { line: 0, character: 0 });
  assert.deepEqual(lines.positionAt(999), { line: 1, character: 3 });
  assert.equal(lines.lineEnd(0), 3);
  assert.equal(lines.lineStart(1), 5);
});

test('an empty text has one empty line', () => {
  const lines = new LineIndex('');
  assert.equal(lines.lineCount, 1);
  assert.deepEqual(lines.positionAt(0), { line: 0, character: 0 });
  assert.equal(lines.offsetAt({ line: 0, character: 3 }), 0);
});
