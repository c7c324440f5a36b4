// One measurement for bench/wasi-host.bench.mjs, in its own process so hosts never share a heap:
//   node bench/wasi-host.child.mjs HOST WORKLOAD COUNT SANDBOX [LOGFILE]
// HOST: ours | ours-log | node | shim. Runs build/bench_io.wasm WORKLOAD COUNT with SANDBOX preopened
// as /sandbox (the shim gets an in-memory copy) twice, each time with a new host instance, and prints
// {"ms": first, "warmMs": second} for the module's runs alone (compile and set-up excluded), after the
// module's own output lines. The first run pays for the JIT warming up on the host's code (ours and
// the shim are JavaScript); the second shows the cost per operation once it has.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WASI } from 'node:wasi';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const [hostName, workload, count, sandbox, logFile] = process.argv.slice(2);
const module = new WebAssembly.Module(readFileSync(join(root, 'test/fixtures/wasi/build/bench_io.wasm')));
const args = ['bench_io.wasm', workload, count];

/** Times `run()` (which sets up a new instance and returns a function that runs it) twice. */
function measure(run) {
  const times = [];
  for (let i = 0; i < 2; i++) {
    const start = run();
    const t0 = performance.now();
    const code = start();
    times.push(performance.now() - t0);
    if (code !== 0) throw new Error(`${hostName} ${workload}: exit code ${code}`);
  }
  process.stdout.write(`${JSON.stringify({ ms: times[0], warmMs: times[1] })}\n`);
}

if (hostName === 'ours' || hostName === 'ours-log') {
  const { createWasiHost } = require(join(root, 'out/debug-adapter/src/wasi/index.js'));
  measure(() => {
    const host = createWasiHost({
      policy: {
        args, env: {}, preopens: [{ host: sandbox, guest: '/sandbox', readonly: false }], stdin: { kind: 'none' },
        allow: { clock: true, random: true, sockets: false, exit: true }, limits: { maxOpenFds: 1024 },
      },
      ...(hostName === 'ours-log' ? { accessLogFile: logFile } : {}),
      // As `wasi-studio run` does when no watchdog may stop the module mid-run.
      bufferFileWrites: true,
    });
    const instance = new WebAssembly.Instance(module, host.imports);
    return () => {
      try {
        return host.start(instance);
      } finally {
        host.close();
      }
    };
  });
} else if (hostName === 'node') {
  measure(() => {
    const wasi = new WASI({ version: 'preview1', args, env: {}, preopens: { '/sandbox': sandbox }, returnOnExit: true });
    const instance = new WebAssembly.Instance(module, wasi.getImportObject());
    return () => wasi.start(instance);
  });
} else if (hostName === 'shim') {
  const shim = await import('@bjorn3/browser_wasi_shim');
  // The shim has no host file system: give it an in-memory copy of the sandbox.
  const load = (dir) => new Map(readdirSync(dir).map((name) => {
    const p = join(dir, name);
    return [name, statSync(p).isDirectory() ? new shim.Directory(load(p)) : new shim.File(readFileSync(p))];
  }));
  measure(() => {
    const out = shim.ConsoleStdout.lineBuffered((line) => process.stdout.write(`${line}\n`));
    const fds = [new shim.OpenFile(new shim.File([])), out, out, new shim.PreopenDirectory('/sandbox', load(sandbox))];
    const wasi = new shim.WASI(args, [], fds, { debug: false });
    const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi.wasiImport });
    return () => wasi.start(instance);
  });
} else {
  throw new Error(`unknown host ${hostName}`);
}
