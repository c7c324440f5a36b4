// Differential checks against the reference wit-parser (bundled in the pinned devDependency
// @bytecodealliance/jco 1.35.0): our first diagnostic must be its first error, word for word,
// for the curated cases and for token mutations of a file using every construct. wit-parser has
// no line/column API; ranges are asserted by diagnostics.test.ts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Tokenizer } from '../../../server/src/syntax/lexical';
import { FIRST_ERROR_CASES } from './diagnosticCases';
import { marked, parse, random, repoRoot } from './helpers';

interface Jco {
  componentEmbed(options: { dummy: boolean; witSource: string; world: string }): Promise<Uint8Array>;
}

let jco: Promise<Jco> | undefined;

/** wit-parser's first error for `source` ('ok' when it accepts), its first line only. */
async function reference(source: string): Promise<string> {
  // jco is an ES module; a Function-built import survives TypeScript's CommonJS output.
  const load = new Function('url', 'return import(url)') as (url: string) => Promise<Jco>;
  jco ??= load(pathToFileURL(require.resolve('@bytecodealliance/jco', { paths: [repoRoot] })).href);
  try {
    await (await jco).componentEmbed({ dummy: true, witSource: source, world: 'w' });
    return 'ok';
  } catch (e) {
    return String(e instanceof Error ? e.message : e).split('\n')[0];
  }
}

/** Messages that come from wit-parser's lexer or parser (the rest is resolution, not ours). */
const SYNTAX_MESSAGE =
  /^(expected |unexpected |invalid |unterminated |identifiers must|unknown attribute|type nesting|package nesting|cannot place attributes|Control code|Input contains|Codepoint |value of |empty identifier)/;

test('the curated first-error cases agree with wit-parser', { timeout: 120_000 }, async () => {
  for (const [source, message] of FIRST_ERROR_CASES) {
    const { text } = marked(source);
    assert.equal(await reference(text), message, JSON.stringify(text));
  }
});

test('token mutations of a full file: our first syntax error is wit-parser\'s', { timeout: 300_000 }, async () => {
  const sample = readFileSync(join(repoRoot, 'test', 'unit', 'syntax', 'sample.wit'), 'utf8');
  const base = `${sample.replace('world app', 'world w')}\nworld base { import a: func(); }\n`;
  assert.equal(await reference(base), 'ok', 'the base file is valid');
  const tokens: { start: number; end: number }[] = [];
  const lexer = new Tokenizer(base);
  for (let t = lexer.next(); t !== undefined; t = lexer.next()) if (t.kind !== 'error') tokens.push(t);
  const inserts = [';', '}', '{', ')', '(', ',', ':', 'func', 'interface', 'list', '<', '>', 'x', '@', '->', '.', '=', 'type', '_', '%', '"s"'];
  const next = random(2024);
  let compared = 0;
  for (let i = 0; i < 250; i++) {
    const t = tokens[next(tokens.length)];
    const u = tokens[Math.min(tokens.length - 1, tokens.indexOf(t) + 1)];
    const variants = [
      base.slice(0, t.start) + base.slice(t.end),
      base.slice(0, t.end) + ' ' + base.slice(t.start, t.end) + base.slice(t.end),
      base.slice(0, t.start) + base.slice(u.start, u.end) + base.slice(t.end, u.start) + base.slice(t.start, t.end) + base.slice(u.end),
      base.slice(0, t.start) + inserts[next(inserts.length)] + ' ' + base.slice(t.start),
    ];
    const source = variants[next(variants.length)];
    const theirs = await reference(source);
    const ours = (await parse(source)).ast.diagnostics[0]?.message;
    if (ours !== undefined) {
      assert.equal(ours, theirs, `mutation ${i}: ${JSON.stringify(source)}`);
      compared++;
    } else {
      assert.doesNotMatch(theirs, SYNTAX_MESSAGE, `mutation ${i}: wit-parser finds a syntax error we miss: ${JSON.stringify(source)}`);
    }
  }
  assert.ok(compared > 100, `only ${compared} mutations were syntax errors`);
});

test('character mutations (quotes, escapes, odd characters): our first syntax error is wit-parser\'s', { timeout: 300_000 }, async () => {
  const sample = readFileSync(join(repoRoot, 'test', 'unit', 'syntax', 'sample.wit'), 'utf8');
  const base = `${sample.replace('world app', 'world w')}\nworld base { @external-id("x") import a: func(); }\n`;
  const characters = ['"', '\\', '%', '@', '-', '_', '.', ':', '/', '*', '\t', '\r', '1', 'A', 'é', '\u200b', '$', '+', '0', '{', '<', "'", '\u00a0'];
  const next = random(99);
  let compared = 0;
  for (let i = 0; i < 200; i++) {
    const at = next(base.length);
    const character = characters[next(characters.length)];
    const variants = [
      base.slice(0, at) + base.slice(at + 1 + next(3)),
      base.slice(0, at) + character + base.slice(at),
      base.slice(0, at) + character + base.slice(at + 1),
    ];
    const source = variants[next(variants.length)];
    const theirs = await reference(source);
    const ours = (await parse(source)).ast.diagnostics[0]?.message;
    if (ours !== undefined) {
      assert.equal(ours, theirs, `mutation ${i}: ${JSON.stringify(source.slice(Math.max(0, at - 20), at + 20))}`);
      compared++;
    } else {
      assert.doesNotMatch(theirs, SYNTAX_MESSAGE, `mutation ${i}: wit-parser finds a syntax error we miss: ${JSON.stringify(source.slice(Math.max(0, at - 20), at + 20))}`);
    }
  }
  assert.ok(compared > 80, `only ${compared} mutations were syntax errors`);
});
