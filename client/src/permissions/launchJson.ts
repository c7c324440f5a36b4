// Reads `wasi` configurations out of launch.json text and edits them with jsonc-parser, so the user's
// comments and formatting survive. Pure; no `vscode` import.
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath, type Node } from 'jsonc-parser';
import { isWasiLaunchConfiguration, type AllowSwitch, type PreopenSetting, type WasiLaunchConfiguration } from '../debug/launchConfig';

export interface LaunchEntry {
  /** Index in the `configurations` array (the edit address). */
  readonly index: number;
  readonly config: WasiLaunchConfiguration;
}

/** One edit the panel (or "grant this" in the access log) can make to a configuration. */
export type PolicyEdit =
  | { readonly kind: 'addPreopen'; readonly preopen: PreopenSetting }
  | { readonly kind: 'removePreopen'; readonly preopenIndex: number }
  | { readonly kind: 'setPreopenReadonly'; readonly preopenIndex: number; readonly readonly: boolean }
  | { readonly kind: 'setEnv'; readonly name: string; readonly value: string }
  | { readonly kind: 'removeEnv'; readonly name: string }
  | { readonly kind: 'setAllow'; readonly capability: AllowSwitch; readonly value: boolean }
  | { readonly kind: 'addArg'; readonly value: string }
  | { readonly kind: 'removeArg'; readonly argIndex: number }
  | { readonly kind: 'setStdin'; readonly path: string | undefined };

export type EditResult = { readonly text: string } | { readonly error: string };

/** The text of a new launch.json holding one configuration. */
export function newLaunchJson(config: WasiLaunchConfiguration): string {
  return JSON.stringify({ version: '0.2.0', configurations: [config] }, null, 2) + '\n';
}

/** Lists the `wasi` launch configurations; an unreadable file gives an empty list. */
export function listWasiConfigurations(text: string): LaunchEntry[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const list = root ? findNodeAtLocation(root, ['configurations']) : undefined;
  if (!list || list.type !== 'array' || !list.children) return [];
  const entries: LaunchEntry[] = [];
  list.children.forEach((child, index) => {
    const value = nodeValue(child);
    if (isWasiLaunchConfiguration(value)) entries.push({ index, config: value });
  });
  return entries;
}

/** Appends a configuration to `configurations`, creating the array if needed. */
export function addConfiguration(text: string, config: WasiLaunchConfiguration): EditResult {
  if (text.trim() === '') return { text: newLaunchJson(config) };
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') return { error: 'launch.json is not a JSON object.' };
  const list = findNodeAtLocation(root, ['configurations']);
  if (list && list.type !== 'array') return { error: '"configurations" in launch.json is not an array.' };
  const path: JSONPath = list ? ['configurations', -1] : ['configurations'];
  const value: unknown = list ? config : [config];
  return apply(text, path, value, { isArrayInsertion: list !== undefined });
}

/** Applies one policy edit to configuration `configIndex` of launch.json text. */
export function applyPolicyEdit(text: string, configIndex: number, edit: PolicyEdit): EditResult {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const configNode = root ? findNodeAtLocation(root, ['configurations', configIndex]) : undefined;
  if (!configNode || configNode.type !== 'object') return { error: `launch.json has no configuration at index ${configIndex}.` };
  const config = nodeValue(configNode) as Record<string, unknown>;
  const base: JSONPath = ['configurations', configIndex];
  switch (edit.kind) {
    case 'addPreopen': {
      const preopen: PreopenSetting = { host: edit.preopen.host, guest: edit.preopen.guest, readonly: edit.preopen.readonly ?? false };
      return Array.isArray(config['preopens'])
        ? apply(text, [...base, 'preopens', -1], preopen, { isArrayInsertion: true })
        : apply(text, [...base, 'preopens'], [preopen], {});
    }
    case 'removePreopen':
      if (!hasIndex(config['preopens'], edit.preopenIndex)) return { error: `There is no preopen ${edit.preopenIndex}.` };
      return apply(text, [...base, 'preopens', edit.preopenIndex], undefined, {});
    case 'setPreopenReadonly':
      if (!hasIndex(config['preopens'], edit.preopenIndex)) return { error: `There is no preopen ${edit.preopenIndex}.` };
      return apply(text, [...base, 'preopens', edit.preopenIndex, 'readonly'], edit.readonly, {});
    case 'setEnv':
      if (edit.name === '' || edit.name.includes('=')) return { error: `"${edit.name}" is not a valid environment variable name.` };
      return isObject(config['env'])
        ? apply(text, [...base, 'env', edit.name], edit.value, {})
        : apply(text, [...base, 'env'], { [edit.name]: edit.value }, {});
    case 'removeEnv':
      if (!isObject(config['env']) || !Object.prototype.hasOwnProperty.call(config['env'], edit.name)) return { error: `There is no variable ${edit.name}.` };
      return apply(text, [...base, 'env', edit.name], undefined, {});
    case 'setAllow':
      return isObject(config['allow'])
        ? apply(text, [...base, 'allow', edit.capability], edit.value, {})
        : apply(text, [...base, 'allow'], { [edit.capability]: edit.value }, {});
    case 'addArg':
      return Array.isArray(config['args'])
        ? apply(text, [...base, 'args', -1], edit.value, { isArrayInsertion: true })
        : apply(text, [...base, 'args'], [edit.value], {});
    case 'removeArg':
      if (!hasIndex(config['args'], edit.argIndex)) return { error: `There is no argument ${edit.argIndex}.` };
      return apply(text, [...base, 'args', edit.argIndex], undefined, {});
    case 'setStdin':
      return apply(text, [...base, 'stdin'], edit.path, {});
  }
}

/** Guesses the file's indentation so inserted lines look like their neighbours. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = text.split(/\r?\n/).find((line) => /^[ \t]+\S/.test(line));
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  const width = indented ? indented.length - indented.trimStart().length : 2;
  return { insertSpaces: true, tabSize: Math.min(Math.max(width, 1), 8), eol };
}

function apply(text: string, path: JSONPath, value: unknown, options: { isArrayInsertion?: boolean }): EditResult {
  try {
    const edits = modify(text, path, value, { formattingOptions: detectFormatting(text), isArrayInsertion: options.isArrayInsertion });
    return { text: applyEdits(text, edits) };
  } catch (error: unknown) {
    // modify() throws when the path crosses a value of the wrong type (e.g. `env` is a string).
    return { error: `Could not edit launch.json: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The plain value of a parse-tree node (jsonc-parser's getNodeValue, typed as unknown). */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key && value && typeof key.value === 'string') out[key.value] = nodeValue(value);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value as unknown;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasIndex(value: unknown, index: number): boolean {
  return Array.isArray(value) && Number.isInteger(index) && index >= 0 && index < value.length;
}
