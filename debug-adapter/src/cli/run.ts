// `wasi-studio run`: flags → policy → checks (module, imports, preopens) → execute → exit code.
// With --timeout (a watchdog that also stops loops without WASI calls) or --listen (the main thread
// serves the sockets) the module runs in a Worker.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import type { AccessSummary } from '../wasi/api';
import { classifyImports } from './capabilities';
import { COMPONENT_NOTE, type CliIo } from './inspect';
import { CliError, EXIT } from './exitCodes';
import { executeModule, type ExecutePlan, type Outcome } from './execute';
import { loadModule } from './moduleFile';
import { parsePolicyFile, type PolicyConfig } from './policyFile';
import { parseRunArgs } from './runArgs';
import { buildRunPolicy } from './runPolicy';
import { Listeners, type SocketControl } from './sockets';
import type * as SourceLines from './sourceLines';

export const RUN_USAGE = 'usage: wasi-studio run [flags] MODULE.wasm [ARGS...]   (see wasi-studio --help)';

/** The argument the watchdog Worker is started with (process.argv[2]), so cli.ts knows to look for its plan. */
export const WORKER_ARG = '--wasi-studio-worker';

/** Set by cli.ts: the script a watchdog Worker starts (the bundle itself). */
export interface RunContext extends CliIo {
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly workerScript: string;
}

export async function runRun(argv: readonly string[], ctx: RunContext): Promise<number> {
  const parsed = parseRunArgs(argv);
  if (!parsed.ok) throw new CliError('usage', `${parsed.error}\n${RUN_USAGE}`);
  const options = parsed.options;
  const file = options.policyFile !== undefined ? readPolicyFile(resolve(ctx.cwd, options.policyFile)) : undefined;
  const loaded = loadModule(resolve(ctx.cwd, options.module));
  if (loaded.info.isComponent) throw new CliError('component', `${options.module} is a component: ${COMPONENT_NOTE}`);
  const { unknown, mismatched } = classifyImports(loaded.info.imports);
  if (unknown.length > 0) {
    throw new CliError('unknownImports', `${options.module} imports ${unknown.length} function${unknown.length === 1 ? '' : 's'} this host does not provide: ${unknown.join(', ')}`);
  }
  if (mismatched.length > 0) {
    throw new CliError('unknownImports', `${options.module} imports WASI functions with the wrong signature: ${mismatched.join('; ')}`);
  }
  if (!loaded.info.exports.some((e) => e.name === '_start' && e.kind === 'func')) {
    throw new CliError('invalidModule', `${options.module} has no _start function: it is a reactor or library module, which run cannot start`);
  }
  const { policy, accessLog } = buildRunPolicy(options, file, {
    cwd: ctx.cwd,
    processEnv: ctx.processEnv,
    isDirectory: (p) => { try { return statSync(p).isDirectory(); } catch { return false; } },
  });
  const base: ExecutePlan = {
    bytes: loaded.bytes, policy, logDetail: options.logDetail,
    ...(accessLog !== undefined ? { accessLog, modulePath: resolve(ctx.cwd, options.module), cwd: ctx.cwd } : {}),
  };
  let outcome: Outcome;
  if (options.listen.length > 0) {
    // Sockets need the main thread free for their servers, so the module runs in the Worker.
    const listeners = await Listeners.open(options.listen);
    if ('error' in listeners) throw new CliError('usage', listeners.error);
    for (const a of listeners.addresses) ctx.stderr(`wasi-studio: listening on ${a}\n`);
    try {
      outcome = await executeInWorker({ ...base, sockets: listeners.plans }, options.timeoutMs, ctx.workerScript, (m) => listeners.control(m));
    } finally {
      listeners.close();
    }
  } else {
    // On the main thread the module ends only by itself (or the process dies), so small file writes can
    // be gathered; a watchdog Worker may be terminated mid-run, so there every write goes out at once.
    outcome = options.timeoutMs !== undefined
      ? await executeInWorker(base, options.timeoutMs, ctx.workerScript)
      : executeModule({ ...base, bufferFileWrites: true });
  }

  if (options.summary && 'summary' in outcome && outcome.summary !== undefined) ctx.stderr(`${formatSummary(outcome.summary)}\n`);
  switch (outcome.kind) {
    case 'exit': return outcome.code;
    case 'trap': {
      // The DWARF reader is a bundle of its own (sourceLines.ts), loaded only to describe a trap.
      const { describeTrap } = require('./sourceLines') as typeof SourceLines;
      ctx.stderr(`wasi-studio: ${describeTrap(outcome.message, outcome.stack, loaded)}\n`);
      return EXIT.trap;
    }
    case 'limit':
      ctx.stderr(`wasi-studio: module stopped: ${outcome.message}\n`);
      return outcome.limit === 'timeout' ? EXIT.timeout : EXIT.limit;
    case 'pipeClosed': return EXIT.pipeClosed;
    case 'link': throw new CliError('unknownImports', `${options.module} cannot be linked: ${outcome.message}`);
    case 'config': throw new CliError('invalidModule', `${options.module}: ${outcome.message}`);
    case 'hostError': throw new CliError('hostError', outcome.message);
  }
}

function readPolicyFile(path: string): PolicyConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError('badPolicy', `cannot read policy file ${path}: ${(e as { code?: string }).code === 'ENOENT' ? 'no such file' : String((e as Error).message)}`);
  }
  const result = parsePolicyFile(text, dirname(path));
  if (!result.ok) throw new CliError('badPolicy', `policy file ${path}: ${result.error}`);
  return result.config;
}

/** Messages the Worker posts: the module is starting, socket requests, then the outcome of executeModule. */
export type WorkerReply = { readonly started: true } | { readonly outcome: Outcome } | SocketControl;

/** Runs the module in a Worker: for --timeout (a watchdog that also stops loops without WASI calls) and --listen. */
function executeInWorker(plan: ExecutePlan, timeoutMs: number | undefined, script: string, onSocket?: (m: SocketControl) => void): Promise<Outcome> {
  return new Promise((resolveOutcome) => {
    // Loaded here, not at start-up: only --timeout and --listen need a Worker. WORKER_ARG tells the
    // bundle it is the Worker before it loads node:worker_threads itself (cli.ts).
    const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
    const worker = new Worker(script, { workerData: { wasiStudioRun: plan }, argv: [WORKER_ARG] });
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (o: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolveOutcome(o);
    };
    // The host checks the deadline on every WASI call; this timer also stops loops that make none.
    // It starts with the module (compiling a large module must not eat into the budget).
    const startWatchdog = (): void => {
      if (timeoutMs === undefined) return;
      timer = setTimeout(() => {
        settle({ kind: 'limit', limit: 'timeout', message: `wall-clock timeout of ${timeoutMs} ms exceeded` });
        void worker.terminate();
      }, timeoutMs + 20);
    };
    worker.on('message', (m: WorkerReply) => {
      if ('started' in m) startWatchdog();
      else if ('socket' in m) onSocket?.(m);
      else settle(m.outcome);
    });
    worker.on('error', (e) => settle({ kind: 'hostError', message: e.message }));
    worker.on('exit', () => settle({ kind: 'hostError', message: 'the module worker exited without a result' }));
  });
}

export function formatSummary(s: AccessSummary): string {
  const caps = Object.entries(s.byCapability).map(([k, v]) => `${k} ${v.allowed}/${v.denied}`).join(', ');
  const denied = Object.entries(s.byTarget).filter(([, v]) => v.denied > 0).map(([k, v]) => `${k} (${v.denied})`);
  const deniedText = denied.length > 0 ? `; denied targets: ${denied.slice(0, 10).join(', ')}${denied.length > 10 ? ', …' : ''}` : '';
  return `wasi-studio: access summary: ${s.calls} calls, ${s.allowed} allowed, ${s.denied} denied` +
    `${caps.length > 0 ? ` (allowed/denied: ${caps})` : ''}${deniedText}`;
}
