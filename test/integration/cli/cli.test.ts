// `wasi-studio` spawned from dist/cli.js: help and version, `inspect` on core modules and a
// component, the run flags (policy file, capability switches, deterministic mode, limits, summary),
// `check` dispatch, and every malformed-input class with its own exit code and one clear line.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../../debug-adapter/src/cli/exitCodes';
import { assertBuilt, CLI, fixture, readLog, ROOT, runCli, tempDir } from '../wasi/helpers';

/** A failure is exactly one line on stderr, prefixed, without a stack trace. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.length > 0 && !l.startsWith('usage: '));
  assert.equal(lines.length, 1, `expected one line, got: ${stderr}`);
  assert.match(lines[0], /^wasi-studio: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /^\s+at /m);
}

describe('wasi-studio help and version', () => {
  test('--help lists the commands, flags and every exit code', () => {
    assertBuilt();
    const r = runCli(['--help']);
    assert.equal(r.code, 0);
    for (const word of ['run', 'inspect', 'check', '--dir HOST[::GUEST][:ro]', '--policy', '--deterministic', '--timeout', '--max-memory']) assert.ok(r.stdout.includes(word), word);
    for (const code of Object.values(EXIT)) assert.match(r.stdout, new RegExp(`^\\s+${code}  `, 'm'), `exit code ${code}`);
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${pkg.version}\n`);
  });

  test('the bundle starts with a node shebang', () => {
    assert.match(readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });
});

describe('wasi-studio inspect', () => {
  test('a C module with DWARF: capabilities, exports, memory, sections, source files', () => {
    const r = runCli(['inspect', fixture('trap')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /: core module, \d+ bytes\n/);
    assert.match(r.stdout, /^ {2}args: args_get, args_sizes_get$/m);
    assert.match(r.stdout, /^ {2}process: proc_exit$/m);
    assert.match(r.stdout, /^exports \(2\): memory \(memory\), _start \(func\)$/m);
    assert.match(r.stdout, /^memory: min 2 pages \(128 KiB\), no maximum$/m);
    assert.match(r.stdout, /^custom sections: .*\.debug_line \(\d+ bytes\)/m);
    assert.match(r.stdout, /^DWARF: yes, \d+ source files in the line table \(1 available here\)$/m);
    assert.match(r.stdout, /^ {2}test\/fixtures\/wasi\/src\/trap\.c$/m);
    assert.match(r.stdout, /^ {2}libc-bottom-half\/sources\/__original_main\.c \(source not available\)$/m);
    assert.match(r.stdout, /^runnable by this host: yes$/m);
  });

  test('--json gives the same facts as data', () => {
    const r = runCli(['inspect', '--json', fixture('fd_ops')]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      kind: string; capabilities: Record<string, string[]>; unknownImports: string[]; exports: { name: string }[];
      memories: { min: number; imported: boolean }[]; dwarf: { present: boolean; sourceFiles: { path: string; available: boolean }[] };
    };
    assert.equal(report.kind, 'core module');
    assert.ok(report.capabilities.filesystem.includes('path_open'));
    assert.ok(report.capabilities['files and stdio (by descriptor)'].includes('fd_readdir') === false);
    assert.ok(report.capabilities['files and stdio (by descriptor)'].includes('fd_pwrite'));
    assert.deepEqual(report.unknownImports, []);
    assert.deepEqual(report.exports.map((e) => e.name), ['memory', '_start']);
    assert.equal(report.memories[0].imported, false);
    assert.equal(report.dwarf.present, true);
    assert.ok(report.dwarf.sourceFiles.some((f) => f.path === 'test/fixtures/wasi/src/fd_ops.c' && f.available));
  });

  test('a module without DWARF and with unknown imports', () => {
    const r = runCli(['inspect', fixture('unknown_imports')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^unknown imports \(not provided by this host\): wasi_snapshot_preview1\.not_a_wasi_call, env\.host_callback, my_plugin_api\.render$/m);
    assert.match(r.stdout, /^DWARF: no$/m);
    assert.match(r.stdout, /^custom sections: name \(\d+ bytes\)$/m);
    assert.match(r.stdout, /^runnable by this host: no$/m);
  });

  test('imports with the wrong signature are named with both signatures', () => {
    const r = runCli(['inspect', fixture('bad_signature')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^imports with the wrong signature: wasi_snapshot_preview1\.fd_write \(expected \(i32, i32, i32, i32\) -> i32, found \(i64\) -> i32\)$/m);
    assert.match(r.stdout, /^runnable by this host: no$/m);
  });

  test('a component: says so and lists its import and export names', () => {
    const r = runCli(['inspect', fixture('component')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /: component, \d+ bytes\n/);
    assert.match(r.stdout, /components are not run by this host yet/);
    assert.match(r.stdout, /imports \(2\):\n {2}wasi:cli\/environment@0\.2\.0 \(instance\)\n {2}log \(func\)\n/);
    assert.match(r.stdout, /exports \(1\):\n {2}answer \(func\)\n/);
    const json = JSON.parse(runCli(['inspect', '--json', fixture('component')]).stdout) as { kind: string; imports: unknown[]; exports: unknown[] };
    assert.equal(json.kind, 'component');
    assert.deepEqual(json.exports, [{ name: 'answer', kind: 'func' }]);
  });

  test('bad input to inspect', () => {
    const dir = tempDir('inspect');
    writeFileSync(join(dir, 'garbage.wasm'), 'not wasm at all');
    let r = runCli(['inspect', join(dir, 'garbage.wasm')]);
    assert.equal(r.code, EXIT.invalidModule);
    assertOneLine(r.stderr, /is not a valid WebAssembly module/);
    r = runCli(['inspect', join(dir, 'missing.wasm')]);
    assert.equal(r.code, EXIT.moduleNotFound);
    assertOneLine(r.stderr, /no such file/);
    r = runCli(['inspect']);
    assert.equal(r.code, EXIT.usage);
    r = runCli(['inspect', '--yaml', fixture('hello')]);
    assert.equal(r.code, EXIT.usage);
    assertOneLine(r.stderr, /unknown flag --yaml/);
  });
});

describe('wasi-studio run flags', () => {
  test('stdio passes through and the exit code is the module\'s', () => {
    const r = runCli(['run', fixture('exit_code'), '7']);
    assert.equal(r.stdout, 'exiting with 7\n');
    assert.equal(r.code, 7);
  });

  test('a policy file gives args, env, preopens (relative to the file) and capability switches', () => {
    const dir = tempDir('policy');
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'input.txt'), 'from the policy file\n');
    const policy = {
      type: 'wasi', request: 'launch', name: 'pasted launch configuration', program: 'ignored.wasm',
      args: ['from-file'], env: { GREETING: 'policy' }, preopens: [{ host: 'data', guest: '/sandbox' }],
      stdin: 'input.txt', allow: { random: false }, accessLog: 'log.jsonl',
    };
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    let r = runCli(['run', '--policy', join(dir, 'policy.json'), fixture('args_env')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^argv\[1\]=from-file$/m);
    assert.match(r.stdout, /^getenv\(GREETING\)=policy$/m);
    // Flags win over the file: module arguments and --env.
    r = runCli(['run', '--policy', join(dir, 'policy.json'), '--env', 'GREETING=flag', fixture('args_env'), 'from-flag']);
    assert.match(r.stdout, /^argv\[1\]=from-flag$/m);
    assert.match(r.stdout, /^getenv\(GREETING\)=flag$/m);

    r = runCli(['run', '--policy', join(dir, 'policy.json'), fixture('libc_files')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^entry: notes\.txt$/m);
    const log = readLog(join(dir, 'log.jsonl'));
    assert.ok(log.some((x) => x.call === 'path_open' && x.hostPath?.startsWith(join(dir, 'data'))), 'the preopen resolved against the file');

    r = runCli(['run', '--policy', join(dir, 'policy.json'), fixture('random')]);
    assert.match(r.stdout, /^random_get\(64\) -> notcapable$/m);
    r = runCli(['run', '--policy', join(dir, 'policy.json'), fixture('stdin_echo')]);
    assert.equal(r.stdout, 'from the policy file\nechoed 21 bytes, 1 lines\n');
  });

  test('--deny clock and --deny random refuse and log those calls', () => {
    const dir = tempDir('deny');
    let r = runCli(['run', '--deny', 'clock', '--log', join(dir, 'c.jsonl'), fixture('clocks')]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^realtime: res notcapable positive=0, time notcapable notcapable/m);
    assert.ok(readLog(join(dir, 'c.jsonl')).some((x) => x.call === 'clock_time_get' && x.decision === 'denied' && x.errno === 'notcapable'));
    r = runCli(['run', '--deny', 'random', '--log', join(dir, 'r.jsonl'), fixture('random')]);
    assert.match(r.stdout, /^random_get\(64\) -> notcapable$/m);
    assert.ok(readLog(join(dir, 'r.jsonl')).some((x) => x.call === 'random_get' && x.decision === 'denied'));
    r = runCli(['run', '--policy', '/dev/null', fixture('hello')]);
    assert.equal(r.code, EXIT.badPolicy);
  });

  test('--deterministic=SEED: identical output and logs for the same seed, different for another', () => {
    const dir = tempDir('det');
    const run = (seed: number, n: number): { stdout: string; log: string } => {
      const log = join(dir, `${seed}-${n}.jsonl`);
      const r = runCli(['run', `--deterministic=${seed}`, '--log', log, fixture('random'), 'hex']);
      assert.equal(r.code, 0, r.stderr);
      const c = runCli(['run', `--deterministic=${seed}`, fixture('clocks'), 'values']);
      return { stdout: r.stdout + c.stdout, log: readFileSync(log, 'utf8') };
    };
    const a = run(7, 1);
    const b = run(7, 2);
    const other = run(8, 1);
    assert.equal(a.stdout, b.stdout);
    assert.equal(a.log, b.log);
    assert.match(a.stdout, /^hex=[0-9a-f]{32}$/m);
    assert.notEqual((/^hex=.*$/m.exec(a.stdout) ?? [''])[0], (/^hex=.*$/m.exec(other.stdout) ?? [''])[0]);
  });

  test('--inherit-env, --stdin and --summary', () => {
    const dir = tempDir('misc');
    writeFileSync(join(dir, 'in.txt'), 'abc\n');
    let r = runCli(['run', '--inherit-env', fixture('args_env')], { env: { PATH: process.env.PATH ?? '', GREETING: 'inherited' } });
    assert.match(r.stdout, /^getenv\(GREETING\)=inherited$/m);
    r = runCli(['run', fixture('args_env')], { env: { PATH: process.env.PATH ?? '', GREETING: 'inherited' } });
    assert.match(r.stdout, /^getenv\(GREETING\)=\(unset\)$/m);
    r = runCli(['run', '--stdin', join(dir, 'in.txt'), '--summary', '--dir', `${dir}::/sandbox:ro`, fixture('stdin_echo')]);
    assert.equal(r.stdout, 'abc\nechoed 4 bytes, 1 lines\n');
    assert.match(r.stderr, /^wasi-studio: access summary: \d+ calls, \d+ allowed, 0 denied \(allowed\/denied: .*stdio \d+\/0/m);
  });

  test('a read-only --dir refuses writes, and the log records the denial', () => {
    const dir = tempDir('ro');
    const logFile = join(tempDir('ro-log'), 'access.jsonl');
    const r = runCli(['run', '--dir', `${dir}::/sandbox:ro`, '--log', logFile, fixture('fd_ops')]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^FATAL path_open data\.txt -> notcapable$/m);
    const log = readLog(logFile);
    // The host refuses on the directory descriptor's rights, so the target is the preopen itself.
    assert.ok(log.some((x) => x.call === 'path_open' && x.decision === 'denied' && x.errno === 'notcapable' && x.target?.startsWith('/sandbox')));
  });

  test('limits: --timeout stops a loop without WASI calls, --max-memory stops growth', () => {
    let r = runCli(['run', '--timeout', '200', fixture('spin')]);
    assert.equal(r.code, EXIT.timeout);
    assert.equal(r.stdout, 'spinning\n');
    assertOneLine(r.stderr, /module stopped: wall-clock timeout of 200 ms exceeded/);
    r = runCli(['run', '--max-memory', '4', fixture('grow_memory')]);
    assert.equal(r.code, EXIT.limit);
    assertOneLine(r.stderr, /module stopped: linear memory is \d+ bytes, over the limit of 4194304 bytes/);
    r = runCli(['run', fixture('grow_memory')]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'grew\n'.repeat(64));
    // stdio 0-2 and the preopen take four descriptors, so fd_ops's first path_open goes over.
    const dir = tempDir('fds');
    r = runCli(['run', '--max-fds', '4', '--dir', `${dir}::/sandbox`, fixture('fd_ops')]);
    assert.equal(r.code, EXIT.limit);
    assertOneLine(r.stderr, /module stopped: more than 4 open file descriptors/);
  });

  test('stdio and deterministic mode work the same when the module runs in the watchdog Worker', () => {
    let r = runCli(['run', '--timeout', '60000', fixture('stdin_echo')], { input: 'through\nthe worker\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'through\nthe worker\nechoed 19 bytes, 2 lines\n');
    r = runCli(['run', '--timeout', '60000', '--deterministic=3', fixture('random'), 'hex']);
    assert.equal(r.stdout, runCli(['run', '--deterministic=3', fixture('random'), 'hex']).stdout);
    r = runCli(['run', '--timeout', '60000', fixture('exit_code'), '9']);
    assert.equal(r.code, 9);
    r = runCli(['run', '--timeout', '60000', fixture('trap')]);
    assert.equal(r.code, EXIT.trap);
    assert.match(r.stderr, /trap: unreachable in divide at test\/fixtures\/wasi\/src\/trap\.c:5 /);
  });

  test('a closed stdout stops the module quietly with 141, as SIGPIPE would', async () => {
    // stdin_echo copies 4 MiB of stdin to stdout; the reader goes away after the first chunk.
    const child = spawn(process.execPath, [CLI, 'run', fixture('stdin_echo')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => { /* the module may stop before reading all of it */ });
    child.stdin.end(Buffer.alloc(4 << 20, 'x'));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, EXIT.pipeClosed);
    assert.equal(stderr, '');
  });

  test('a trap without DWARF prints the function and wasm offset', () => {
    const r = runCli(['run', fixture('trap_nodwarf')]);
    assert.equal(r.code, EXIT.trap);
    assertOneLine(r.stderr, /^wasi-studio: trap: unreachable in boom \(wasm function 0, offset 0x[0-9a-f]+\)$/);
  });

  test('many small writes to a file land whole and in order, on the main thread and under the watchdog', () => {
    // bench_io writes 16-byte lines and reads them back; run gathers small writes on the main thread
    // and writes each at once in the --timeout Worker. Both must leave the same file behind.
    for (const extra of [[], ['--timeout', '60000']]) {
      const dir = tempDir('writes');
      const r = runCli(['run', ...extra, '--dir', `${dir}::/sandbox`, fixture('bench_io'), 'write', '20000']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'wrote and read 320000 bytes\n');
      assert.equal(readFileSync(join(dir, 'bench.txt'), 'utf8'), '0123456789abcde\n'.repeat(20000));
    }
  });

  test('endless recursion is reported as a trap, not a host crash', () => {
    const r = runCli(['run', fixture('recurse')]);
    assert.equal(r.code, EXIT.trap);
    assertOneLine(r.stderr, /^wasi-studio: trap: Maximum call stack size exceeded in down \(wasm function 0, offset 0x[0-9a-f]+\)$/);
  });
});

describe('wasi-studio check', () => {
  test('dispatches to the WIT checker', () => {
    const wit = join(ROOT, 'test', 'fixtures', 'wit', 'conformance');
    let r = runCli(['check', join(wit, 'duplicate-items.wit')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /duplicate item named `a`/);
    r = runCli(['check', join(wit, 'deps-valid')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    r = runCli(['check']);
    assert.equal(r.code, EXIT.usage);
  });
});

describe('malformed input: one line, one exit code per class', () => {
  const dir = tempDir('malformed');
  const hello = readFileSync(fixture('hello'));
  writeFileSync(join(dir, 'truncated.wasm'), hello.subarray(0, hello.length >> 1));
  writeFileSync(join(dir, 'header-only.wasm'), hello.subarray(0, 6));
  writeFileSync(join(dir, 'garbage.wasm'), Buffer.from('\0asm\x01\0\0\0\xff\xff\xff\xff'));
  writeFileSync(join(dir, 'text.wasm'), '(module)');
  writeFileSync(join(dir, 'empty.wasm'), '');
  writeFileSync(join(dir, 'not-json.json'), '{ preopens: [ }');
  writeFileSync(join(dir, 'wrong-shape.json'), JSON.stringify({ preopens: [{ host: 1, guest: '/' }] }));
  writeFileSync(join(dir, 'unknown-key.json'), JSON.stringify({ preopen: [] }));
  writeFileSync(join(dir, 'bad-allow.json'), JSON.stringify({ allow: { network: true } }));
  writeFileSync(join(dir, 'missing-dir.json'), JSON.stringify({ preopens: [{ host: 'nope', guest: '/x' }] }));

  const cases: [string, string[], number, RegExp][] = [
    ['truncated module', ['run', join(dir, 'truncated.wasm')], EXIT.invalidModule, /truncated\.wasm is not a valid WebAssembly module/],
    ['header only', ['run', join(dir, 'header-only.wasm')], EXIT.invalidModule, /not a valid WebAssembly module/],
    ['garbage section', ['run', join(dir, 'garbage.wasm')], EXIT.invalidModule, /not a valid WebAssembly module/],
    ['text instead of binary', ['run', join(dir, 'text.wasm')], EXIT.invalidModule, /not a valid WebAssembly module/],
    ['empty file', ['run', join(dir, 'empty.wasm')], EXIT.invalidModule, /not a valid WebAssembly module/],
    ['missing module', ['run', join(dir, 'missing.wasm')], EXIT.moduleNotFound, /cannot read module .*: no such file/],
    ['module is a directory', ['run', dir], EXIT.moduleNotFound, /is a directory/],
    ['unknown imports, all listed', ['run', fixture('unknown_imports')], EXIT.unknownImports,
      /imports 3 functions this host does not provide: wasi_snapshot_preview1\.not_a_wasi_call, env\.host_callback, my_plugin_api\.render$/],
    ['WASI import with the wrong signature', ['run', fixture('bad_signature')], EXIT.unknownImports,
      /imports WASI functions with the wrong signature: wasi_snapshot_preview1\.fd_write \(expected \(i32, i32, i32, i32\) -> i32, found \(i64\) -> i32\)$/],
    ['a reactor without _start', ['run', fixture('reactor')], EXIT.invalidModule, /has no _start function: it is a reactor or library module/],
    ['missing --dir', ['run', '--dir', join(dir, 'nope'), fixture('hello')], EXIT.missingPreopen, /preopen directory .*nope does not exist/],
    ['--dir on a file', ['run', '--dir', `${join(dir, 'empty.wasm')}::/x`, fixture('hello')], EXIT.missingPreopen, /not a directory/],
    ['missing dir in the policy', ['run', '--policy', join(dir, 'missing-dir.json'), fixture('hello')], EXIT.missingPreopen, /nope does not exist/],
    ['policy file missing', ['run', '--policy', join(dir, 'none.json'), fixture('hello')], EXIT.badPolicy, /cannot read policy file .*: no such file/],
    ['policy not JSON', ['run', '--policy', join(dir, 'not-json.json'), fixture('hello')], EXIT.badPolicy, /not valid JSON/],
    ['policy wrong shape', ['run', '--policy', join(dir, 'wrong-shape.json'), fixture('hello')], EXIT.badPolicy, /"preopens\[0\]\.host" must be a non-empty string/],
    ['policy unknown key', ['run', '--policy', join(dir, 'unknown-key.json'), fixture('hello')], EXIT.badPolicy, /unknown key "preopen"/],
    ['policy unknown switch', ['run', '--policy', join(dir, 'bad-allow.json'), fixture('hello')], EXIT.badPolicy, /unknown switch "network"/],
    ['a component', ['run', fixture('component')], EXIT.component, /is a component: components are not run by this host yet/],
    ['unknown flag', ['run', '--frobnicate', fixture('hello')], EXIT.usage, /unknown flag --frobnicate/],
    ['bad --timeout', ['run', '--timeout', 'soon', fixture('hello')], EXIT.usage, /--timeout needs a positive number/],
    ['bad --max-memory', ['run', '--max-memory', '-1', fixture('hello')], EXIT.usage, /--max-memory needs a positive number/],
    ['bad --env', ['run', '--env', 'NOVALUE', fixture('hello')], EXIT.usage, /--env NOVALUE: expected K=V/],
    ['bad --allow', ['run', '--allow', 'network', fixture('hello')], EXIT.usage, /unknown capability/],
    ['allow and deny', ['run', '--allow', 'clock', '--deny', 'clock', fixture('hello')], EXIT.usage, /both allowed and denied/],
    ['bad --deterministic', ['run', '--deterministic=abc', fixture('hello')], EXIT.usage, /the seed must be a non-negative integer/],
    ['empty --dir guest', ['run', '--dir', `${dir}::`, fixture('hello')], EXIT.usage, /the guest path is empty/],
    ['missing MODULE', ['run', '--env', 'A=B'], EXIT.usage, /missing MODULE\.wasm/],
    ['no command', [], EXIT.usage, /missing command/],
    ['unknown command', ['launch', fixture('hello')], EXIT.usage, /unknown command launch/],
  ];
  for (const [title, args, code, message] of cases) {
    test(title, () => {
      const r = runCli(args);
      assert.equal(r.code, code, r.stderr);
      assert.equal(r.stdout, '');
      assertOneLine(r.stderr, message);
    });
  }
});
