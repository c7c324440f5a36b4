import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from './harness';

test('smoke: valid package has no diagnostics and resolves references', async () => {
  const a = await analyzeText('package a:b@1.0.0;\ninterface i { type t = u32; record r { x: t } f: func(a: r) -> t; }\nworld w { import i; export g: func(); }\n');
  assert.deepEqual(a.diagnostics.map((d) => d.message), []);
  const refs = a.references.filter((r) => r.name === 't');
  assert.ok(refs.length === 2 && refs.every((r) => r.target?.name === 't'));
});

test('smoke: unknown type', async () => {
  const a = await analyzeText('package a:b; interface i { type x = nope; } world w {}');
  assert.deepEqual(a.diagnostics.map((d) => d.message), ['type `nope` does not exist']);
});
