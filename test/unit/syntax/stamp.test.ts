// The committed grammar build must match its sources: editing grammar.js or scanner.c without
// running scripts/grammar/build-grammar.sh (which regenerates src/ and the wasm and rewrites
// build-stamp.json) fails here, and so does a wasm or parser.c that was changed by hand.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Language } from 'web-tree-sitter';
import { repoRoot, witParser } from './helpers';

const grammarDir = join(repoRoot, 'server', 'grammar');
const STAMPED = ['grammar.js', 'src/scanner.c', 'src/parser.c', 'src/grammar.json', 'tree-sitter-wit.wasm'];

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(join(grammarDir, file))).digest('hex');
}

test('build-stamp.json records every grammar input and output', () => {
  const stamp = JSON.parse(readFileSync(join(grammarDir, 'build-stamp.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(stamp).sort(), [...STAMPED].sort());
});

for (const file of STAMPED) {
  test(`${file} matches build-stamp.json (rebuild with scripts/grammar/build-grammar.sh)`, () => {
    const stamp = JSON.parse(readFileSync(join(grammarDir, 'build-stamp.json'), 'utf8')) as Record<string, string>;
    assert.equal(sha256(file), stamp[file], `${file} changed without a grammar rebuild`);
  });
}

test('the generated files that are committed exist', () => {
  for (const file of ['src/node-types.json', 'src/tree_sitter/parser.h', 'tree-sitter.json', 'package.json']) {
    assert.ok(existsSync(join(grammarDir, file)), `${file} is missing`);
  }
});

test('the committed wasm is an ABI 15 WIT language that web-tree-sitter loads', async () => {
  await witParser(); // initialises the runtime
  const language = await Language.load(new Uint8Array(readFileSync(join(grammarDir, 'tree-sitter-wit.wasm'))));
  assert.equal(language.name, 'wit');
  assert.equal(language.abiVersion, 15);
  assert.ok(language.types.includes('interface_item'));
});
