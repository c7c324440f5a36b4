// The examples/ workspace that `npm start` opens must stay valid: the committed main.wasm matches
// main.c (stamp) and carries DWARF, and the WIT package is accepted by the reference WIT parser
// (wit-parser inside @bytecodealliance/jco-transpile).
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';

/** out/test/unit/examples → the repository root. */
const repoRoot = join(__dirname, '../../../..');
const cDemo = join(repoRoot, 'examples/c-demo');

/** Names of the custom sections of a wasm module (section id 0). */
function customSectionNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  let pos = 8;
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 0) {
      const len = leb();
      names.push(Buffer.from(bytes.subarray(pos, pos + len)).toString('utf8'));
    }
    pos = end;
  }
  return names;
}

describe('examples/', () => {
  it('c-demo/main.wasm was built from the current main.c (run examples/c-demo/build.sh after editing it)', () => {
    const stamp = readFileSync(join(cDemo, 'main.wasm.stamp'), 'utf8').trim();
    const hash = createHash('sha256').update(readFileSync(join(cDemo, 'main.c'))).digest('hex');
    assert.equal(stamp, `${hash}  main.c`);
  });

  it('c-demo/main.wasm is a wasm module with DWARF line and info sections', () => {
    const bytes = readFileSync(join(cDemo, 'main.wasm'));
    assert.deepEqual([...bytes.subarray(0, 8)], [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], 'wasm magic and version 1');
    const sections = customSectionNames(bytes);
    for (const s of ['.debug_info', '.debug_line']) assert.ok(sections.includes(s), `missing ${s}; sections: ${sections.join(', ')}`);
  });

  it('wit-demo/wit is accepted by the reference WIT parser, and a broken copy is not', async () => {
    const fs = await import('@bytecodealliance/preview2-shim/filesystem' as string) as { _setPreopens(p: Record<string, string>): void };
    const jco = await import('@bytecodealliance/jco-transpile/component' as string) as {
      $init: Promise<void>;
      generateTypes(name: string, opts: unknown): unknown[];
    };
    fs._setPreopens({ '/': '/' });
    await jco.$init;
    const check = (dir: string): void => {
      jco.generateTypes('demo', { wit: { tag: 'path', val: dir }, features: { tag: 'list', val: [] } });
    };
    check(join(repoRoot, 'examples/wit-demo/wit'));
    // The oracle must be able to say no, or the check above proves nothing.
    const broken = mkdtempSync(join(tmpdir(), 'wit-demo-broken-'));
    try {
      cpSync(join(repoRoot, 'examples/wit-demo/wit'), broken, { recursive: true });
      const world = join(broken, 'world.wit');
      writeFileSync(world, readFileSync(world, 'utf8').replace('export greet;', 'export nope;'));
      assert.throws(() => check(broken), /`nope` does not exist/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
