// The capability-access log as data: parsing JSON Lines, filtering, summarising, exporting, and turning
// a denied entry into the launch-configuration edit that would grant it. Pure; no `vscode` import.
// The record shape is AccessRecord from debug-adapter/src/wasi/api.ts.
import type { AccessRecord, Capability } from '../../../debug-adapter/src/wasi/api';
import type { WasiLaunchAttributes } from '../debug/launchConfig';
import { CAPABILITY_ORDER } from '../permissions/capabilities';
import type { PolicyEdit } from '../permissions/launchJson';

export type { AccessRecord, Capability };

/** Source location of the call, 1-based line, as the adapter maps it through DWARF. */
export interface SourceLocation {
  readonly path: string;
  readonly line: number;
}

/** One row of the view: the host's record plus where in the source it came from. */
export interface LogEntry {
  readonly record: AccessRecord;
  readonly source?: SourceLocation;
}

export interface ParseResult {
  readonly entries: LogEntry[];
  /** Lines that were not access records, with a reason; 1-based line numbers. */
  readonly errors: { readonly line: number; readonly message: string }[];
}

/**
 * Parses a `.jsonl` access log. Each line is either an AccessRecord (optionally with a `source`
 * field) or `{ record, source? }` as the live DAP event carries it. Bad lines are reported, not fatal.
 */
export function parseAccessLog(text: string): ParseResult {
  const entries: LogEntry[] = [];
  const errors: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      errors.push({ line: i + 1, message: 'not valid JSON' });
      return;
    }
    const entry = toLogEntry(value);
    if (typeof entry === 'string') errors.push({ line: i + 1, message: entry });
    else entries.push(entry);
  });
  return { entries, errors };
}

/** Validates one event body or log line; returns a reason string when it is not an access record. */
export function toLogEntry(value: unknown): LogEntry | string {
  if (!isObject(value)) return 'not a JSON object';
  const wrapped = isObject(value['record']);
  const record = wrapped ? (value['record'] as Record<string, unknown>) : value;
  const problem = recordProblem(record);
  if (problem) return problem;
  const source = parseSource(value['source']);
  // A bare log line carries `source` beside the record's own fields; it is not part of the record.
  const { source: _dropped, ...fields } = record;
  const clean = fields as unknown as AccessRecord;
  return source ? { record: clean, source } : { record: clean };
}

export type DecisionFilter = 'all' | 'allowed' | 'denied';

export interface LogFilter {
  readonly decision: DecisionFilter;
  /** Capabilities to show; empty shows all. */
  readonly capabilities: readonly Capability[];
  /** Only entries whose target or host path starts with this (after trimming); empty: no constraint. */
  readonly pathPrefix: string;
  /** Case-insensitive text searched in call, capability, target, host path, errno and source path. */
  readonly search: string;
}

export const NO_FILTER: LogFilter = { decision: 'all', capabilities: [], pathPrefix: '', search: '' };

export function filterEntries(entries: readonly LogEntry[], filter: LogFilter): LogEntry[] {
  const search = filter.search.trim().toLowerCase();
  const prefix = filter.pathPrefix.trim();
  return entries.filter(({ record, source }) => {
    if (filter.decision !== 'all' && record.decision !== filter.decision) return false;
    if (filter.capabilities.length > 0 && !filter.capabilities.includes(record.capability)) return false;
    if (prefix !== '' && !(record.target?.startsWith(prefix) || record.hostPath?.startsWith(prefix))) return false;
    if (search === '') return true;
    const haystack = [record.call, record.capability, record.target, record.hostPath, record.errno, source?.path]
      .filter((s): s is string => typeof s === 'string')
      .join('\n')
      .toLowerCase();
    return haystack.includes(search);
  });
}

export interface Counts {
  allowed: number;
  denied: number;
}

export interface LogSummary {
  readonly total: Counts;
  /** Per capability, in CAPABILITY_ORDER, only those that occur. */
  readonly byCapability: readonly { readonly capability: Capability; readonly counts: Counts }[];
  /** Per target (file-system paths, variable names, …), most used first. */
  readonly byTarget: readonly { readonly target: string; readonly counts: Counts }[];
}

export function summarise(entries: readonly LogEntry[]): LogSummary {
  const total: Counts = { allowed: 0, denied: 0 };
  const perCapability = new Map<Capability, Counts>();
  const perTarget = new Map<string, Counts>();
  for (const { record } of entries) {
    bump(total, record.decision);
    bump(getOrAdd(perCapability, record.capability), record.decision);
    if (record.target !== undefined && record.target !== '') bump(getOrAdd(perTarget, record.target), record.decision);
  }
  const byCapability = CAPABILITY_ORDER.filter((c) => perCapability.has(c)).map((capability) => ({ capability, counts: perCapability.get(capability)! }));
  const byTarget = [...perTarget.entries()]
    .map(([target, counts]) => ({ target, counts }))
    .sort((a, b) => b.counts.allowed + b.counts.denied - (a.counts.allowed + a.counts.denied) || a.target.localeCompare(b.target));
  return { total, byCapability, byTarget };
}

/** JSON Lines in the same shape `parseAccessLog` reads back. */
export function toJsonLines(entries: readonly LogEntry[]): string {
  return entries.map((e) => JSON.stringify(e.source ? { ...e.record, source: e.source } : e.record)).join('\n') + (entries.length > 0 ? '\n' : '');
}

/** Access-log verbosity (setting `wasiStudio.accessLog.verbosity`). */
export type Verbosity = 'all' | 'denied' | 'off';

/** Whether a live record is kept under the given verbosity. */
export function keepRecord(record: AccessRecord, verbosity: Verbosity): boolean {
  return verbosity === 'all' || (verbosity === 'denied' && record.decision === 'denied');
}

/** `12.345 s` style time, since the module started. */
export function formatTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

export interface GrantSuggestion {
  readonly edit: PolicyEdit;
  /** What the edit does, for the confirmation prompt. */
  readonly description: string;
  /** For env grants the value is unknown; the UI asks for it before applying. */
  readonly needsValue?: boolean;
}

export interface GrantContext {
  /** Absolute workspace folder path, to resolve `${workspaceFolder}` in preopens and to propose host folders. */
  readonly workspaceFolder?: string;
}

/**
 * The edit that would have allowed a denied record, given the configuration it ran under:
 * a write into a read-only preopen → make that preopen writable; a path outside every preopen →
 * preopen its directory (read-only, host proposed under the workspace); an env read → add the
 * variable; clock/random/sockets → switch on. Undefined when nothing in the configuration can grant it.
 */
export function grantFor(record: AccessRecord, config: WasiLaunchAttributes, context: GrantContext): GrantSuggestion | undefined {
  if (record.decision !== 'denied') return undefined;
  switch (record.capability) {
    case 'filesystem':
      return grantPath(record, config, context);
    case 'env':
      if (!record.target) return undefined;
      return { edit: { kind: 'setEnv', name: record.target, value: '' }, description: `Set environment variable ${record.target}.`, needsValue: true };
    case 'clock':
    case 'random':
    case 'sockets':
      return { edit: { kind: 'setAllow', capability: record.capability, value: true }, description: `Allow ${record.capability}.` };
    default:
      return undefined;
  }
}

function grantPath(record: AccessRecord, config: WasiLaunchAttributes, context: GrantContext): GrantSuggestion | undefined {
  const target = record.target;
  if (!target || !target.startsWith('/')) return undefined;
  const preopens = config.preopens ?? [];
  // The most specific preopen that contains the guest path is the one the host resolved against.
  let best = -1;
  preopens.forEach((p, i) => {
    if (isWithin(target, p.guest) && (best === -1 || p.guest.length > (preopens[best]?.guest.length ?? 0))) best = i;
  });
  const covering = preopens[best];
  if (covering) {
    if (covering.readonly !== true) return undefined;
    return {
      edit: { kind: 'setPreopenReadonly', preopenIndex: best, readonly: false },
      description: `Make preopen ${covering.host} → ${covering.guest} read-write.`,
    };
  }
  const guestDir = parentDirectory(target);
  // Projects usually mirror the guest layout under the workspace; the UI lets the user pick another folder.
  const host = context.workspaceFolder ? '${workspaceFolder}' + (guestDir === '/' ? '' : guestDir) : guestDir;
  return {
    edit: { kind: 'addPreopen', preopen: { host, guest: guestDir, readonly: true } },
    description: `Preopen ${host} as ${guestDir} (read-only).`,
  };
}

function isWithin(path: string, dir: string): boolean {
  const d = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  return d === '/' || path === d || path.startsWith(d + '/');
}

function parentDirectory(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : trimmed.slice(0, cut);
}

function recordProblem(r: Record<string, unknown>): string | undefined {
  if (typeof r['call'] !== 'string') return 'missing "call"';
  if (typeof r['capability'] !== 'string' || !(CAPABILITY_ORDER as readonly string[]).includes(r['capability'])) return 'missing or unknown "capability"';
  if (r['decision'] !== 'allowed' && r['decision'] !== 'denied') return '"decision" is neither allowed nor denied';
  if (typeof r['time'] !== 'number') return 'missing "time"';
  if (typeof r['errno'] !== 'string') return 'missing "errno"';
  if (typeof r['seq'] !== 'number') return 'missing "seq"';
  if (r['target'] !== undefined && typeof r['target'] !== 'string') return '"target" is not a string';
  return undefined;
}

function parseSource(value: unknown): SourceLocation | undefined {
  if (!isObject(value)) return undefined;
  const path = value['path'];
  const line = value['line'];
  return typeof path === 'string' && typeof line === 'number' && line >= 1 ? { path, line } : undefined;
}

function bump(counts: Counts, decision: 'allowed' | 'denied'): void {
  counts[decision] += 1;
}

function getOrAdd<K>(map: Map<K, Counts>, key: K): Counts {
  let c = map.get(key);
  if (!c) { c = { allowed: 0, denied: 0 }; map.set(key, c); }
  return c;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rewrites a source path with the user's substitutions (setting `wasiStudio.debug.sourcePathSubstitutions`,
 * `{ "/build/dir": "${workspaceFolder}" }` style): the longest matching prefix wins.
 */
export function substitutePath(path: string, substitutions: Readonly<Record<string, string>>): string {
  let best: string | undefined;
  for (const from of Object.keys(substitutions)) {
    if (from === '') continue;
    const matches = path === from || path.startsWith(from.endsWith('/') ? from : from + '/');
    if (matches && (best === undefined || from.length > best.length)) best = from;
  }
  if (best === undefined) return path;
  return (substitutions[best] ?? '') + path.slice(best.length);
}
