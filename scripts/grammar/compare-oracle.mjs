// Developer aid: compares our first diagnostic with the reference wit-parser's first error for
// WIT snippets (a JSON list of [name, source] on stdin). Needs `npx tsc -p tsconfig.json` first.
// Only syntax-level agreement is expected here; semantic errors are the semantics layer's.
//
//   node scripts/grammar/compare-oracle.mjs < cases.json
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { oracle } from './oracle.mjs';

const require = createRequire(import.meta.url);
const { loadWitParser } = require('../../out/server/src/syntax/parser.js');

const parser = await loadWitParser();
const cases = JSON.parse(readFileSync(0, 'utf8'));
let same = 0;
for (const [name, source] of cases) {
  const theirs = (await oracle(source)).split('\n')[0];
  const first = parser.parse(`file:///${name}.wit`, source).ast.diagnostics[0];
  const ours = first === undefined ? 'ok' : first.message;
  const agree = ours === theirs;
  if (agree) same++;
  const where = first === undefined ? '' : ` @${first.span.start}-${first.span.end} ${JSON.stringify(source.slice(first.span.start, first.span.end))}`;
  console.log(`${agree ? 'same' : 'DIFF'} ${name}: ours=${ours}${where}${agree ? '' : `\n      wit-parser=${theirs}`}`);
}
console.log(`${same}/${cases.length} agree`);
