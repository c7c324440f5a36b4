// Robustness: every import called with seeded random arguments (pointers in and out of memory,
// huge lengths, odd flags, negative i64s) answers an errno in range; nothing else escapes except
// WasiExit from proc_exit. Deterministic mode keeps poll_oneoff from really sleeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SIGNATURES, WASI_FUNCTION_NAMES, WasiExit, seededRandom } from '../../../debug-adapter/src/wasi/index';
import { harness, makePolicy, preopen, tempDir } from './helpers';

test('random arguments to every import give errnos, never host exceptions', () => {
  const top = tempDir('wasi-fuzz-');
  const dir = path.join(top, 'pre');
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'f'), 'content');
  fs.writeFileSync(path.join(top, 'canary'), 'outside');
  const h = harness(makePolicy({ preopens: [preopen(dir, '/p')], deterministic: { seed: 1 } }), { stdinText: 'input' });
  // Plant a few valid paths and iovecs so some calls get past argument checks.
  const [pathPtr] = h.mem.data('sub/../f');
  const [bufPtr] = h.mem.data(new Uint8Array(256));
  h.mem.iovecs([[bufPtr, 64], [bufPtr + 64, 64]]);
  const rnd = seededRandom(12345);
  const word = new Uint8Array(4);
  const next = (): number => {
    rnd.fill(word);
    return (word[0] | (word[1] << 8) | (word[2] << 16) | (word[3] << 24));
  };
  const pick = (): number => {
    const r = next() & 7;
    if (r === 0) return next();
    if (r === 1) return pathPtr;
    if (r === 2) return bufPtr + (next() & 255);
    if (r === 3) return next() & 15;
    if (r === 4) return 65536 - (next() & 31);
    return next() & 0xffff;
  };
  const imports = h.host.imports.wasi_snapshot_preview1 as Record<string, (...a: (number | bigint)[]) => number>;
  let calls = 0;
  for (let i = 0; i < 3000; i++) {
    const name = WASI_FUNCTION_NAMES[(next() >>> 0) % WASI_FUNCTION_NAMES.length];
    const args = SIGNATURES[name].params.map(([, type]) => (type === 'i64' ? BigInt(next()) * BigInt(next() & 0xff) : pick()));
    try {
      const errno = imports[name](...args);
      assert.ok(Number.isInteger(errno) && errno >= 0 && errno <= 76, `${name} returned ${errno}`);
      calls += 1;
    } catch (err) {
      assert.ok(name === 'proc_exit' && err instanceof WasiExit, `${name}(${args.join(', ')}) threw ${String(err)}`);
    }
  }
  assert.ok(calls > 2500);
  assert.equal(fs.readFileSync(path.join(top, 'canary'), 'utf8'), 'outside');
  assert.deepEqual(fs.readdirSync(top).sort(), ['canary', 'pre']);
});
