// Developer aid: prints what the pinned reference wit-parser (bundled in @bytecodealliance/jco) says about
// WIT sources, to confirm the wording of our syntax diagnostics. Not used by the product or by tests.
//
//   node scripts/grammar/oracle.mjs 'package a:b; interface i { f: func() }'
//   node scripts/grammar/oracle.mjs --file some.wit
//   echo '[["name", "wit source"], ...]' | node scripts/grammar/oracle.mjs --json
import { componentEmbed } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Returns 'ok' or the root error message (the first line; the rest is the source snippet). */
export async function oracle(witSource) {
  try {
    await componentEmbed({ dummy: true, witSource, world: 'w' });
    return 'ok';
  } catch (e) {
    const text = String(e && e.message ? e.message : e);
    return text;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const args = isMain ? process.argv.slice(2) : [];
if (args[0] === '--json') {
  const cases = JSON.parse(readFileSync(0, 'utf8'));
  for (const [name, src] of cases) console.log(`${name}: ${(await oracle(src)).split('\n')[0]}`);
} else if (args[0] === '--file') {
  console.log(await oracle(readFileSync(args[1], 'utf8')));
} else if (args.length > 0) {
  for (const src of args) console.log(await oracle(src));
}
