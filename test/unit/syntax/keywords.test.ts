// WIT's keyword list lives in three languages: grammar.js (the external tokens), scanner.c (which
// lexes them, in the same order) and identifiers.ts (the syntax layer). They must agree.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KEYWORDS } from '../../../server/src/syntax/identifiers';
import { repoRoot } from './helpers';

/** The quoted strings between the first `open` after `marker` in `text` and the next `close`. */
function quotedList(text: string, marker: string, open = '[', close = ']'): string[] {
  const start = text.indexOf(open, text.indexOf(marker) + marker.length);
  const end = text.indexOf(close, start);
  return [...text.slice(start, end).matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

test('grammar.js and scanner.c list the same keywords in the same order', () => {
  const grammar = quotedList(readFileSync(join(repoRoot, 'server', 'grammar', 'grammar.js'), 'utf8'), 'const KEYWORDS');
  const scanner = quotedList(readFileSync(join(repoRoot, 'server', 'grammar', 'src', 'scanner.c'), 'utf8'), 'KEYWORDS[] =', '{', '}');
  assert.ok(grammar.length > 40);
  assert.deepEqual(scanner, grammar);
});

test('the syntax layer knows the same keywords, plus `from`, which no rule uses', () => {
  const grammar = quotedList(readFileSync(join(repoRoot, 'server', 'grammar', 'grammar.js'), 'utf8'), 'const KEYWORDS');
  assert.deepEqual([...KEYWORDS].sort(), [...grammar, 'from'].sort());
});
