// LSP latency over the real protocol: spawns dist/server.js --stdio and measures, on generated
// packages in a temp folder:
// - p50/p95 of completion, hover, definition and references on a 2,000-line package (4 files +
//   a dependency in deps/);
// - rename across a 50-file package (median);
// - a one-character edit to published diagnostics (median), on the 2,000-line package.
// The peer in the same run is the protocol floor: a request the server answers without work
// (`wasiStudio/packageName` on an analysed package), so ratios say what the features add.
// Prints a Markdown table; exits non-zero only when it cannot measure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver/node');

const SAMPLES = 120;
const server = join(process.cwd(), 'dist', 'server.js');
const root = mkdtempSync(join(tmpdir(), 'wasi-studio-lsp-bench-'));
let client;

try {
  const big = generateBigPackage(join(root, 'big'));
  const wide = generateWidePackage(join(root, 'wide'), 50);
  client = await start();
  const rows = [];

  // --- 2,000-line package -------------------------------------------------------------------
  const opened = [];
  for (const f of big.files) opened.push(await client.open(f.path, f.text));
  await client.diagnosticsFor(opened[0], () => true);
  const target = big.files[big.files.length - 1];
  const uri = pathToFileURL(target.path).href;
  const spots = target.refs; // positions of type references in the last file
  const pick = (i) => spots[(i * 7919) % spots.length];

  // Let the analyses of the opened files settle before timing anything.
  for (const u of opened) await client.request('wasiStudio/packageName', { textDocument: { uri: u } });
  const floor = await measure(SAMPLES, () => client.request('wasiStudio/packageName', { textDocument: { uri } }));
  rows.push(row('protocol floor (packageName)', floor, floor));
  rows.push(row('completion (type position)', await measure(SAMPLES, (i) => client.request('textDocument/completion', { textDocument: { uri }, position: pick(i) })), floor));
  rows.push(row('hover', await measure(SAMPLES, (i) => client.request('textDocument/hover', { textDocument: { uri }, position: pick(i) })), floor));
  rows.push(row('definition', await measure(SAMPLES, (i) => client.request('textDocument/definition', { textDocument: { uri }, position: pick(i) })), floor));
  rows.push(row('references', await measure(SAMPLES, (i) => client.request('textDocument/references', { textDocument: { uri }, position: pick(i), context: { includeDeclaration: true } })), floor));

  // One-character edits: insert then delete a space inside a comment line, each waiting for the
  // diagnostics published for that document version.
  const editLine = target.commentLine;
  let version = 1;
  const editTimes = [];
  for (let i = 0; i < 40; i += 1) {
    version += 1;
    const insert = i % 2 === 0;
    const change = insert
      ? { range: { start: { line: editLine, character: 3 }, end: { line: editLine, character: 3 } }, text: ' ' }
      : { range: { start: { line: editLine, character: 3 }, end: { line: editLine, character: 4 } }, text: '' };
    const v = version;
    const published = client.diagnosticsFor(uri, (p) => p.version === v);
    const t0 = performance.now();
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
    await published;
    editTimes.push(performance.now() - t0);
  }
  rows.push(row('one-char edit → diagnostics', editTimes, floor));

  // --- rename across 50 files -----------------------------------------------------------------
  for (const f of wide.files) await client.open(f.path, f.text);
  const sharedUri = pathToFileURL(wide.shared.path).href;
  await client.request('wasiStudio/packageName', { textDocument: { uri: sharedUri } });
  let renameEdits = 0;
  const renameTimes = await measure(15, async (i) => {
    const edit = await client.request('textDocument/rename', { textDocument: { uri: sharedUri }, position: wide.shared.thing, newName: `thing-${i}` });
    renameEdits = Object.values(edit.changes ?? {}).reduce((n, e) => n + e.length, 0);
  });
  rows.push(row(`rename across ${wide.files.length} files (${renameEdits} edits)`, renameTimes, floor));

  await client.stop();
  client = undefined;

  // --- memory of a fresh server after opening the WASI 0.2 set ---------------------------------
  const wasi = join(process.cwd(), 'test', 'fixtures', 'wit', 'wasi-0.2');
  let rssLine = 'WASI 0.2 set not found';
  if (existsSync(wasi)) {
    client = await start();
    const before = client.rssMb();
    let opened = 0;
    for (const pkg of readdirSync(wasi, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const files = witFiles(join(wasi, pkg.name));
      for (const f of files) await client.open(f, readFileSync(f, 'utf8'));
      opened += files.length;
      await client.request('wasiStudio/packageName', { textDocument: { uri: pathToFileURL(files[0]).href } });
    }
    rssLine = `Server RSS: ${before.toFixed(0)} MB after start, ${client.rssMb().toFixed(0)} MB after opening the ${opened} files of the WASI 0.2 set (target under 100 MB).`;
    await client.stop();
    client = undefined;
  }
  console.log(`${rssLine}\n`);
  console.log(`Package: ${big.lines} lines in ${big.files.length} files + deps/; ${SAMPLES} samples per request (median of 40 edits, 15 renames).\n`);
  console.log('| request | p50 ms | p95 ms | p50 / floor | target |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const r of rows) console.log(r);
} catch (error) {
  console.error(`lsp-latency: could not measure: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  client?.kill();
  rmSync(root, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

function row(name, samples, floor) {
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  const ratio = p50 / Math.max(percentile(floor, 50), 1e-3);
  const target = name.startsWith('rename') ? 'under 200 ms' : name.startsWith('one-char') ? 'median under 15 ms' : name.startsWith('protocol') ? '' : 'p95 under 20 ms';
  return `| ${name} | ${p50.toFixed(2)} | ${p95.toFixed(2)} | ${ratio.toFixed(1)}× | ${target} |`;
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(n, fn) {
  for (let i = 0; i < 5; i += 1) await fn(i); // warm-up
  const times = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  return times;
}

async function start() {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    for (let i = waiters.length - 1; i >= 0; i -= 1) {
      if (waiters[i].uri === p.uri && waiters[i].accept(p)) waiters.splice(i, 1)[0].resolve(p);
    }
  });
  connection.onNotification('window/logMessage', (p) => process.stderr.write(`server: ${p.message}\n`));
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } } });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    request: (method, params) => connection.sendRequest(method, params),
    async open(path, text) {
      const uri = pathToFileURL(path).href;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'wit', version: 1, text } });
      return uri;
    },
    diagnosticsFor(uri, accept) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within 30 s`)), 30_000);
        waiters.push({ uri, accept, resolve: (p) => { clearTimeout(timer); resolve(p); } });
      });
    },
    /** Resident set size of the server process, from /proc. */
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
    kill() {
      if (child.exitCode === null) child.kill();
    },
    async stop() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      connection.dispose();
    },
  };
}

function witFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...witFiles(p));
    else if (e.name.endsWith('.wit')) out.push(p);
  }
  return out.sort();
}

/** Four files of ~500 lines: records, variants and functions referring to each other. */
function generateBigPackage(dir) {
  mkdirSync(join(dir, 'deps', 'base'), { recursive: true });
  writeFileSync(join(dir, 'deps', 'base', 'base.wit'), 'package bench:base@1.0.0;\n\ninterface ids {\n  type id = u64;\n  resource handle {\n    get: func() -> id;\n  }\n}\n');
  const files = [];
  let total = 0;
  for (let f = 0; f < 4; f += 1) {
    const lines = ['package bench:big@1.0.0;', ''];
    const refs = [];
    let commentLine = 0;
    for (let i = 0; i < 5; i += 1) {
      const name = `iface${f}x${i}`;
      lines.push(`/// Interface ${name}.`, `interface ${name} {`);
      const linked = f > 0 || i > 0;
      if (linked) lines.push(`  use ${f > 0 ? `iface${f - 1}x${i}` : `iface0x${i - 1}`}.{rec0 as prev-rec, choice0 as prev-choice};`);
      lines.push('  use bench:base/ids@1.0.0.{id, handle};', '');
      for (let r = 0; r < 8; r += 1) {
        commentLine = lines.length;
        lines.push(`  // record ${r} of ${name}`, `  record rec${r} {`);
        for (let k = 0; k < 4; k += 1) {
          const type = r > 0 && k === 0 ? `rec${r - 1}` : k === 1 ? 'id' : k === 2 ? 'list<string>' : 'option<u32>';
          if (type.startsWith('rec') || type === 'id') refs.push({ line: lines.length, character: `    f${k}: `.length + 1 });
          lines.push(`    f${k}: ${type},`);
        }
        lines.push('  }', `  variant choice${r} {`, '    none,', `    some(rec${r}),`, '  }');
      }
      for (let k = 0; k < 12; k += 1) {
        refs.push({ line: lines.length, character: `  op${k}: func(a: `.length + 2 });
        lines.push(`  op${k}: func(a: rec${k % 8}, h: borrow<handle>) -> result<choice${k % 8}, string>;`);
      }
      if (linked) {
        refs.push({ line: lines.length, character: '  link: func(r: '.length + 2 });
        lines.push('  link: func(r: prev-rec) -> prev-choice;');
      }
      lines.push('}', '');
    }
    total += lines.length;
    const path = join(dir, `part${f}.wit`);
    const text = lines.join('\n');
    writeFileSync(path, text);
    files.push({ path, text, refs, commentLine });
  }
  return { files, lines: total };
}

/** One shared interface and 49 files that use its `thing` type three times each. */
function generateWidePackage(dir, count) {
  mkdirSync(dir, { recursive: true });
  const sharedText = 'package bench:wide@1.0.0;\n\ninterface shared {\n  record thing {\n    n: u32,\n  }\n}\n';
  const files = [{ path: join(dir, 'shared.wit'), text: sharedText }];
  for (let i = 1; i < count; i += 1) {
    const text = `package bench:wide@1.0.0;\n\ninterface user${i} {\n  use shared.{thing};\n  make: func(n: u32) -> thing;\n  take: func(t: thing);\n}\n`;
    files.push({ path: join(dir, `user${i}.wit`), text });
  }
  for (const f of files) writeFileSync(f.path, f.text);
  return { files, shared: { path: files[0].path, thing: { line: 3, character: '  record th'.length } } };
}
