import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCToolchain, findRustToolchain, type Probe } from '../../../client/src/scaffold/toolchain';

/** A machine described as data: commands on PATH, files, and rustup targets. */
function machine(spec: { commands?: string[]; files?: string[]; rustupTargets?: string[] }): Probe {
  const files = new Set(spec.files ?? []);
  return {
    commandExists: (name) => (spec.commands ?? []).includes(name),
    fileExists: (path) => files.has(path),
    listDir: (path) => [...new Set([...files].filter((f) => f.startsWith(path + '/')).map((f) => f.slice(path.length + 1).split('/')[0]!))],
    rustupTargets: () => spec.rustupTargets,
  };
}

const DEBIAN_14 = {
  commands: ['clang-14'],
  files: ['/usr/lib/wasm32-wasi/libc.a', '/usr/lib/llvm-14/lib/clang/14.0.6/lib/wasi/libclang_rt.builtins-wasm32.a', '/usr/lib/llvm-14/bin/wasm-ld'],
};

test('the Debian clang-14 route is found with --sysroot=/usr', () => {
  const r = findCToolchain(machine(DEBIAN_14), {});
  assert.deepEqual(r, { ok: true, toolchain: { compiler: 'clang-14', targetArgs: ['--target=wasm32-wasi', '--sysroot=/usr'], description: 'Debian clang-14 with wasi-libc' } });
});

test('a clang without wasm builtins is skipped for one that has them', () => {
  const r = findCToolchain(machine({ ...DEBIAN_14, commands: ['clang-19', 'clang-14'] }), {});
  assert.ok(r.ok && r.toolchain.compiler === 'clang-14');
});

test('wasi-sdk wins when present', () => {
  const r = findCToolchain(machine({ files: ['/sdk/bin/clang', '/sdk/share/wasi-sysroot/lib/wasm32-wasi/libc.a'] }), { WASI_SDK_PATH: '/sdk' });
  assert.ok(r.ok);
  assert.equal(r.toolchain.compiler, '/sdk/bin/clang');
  assert.deepEqual(r.toolchain.targetArgs, ['--target=wasm32-wasi', '--sysroot=/sdk/share/wasi-sysroot']);
});

test('missing pieces give the exact apt line for the installed clang, or clang-14 when there is none', () => {
  const partial = findCToolchain(machine({ commands: ['clang-19'] }), {});
  assert.deepEqual(partial.ok ? [] : partial.install, ['sudo apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32']);
  const none = findCToolchain(machine({}), {});
  assert.ok(!none.ok);
  assert.deepEqual(none.install, ['sudo apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32']);
  assert.match(none.problem, /No clang/);
});

test('Rust needs cargo, rustup and the wasm32-wasip1 target, with the rustup line to fix each', () => {
  assert.deepEqual(findRustToolchain(machine({ commands: ['cargo', 'rustup'], rustupTargets: ['x86_64-unknown-linux-gnu', 'wasm32-wasip1'] })), { ok: true, toolchain: { targets: ['wasm32-wasip1'] } });
  const noTarget = findRustToolchain(machine({ commands: ['cargo', 'rustup'], rustupTargets: ['x86_64-unknown-linux-gnu'] }));
  assert.deepEqual(noTarget.ok ? [] : noTarget.install, ['rustup target add wasm32-wasip1']);
  const noRust = findRustToolchain(machine({}));
  assert.ok(!noRust.ok);
  assert.equal(noRust.install.length, 2);
  assert.match(noRust.install[0] ?? '', /sh\.rustup\.rs/);
  const debianCargo = findRustToolchain(machine({ commands: ['cargo'] }));
  assert.ok(!debianCargo.ok && /without rustup/.test(debianCargo.problem));
});

test('the component template also needs wasm32-wasip2, and the line names only what is missing', () => {
  const probe = machine({ commands: ['cargo', 'rustup'], rustupTargets: ['wasm32-wasip1'] });
  const r = findRustToolchain(probe, ['wasm32-wasip1', 'wasm32-wasip2']);
  assert.deepEqual(r, { ok: false, problem: 'Rust is installed but the wasm32-wasip2 target is not.', install: ['rustup target add wasm32-wasip2'] });
  const none = findRustToolchain(machine({ commands: ['cargo', 'rustup'], rustupTargets: [] }), ['wasm32-wasip1', 'wasm32-wasip2']);
  assert.deepEqual(none.ok ? [] : none.install, ['rustup target add wasm32-wasip1 wasm32-wasip2']);
});
