// dist/cli.js, the `wasi-studio` command: loads the CLI bundle beside it (dist/cli-main.js, built from
// cli.ts) through V8's code cache and runs the command line.
//
// Why: Node 20 compiles a script's JavaScript again at every start (a compile cache arrives only in
// Node 22), and for `wasi-studio run` that compilation is the largest part of the time before the
// module's first output; Node's own modules (node:wasi among them) come precompiled in the binary.
// The cache is written beside the bundle (cli-main.js.cache) when a `run` found none it could use, so
// it holds the functions a run needs. It is keyed by a hash of the bundle's text (stamped on its first
// line by esbuild.mjs) and by the V8 version and architecture, so a rebuilt bundle or another Node
// never reads a stale one, and V8 itself refuses a cache made with other flags. Whenever no cache can be used or written (a read-only
// install), the bundle is simply compiled as usual: the cache changes how fast the CLI starts, nothing
// else. The watchdog Worker (--timeout, --listen) runs cli-main.js directly.
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { EXIT } from './exitCodes';

/** What cli.ts exports for its launcher. */
interface CliBundle {
  runCommandLine(): void;
}

type CommonJsWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

const BUNDLE = join(__dirname, 'cli-main.js');
const CACHE = `${BUNDLE}.cache`;

/** esbuild.mjs stamps the bundle's first line with a hash of its text. */
const STAMP = /^\/\* wasi-studio build ([0-9a-f]{16}) \*\//;

function launch(): void {
  const source = readFileSync(BUNDLE, 'utf8');
  // Without a stamp (a bundle not built by esbuild.mjs) there is no safe key, so no cache either.
  const stamp = STAMP.exec(source)?.[1];
  const key = stamp !== undefined ? `wasi-studio code cache 1 ${process.versions.v8} ${process.arch} ${stamp}\n` : undefined;
  const cachedData = key !== undefined ? readCache(key) : undefined;
  // The same wrapper Node's CommonJS loader puts around a file, on the first line so line numbers hold.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const bundle = { exports: {} as unknown };
  // This file's own require resolves as the bundle's would (they share a folder); node:module's
  // createRequire would load Node's source-map support for nothing.
  (script.runInThisContext() as CommonJsWrapper).call(bundle.exports, bundle.exports, require, bundle, BUNDLE, __dirname);
  // Written after the run, so that the cache holds the functions the run compiled, not only the top level.
  if (key !== undefined && (cachedData === undefined || script.cachedDataRejected === true) && process.argv[2] === 'run') {
    process.once('exit', () => writeCache(script, key));
  }
  (bundle.exports as CliBundle).runCommandLine();
}

/** The cache's V8 data when its key line matches, else undefined. */
function readCache(key: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  return data.length > key.length && data.toString('latin1', 0, key.length) === key ? data.subarray(key.length) : undefined;
}

/**
 * Replaces the cache atomically (parallel runs each write their own file and rename it); failures are
 * ignored. The file is opened before V8 serializes anything, so a read-only install pays almost nothing.
 */
function writeCache(script: Script, key: string): void {
  const temp = `${CACHE}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch {
    return;
  }
  try {
    try {
      writeSync(fd, key, null, 'latin1');
      writeSync(fd, script.createCachedData());
    } finally {
      closeSync(fd);
    }
    renameSync(temp, CACHE);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
  }
}

try {
  launch();
} catch (e) {
  // Only a broken installation gets here (cli-main.js missing or unreadable): one line, no stack trace.
  process.stderr.write(`wasi-studio: internal error: cannot start the CLI bundle: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = EXIT.hostError;
}
