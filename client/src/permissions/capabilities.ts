// What a module asks for (from its WASI imports) against what a launch configuration grants.
// Pure; no `vscode` import. The import → capability mapping reads the WASI host's signature table,
// which the CLI's `inspect` (debug-adapter/src/cli/capabilities.ts) also uses.
import type { Capability } from '../../../debug-adapter/src/wasi/api';
import { SIGNATURES } from '../../../debug-adapter/src/wasi/signatures';
import { effectiveAllow, substituteWorkspaceFolder, type WasiLaunchAttributes } from '../debug/launchConfig';

export type { Capability };

export const WASI_PREVIEW1_MODULES: readonly string[] = ['wasi_snapshot_preview1', 'wasi_unstable'];

/**
 * The capability a preview1 function needs, from the host's own signature table (the one table that
 * also drives dispatch and the access log). Calls on a descriptor (`fd`) count as standard I/O: on
 * fds 0-2 that is what they are, and on files the module first needs path_open, which is file system.
 */
function capabilityOf(name: string): Capability | undefined {
  if (!Object.prototype.hasOwnProperty.call(SIGNATURES, name)) return undefined;
  const capability = SIGNATURES[name as keyof typeof SIGNATURES].capability;
  if (capability === 'fd') return 'stdio';
  if (capability === 'none') return 'process';
  return capability;
}

/** Calls that change the file system; a module importing none of them needs no writable preopen. */
const WRITING_CALLS: ReadonlySet<string> = new Set([
  'path_create_directory', 'path_remove_directory', 'path_unlink_file', 'path_rename', 'path_link',
  'path_symlink', 'path_filestat_set_times', 'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_allocate',
]);

export interface ImportRef {
  readonly module: string;
  readonly name: string;
}

/** The capability a WASI import needs, or undefined for imports that are not WASI preview1 calls. */
export function importCapability(imp: ImportRef): Capability | undefined {
  if (!WASI_PREVIEW1_MODULES.includes(imp.module)) return undefined;
  return capabilityOf(imp.name);
}

export interface CapabilityRequest {
  readonly capability: Capability;
  /** The WASI calls that need it, sorted. */
  readonly calls: readonly string[];
}

export interface ModuleRequests {
  readonly requests: readonly CapabilityRequest[];
  /** WASI preview1 imports this mapping does not know (a newer or misspelt call). */
  readonly unknownWasiImports: readonly string[];
  /** True when the module imports a call that modifies the file system. */
  readonly writesFiles: boolean;
}

/** Groups a module's imports by capability. */
export function moduleRequests(imports: readonly ImportRef[]): ModuleRequests {
  const calls = new Map<Capability, Set<string>>();
  const unknown = new Set<string>();
  let writesFiles = false;
  for (const imp of imports) {
    if (!WASI_PREVIEW1_MODULES.includes(imp.module)) continue;
    const capability = importCapability(imp);
    if (!capability) { unknown.add(imp.name); continue; }
    if (WRITING_CALLS.has(imp.name)) writesFiles = true;
    const set = calls.get(capability) ?? new Set<string>();
    set.add(imp.name);
    calls.set(capability, set);
  }
  const requests = [...calls.entries()]
    .map(([capability, set]) => ({ capability, calls: [...set].sort() }))
    .sort((a, b) => CAPABILITY_ORDER.indexOf(a.capability) - CAPABILITY_ORDER.indexOf(b.capability));
  return { requests, unknownWasiImports: [...unknown].sort(), writesFiles };
}

/** Every capability, in the order the permissions tree and the access log list them. */
export const CAPABILITY_ORDER: readonly Capability[] = ['filesystem', 'env', 'args', 'stdio', 'clock', 'random', 'sockets', 'process'];

export type FindingKind = 'missingGrant' | 'broaderThanNeeded';

export interface Finding {
  readonly kind: FindingKind;
  readonly capability: Capability;
  readonly message: string;
  /** Index into `preopens` when the finding is about one preopen. */
  readonly preopenIndex?: number;
}

export interface GrantContext {
  /** Absolute path of the workspace folder the configuration belongs to, for `${workspaceFolder}`. */
  readonly workspaceFolder?: string;
  /** The user's home directory: preopening it is always broader than a module needs. */
  readonly homeDirectory?: string;
}

/**
 * Compares what a module imports with what a configuration grants. Reports capabilities the module
 * imports but cannot use (missing grants) and grants wider than the imports justify.
 */
export function compareGrants(requests: ModuleRequests, config: WasiLaunchAttributes, context: GrantContext): Finding[] {
  const findings: Finding[] = [];
  const asked = new Map(requests.requests.map((r) => [r.capability, r.calls]));
  const allow = effectiveAllow(config.allow);
  const preopens = config.preopens ?? [];
  const env = config.env ?? {};
  const list = (capability: Capability): string => (asked.get(capability) ?? []).join(', ');

  if (asked.has('filesystem') && preopens.length === 0) {
    findings.push({ kind: 'missingGrant', capability: 'filesystem', message: `The module imports ${list('filesystem')} but no directory is preopened, so every path it opens is denied.` });
  }
  if (asked.has('env') && Object.keys(env).length === 0 && config.inheritEnv !== true) {
    findings.push({ kind: 'missingGrant', capability: 'env', message: `The module reads its environment (${list('env')}) but no variable is set.` });
  }
  if (asked.has('clock') && !allow.clock) {
    findings.push({ kind: 'missingGrant', capability: 'clock', message: `The module imports ${list('clock')} but the clock is switched off.` });
  }
  if (asked.has('random') && !allow.random) {
    findings.push({ kind: 'missingGrant', capability: 'random', message: `The module imports ${list('random')} but randomness is switched off.` });
  }
  if (asked.has('sockets') && !allow.sockets) {
    findings.push({ kind: 'missingGrant', capability: 'sockets', message: `The module imports ${list('sockets')} but sockets are switched off.` });
  }

  if (!asked.has('filesystem') && preopens.length > 0) {
    findings.push({ kind: 'broaderThanNeeded', capability: 'filesystem', message: `${preopens.length === 1 ? 'A directory is' : `${preopens.length} directories are`} preopened but the module imports no file system call.` });
  }
  preopens.forEach((preopen, index) => {
    const host = normalise(substituteWorkspaceFolder(preopen.host, context.workspaceFolder));
    const readWrite = preopen.readonly !== true;
    const wide = wideLocation(host, context);
    if (wide && readWrite) {
      findings.push({ kind: 'broaderThanNeeded', capability: 'filesystem', preopenIndex: index, message: `Read-write access to ${wide} (${preopen.host}); make it read-only or preopen a subfolder.` });
    } else if (wide === 'the whole host file system' || wide === 'your home directory') {
      findings.push({ kind: 'broaderThanNeeded', capability: 'filesystem', preopenIndex: index, message: `Read access to ${wide} (${preopen.host}); preopen only the folder the module needs.` });
    } else if (readWrite && asked.has('filesystem') && !requests.writesFiles) {
      findings.push({ kind: 'broaderThanNeeded', capability: 'filesystem', preopenIndex: index, message: `${preopen.host} is writable, but the module imports no call that creates, renames or deletes files; read-only may be enough unless it writes into existing files.` });
    }
  });
  if (asked.has('env') === false && (Object.keys(env).length > 0 || config.inheritEnv === true)) {
    findings.push({ kind: 'broaderThanNeeded', capability: 'env', message: 'Environment variables are passed but the module never reads its environment.' });
  } else if (config.inheritEnv === true) {
    findings.push({ kind: 'broaderThanNeeded', capability: 'env', message: 'inheritEnv passes the whole host environment (tokens and paths included); list only the variables the module needs.' });
  }
  if (allow.sockets && !asked.has('sockets')) {
    findings.push({ kind: 'broaderThanNeeded', capability: 'sockets', message: 'Sockets are allowed but the module imports no socket call.' });
  }
  return findings;
}

/** Names the location when a host path is a root the module should not get whole. */
function wideLocation(host: string, context: GrantContext): string | undefined {
  if (host === '/' || /^[A-Za-z]:\/?$/.test(host)) return 'the whole host file system';
  if (context.homeDirectory && host === normalise(context.homeDirectory)) return 'your home directory';
  if (context.workspaceFolder && host === normalise(context.workspaceFolder)) return 'the whole workspace';
  return undefined;
}

function normalise(path: string): string {
  const slashes = path.replace(/\\/g, '/');
  return slashes.length > 1 ? slashes.replace(/\/+$/, '') || '/' : slashes;
}
