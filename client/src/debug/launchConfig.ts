// The `wasi` launch configuration as the client sees it, and the default configuration F5 uses when
// there is no launch.json. Pure; no `vscode` import, so it is unit-tested directly.
//
// WasiLaunchAttributes must match `contributes.debuggers[type=wasi].configurationAttributes.launch`
// in package.json; test/unit/client/launchConfig.test.ts compares LAUNCH_ATTRIBUTE_NAMES with it.

export interface PreopenSetting {
  /** Host directory; may contain `${workspaceFolder}`. */
  host: string;
  /** Path the module sees, e.g. `/`. */
  guest: string;
  readonly?: boolean;
}

export interface AllowSettings {
  clock?: boolean;
  random?: boolean;
  sockets?: boolean;
  exit?: boolean;
}

export type AllowSwitch = keyof AllowSettings;
export const ALLOW_SWITCHES: readonly AllowSwitch[] = ['clock', 'random', 'sockets', 'exit'];
/** Defaults of the switches, as in package.json and the host's CapabilitySwitches. */
export const ALLOW_DEFAULTS: Readonly<Required<AllowSettings>> = { clock: true, random: true, sockets: false, exit: true };

export interface WasiLaunchAttributes {
  program: string;
  args?: string[];
  env?: Record<string, string>;
  inheritEnv?: boolean;
  preopens?: PreopenSetting[];
  stdin?: string;
  /** Without a `stdin` file, `integratedTerminal` gives the module a terminal to read from. */
  console?: 'debugConsole' | 'integratedTerminal';
  stopOnEntry?: boolean;
  cwd?: string;
  allow?: AllowSettings;
  accessLog?: string;
  trace?: boolean;
}

export interface WasiLaunchConfiguration extends WasiLaunchAttributes {
  type: 'wasi';
  request: 'launch';
  name: string;
  preLaunchTask?: string;
}

/** Every attribute name of WasiLaunchAttributes; the Record type makes the compiler demand each one. */
const ATTRIBUTES: Record<keyof WasiLaunchAttributes, true> = {
  program: true, args: true, env: true, inheritEnv: true, preopens: true, stdin: true, console: true,
  stopOnEntry: true, cwd: true, allow: true, accessLog: true, trace: true,
};
export const LAUNCH_ATTRIBUTE_NAMES: readonly string[] = Object.keys(ATTRIBUTES);

/** Which default preopen F5 grants when there is no launch.json (setting `wasiStudio.debug.defaultPreopen`). */
export type DefaultPreopenPolicy = 'workspaceReadOnly' | 'workspaceReadWrite' | 'none';

/**
 * The configuration F5 resolves for a module when there is no launch.json: the workspace folder
 * preopened read-only as `/` (by default), no environment, no arguments.
 */
export function defaultLaunchConfiguration(program: string, policy: DefaultPreopenPolicy): WasiLaunchConfiguration {
  const name = `Debug ${baseName(program)}`;
  const preopens: PreopenSetting[] =
    policy === 'none' ? [] : [{ host: '${workspaceFolder}', guest: '/', readonly: policy === 'workspaceReadOnly' }];
  return { type: 'wasi', request: 'launch', name, program, args: [], env: {}, preopens };
}

/** Expresses an absolute path inside the workspace folder as `${workspaceFolder}/…`, so launch.json stays portable. */
export function workspaceRelative(absolutePath: string, workspaceFolder: string | undefined): string {
  if (!workspaceFolder) return absolutePath;
  const root = trimSlash(workspaceFolder);
  if (absolutePath === root) return '${workspaceFolder}';
  if (absolutePath.startsWith(root + '/')) return '${workspaceFolder}' + absolutePath.slice(root.length);
  return absolutePath;
}

/** Replaces `${workspaceFolder}` and `${workspaceFolderBasename}`; other variables are left for VS Code. */
export function substituteWorkspaceFolder(value: string, workspaceFolder: string | undefined): string {
  if (!workspaceFolder) return value;
  const root = trimSlash(workspaceFolder);
  return value.replace(/\$\{workspaceFolder\}/g, root).replace(/\$\{workspaceFolderBasename\}/g, baseName(root));
}

/** Reads the switches with their defaults filled in. */
export function effectiveAllow(allow: AllowSettings | undefined): Required<AllowSettings> {
  return {
    clock: allow?.clock ?? ALLOW_DEFAULTS.clock,
    random: allow?.random ?? ALLOW_DEFAULTS.random,
    sockets: allow?.sockets ?? ALLOW_DEFAULTS.sockets,
    exit: allow?.exit ?? ALLOW_DEFAULTS.exit,
  };
}

/** Narrows an unknown value (a parsed launch.json entry) to a `wasi` launch configuration. */
export function isWasiLaunchConfiguration(value: unknown): value is WasiLaunchConfiguration {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v['type'] === 'wasi' && v['request'] === 'launch' && typeof v['name'] === 'string' && typeof v['program'] === 'string';
}

function baseName(path: string): string {
  const parts = trimSlash(path).split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

function trimSlash(path: string): string {
  return path.length > 1 && /[\\/]$/.test(path) ? path.slice(0, -1) : path;
}
