// `wasi-studio run | inspect | check`: the command-line face of the WASI host, the wasm reader and
// the WIT semantics. Every failure ends as one line on stderr and a documented exit code (see
// cli/exitCodes.ts); no stack trace reaches the user. When started as the --timeout watchdog Worker,
// the same bundle runs the module and posts the outcome back. The bundle (dist/cli-main.js) is started
// by dist/cli.js (cli/launcher.ts), which compiles it through V8's code cache.
import { readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import type * as CheckCommand from '../../server/src/check/checkCommand';
import { CliError, EXIT } from './cli/exitCodes';
import { executeModule, type ExecutePlan } from './cli/execute';
import { helpText } from './cli/help';
import { runInspect } from './cli/inspect';
import { runRun, WORKER_ARG, type RunContext, type WorkerReply } from './cli/run';

const USAGE = 'usage: wasi-studio run|inspect|check ... (wasi-studio --help)';

/** Runs one command line; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], ctx: RunContext): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        throw new CliError('usage', `missing command\n${USAGE}`);
      case '--help': case '-h': case 'help':
        ctx.stdout(helpText(version()));
        return 0;
      case '--version': case '-V':
        ctx.stdout(`${version()}\n`);
        return 0;
      case 'run':
        return await runRun(rest, ctx);
      case 'inspect':
        return runInspect(rest, ctx);
      case 'check': {
        // Loaded on demand: the WIT checker (parser, semantics) is a bundle of its own (dist/cli-check.js),
        // and `run` should not pay for compiling it at start-up. A plain require (not import()) so that
        // the launcher can run this bundle as a vm.Script.
        const { runCheck } = require('../../server/src/check/checkCommand.js') as typeof CheckCommand;
        const code = await runCheck([...rest], { stdout: ctx.stdout, stderr: ctx.stderr, cwd: ctx.cwd });
        // check reports usage errors as 2; the CLI's usage class is shared by every command.
        return code === 2 ? EXIT.usage : code;
      }
      default:
        throw new CliError('usage', `unknown command ${command}\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      ctx.stderr(`wasi-studio: ${e.message}\n`);
      return e.exitCode;
    }
    ctx.stderr(`wasi-studio: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.hostError;
  }
}

/** The version from the package manifest beside the bundle (dist/../package.json) or above out/. */
function version(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'wasi-studio' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not here: keep looking upwards.
    }
  }
  return 'unknown';
}

/** Writes to a process descriptor; once its reader has gone (EPIPE), further output is dropped. */
function writeAll(fd: number): (s: string) => void {
  let closed = false;
  return (s) => {
    if (closed) return;
    try {
      writeSync(fd, s);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EPIPE') throw e;
      closed = true;
    }
  };
}

function runAsWorker(plan: ExecutePlan, parentPort: WorkerThreads.MessagePort | null): void {
  const started: WorkerReply = { started: true };
  const reply: WorkerReply = {
    outcome: executeModule(plan, {
      onStart: () => parentPort?.postMessage(started),
      socketControl: (message) => parentPort?.postMessage(message),
    }),
  };
  parentPort?.postMessage(reply);
}

/** Runs the process's command line and sets its exit code; dist/cli.js calls it once the bundle is loaded. */
export function runCommandLine(): void {
  const ctx: RunContext = {
    stdout: writeAll(1),
    stderr: writeAll(2),
    cwd: process.cwd(),
    processEnv: process.env,
    workerScript: __filename,
  };
  main(process.argv.slice(2), ctx).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`wasi-studio: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = EXIT.hostError;
  });
}

// Only the Worker that run.ts starts carries WORKER_ARG, so node:worker_threads (a noticeable part
// of start-up) is loaded only there. The Worker runs this file directly; so does `node out/.../cli.js`.
const threads = process.argv[2] === WORKER_ARG ? (require('node:worker_threads') as typeof WorkerThreads) : undefined;
const data = threads?.workerData as { wasiStudioRun?: ExecutePlan } | null | undefined;
if (threads !== undefined && !threads.isMainThread && data?.wasiStudioRun !== undefined) {
  runAsWorker(data.wasiStudioRun, threads.parentPort);
} else if (require.main === module) {
  runCommandLine();
}
