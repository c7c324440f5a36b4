// Records the sha256 of the grammar's inputs and outputs in server/grammar/build-stamp.json.
//   node scripts/grammar/stamp.mjs write   (done by build-grammar.sh after a build)
//   node scripts/grammar/stamp.mjs check   (exit 1 when grammar.js/scanner.c changed without a rebuild)
// The unit test test/unit/syntax/stamp.test.ts performs the same check so that CI catches it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../../server/grammar/', import.meta.url);
export const stampedFiles = ['grammar.js', 'src/scanner.c', 'src/parser.c', 'src/grammar.json', 'tree-sitter-wit.wasm'];

const sha = (file) => createHash('sha256').update(readFileSync(new URL(file, dir))).digest('hex');
export const current = () => Object.fromEntries(stampedFiles.map((f) => [f, sha(f)]));
export const recorded = () => JSON.parse(readFileSync(new URL('build-stamp.json', dir), 'utf8'));

const command = process.argv[2];
if (command === 'write') {
  writeFileSync(new URL('build-stamp.json', dir), JSON.stringify(current(), null, 2) + '\n');
} else if (command === 'check') {
  const want = recorded();
  const have = current();
  const stale = stampedFiles.filter((f) => want[f] !== have[f]);
  if (stale.length > 0) {
    console.error(`grammar build is stale (changed: ${stale.join(', ')}); run scripts/grammar/build-grammar.sh`);
    process.exit(1);
  }
  console.log('grammar build stamp matches');
}
