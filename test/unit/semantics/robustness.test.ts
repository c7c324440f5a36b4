// Robustness: huge packages, deep nesting, long chains and cycles, random bytes. Every input
// gets an answer (a list of diagnostics), never an exception or a hang. No timing assertions:
// speed is measured in bench/wit-check.bench.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from './harness';
import { prng } from './mutate';

test('robustness: a 5,000-interface package resolves with no diagnostics', async () => {
  const parts = ['package big:pkg@1.0.0;'];
  for (let i = 0; i < 5000; i += 1) {
    parts.push(`interface i${i} {${i > 0 ? ` use i${i - 1}.{t${i - 1}};` : ''} type t${i} = ${i > 0 ? `list<t${i - 1}>` : 'u32'}; fn${i}: func(a: t${i}) -> t${i}; }`);
  }
  parts.push('world w { export i4999; }');
  const a = await analyzeText(parts.join('\n'));
  assert.deepEqual(a.diagnostics, []);
  // The export pulls in the whole chain of 4,999 interfaces as implied imports.
  const w = a.packages[a.packages.length - 1]?.worlds[0];
  assert.equal(w?.imports.length, 4999);
});

test('robustness: deeply nested types and long alias chains', async () => {
  const depth = 300;
  const nested = `${'list<'.repeat(depth)}u8${'>'.repeat(depth)}`;
  const aliases = Array.from({ length: 3000 }, (_, i) => `type a${i} = a${i + 1};`).join(' ');
  const a = await analyzeText(`package d:n; interface i { type deep = ${nested}; ${aliases} type a3000 = u8; resource r; type h = borrow<a0>; } world w {}`);
  // Whatever the parser says about the nesting depth, the handle check walks the 3,000 aliases.
  assert.ok(a.diagnostics.every((d) => typeof d.message === 'string'));
  assert.ok(a.diagnostics.some((d) => d.message === 'type `a0` used in a handle must be a resource' || d.message.includes('nesting')), JSON.stringify(a.diagnostics.slice(0, 3)));
});

test('robustness: long cycles are reported once, not per member', async () => {
  const n = 2000;
  const types = Array.from({ length: n }, (_, i) => `type c${i} = c${(i + 1) % n};`).join(' ');
  const ifaces = Array.from({ length: 500 }, (_, i) => `interface j${i} { use j${(i + 1) % 500}.{x}; type x = u8; }`).join('\n');
  const a = await analyzeText(`package c:y; interface i { ${types} }\n${ifaces}\nworld w {}`);
  const messages = a.diagnostics.map((d) => d.message);
  assert.equal(messages.filter((m) => m.endsWith('depends on itself')).length, 2, messages.slice(0, 5).join('\n'));
});

test('robustness: random bytes and unterminated constructs never throw', async () => {
  const rand = prng(7);
  const inputs = [
    'package a:b; interface i { /* unterminated', 'package a:b; interface i { type t = "str', '%%%%', '',
    'package a:b; world w { include w with { a as b, a as c } }', 'package a:b { package c:d { } }',
  ];
  for (let n = 0; n < 200; n += 1) {
    const len = Math.floor(rand() * 400);
    let s = '';
    for (let i = 0; i < len; i += 1) s += String.fromCharCode(Math.floor(rand() * (rand() < 0.8 ? 128 : 0x3000)));
    inputs.push(s);
    inputs.push(`package a:b; ${s}`);
  }
  for (const text of inputs) {
    const a = await analyzeText(text);
    assert.ok(Array.isArray(a.diagnostics));
  }
});
