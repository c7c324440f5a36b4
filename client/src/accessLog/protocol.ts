// Messages between the access-log webview (media/accessLog/main.js) and the extension, plus the row
// view model. No `vscode` import: the rows are built by a pure function the unit tests cover.
import { CAPABILITY_ORDER } from '../permissions/capabilities';
import { filterEntries, formatTime, summarise, type LogEntry, type LogFilter, type LogSummary } from './records';
import type { LogOrigin } from './store';

export interface RowView {
  readonly seq: number;
  readonly time: string;
  readonly call: string;
  readonly capability: string;
  readonly target: string;
  readonly hostPath: string;
  readonly decision: 'allowed' | 'denied';
  readonly errno: string;
  /** `file.c:12`, or empty when the call has no source location. */
  readonly source: string;
  readonly sourceTitle: string;
}

export interface StateMessage {
  readonly type: 'state';
  readonly origin: string;
  readonly total: number;
  readonly shown: number;
  /** Rows after filtering, capped at MAX_ROWS (the newest are kept). */
  readonly rows: readonly RowView[];
  readonly truncated: boolean;
  readonly summary: LogSummary;
}

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'filter'; readonly filter: LogFilter }
  | { readonly type: 'open'; readonly seq: number }
  | { readonly type: 'grant'; readonly seq: number }
  | { readonly type: 'export' }
  | { readonly type: 'load' }
  | { readonly type: 'clear' };

export const MAX_ROWS = 5000;

/** The view's state for a filter: rows, counts and the summary of what is shown. */
export function buildState(entries: readonly LogEntry[], filter: LogFilter, origin: LogOrigin): StateMessage {
  const filtered = filterEntries(entries, filter);
  const visible = filtered.length > MAX_ROWS ? filtered.slice(filtered.length - MAX_ROWS) : filtered;
  return {
    type: 'state',
    origin: describeOrigin(origin),
    total: entries.length,
    shown: filtered.length,
    rows: visible.map(toRow),
    truncated: visible.length < filtered.length,
    summary: summarise(filtered),
  };
}

/** Checks a message from the webview; anything malformed is dropped. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m['type']) {
    case 'ready': case 'export': case 'load': case 'clear':
      return { type: m['type'] };
    case 'open': case 'grant':
      return typeof m['seq'] === 'number' ? { type: m['type'], seq: m['seq'] } : undefined;
    case 'filter': {
      const f = m['filter'] as Record<string, unknown> | undefined;
      if (!f || !['all', 'allowed', 'denied'].includes(String(f['decision'])) || !Array.isArray(f['capabilities'])) return undefined;
      return {
        type: 'filter',
        filter: {
          decision: f['decision'] as LogFilter['decision'],
          capabilities: CAPABILITY_ORDER.filter((c) => (f['capabilities'] as unknown[]).includes(c)),
          pathPrefix: typeof f['pathPrefix'] === 'string' ? f['pathPrefix'] : '',
          search: typeof f['search'] === 'string' ? f['search'] : '',
        },
      };
    }
    default:
      return undefined;
  }
}

function toRow({ record, source }: LogEntry): RowView {
  const file = source ? source.path.split(/[\\/]/).pop() ?? source.path : '';
  return {
    seq: record.seq,
    time: formatTime(record.time),
    call: record.call,
    capability: record.capability,
    target: record.target ?? '',
    hostPath: record.hostPath ?? '',
    decision: record.decision,
    errno: record.errno,
    source: source ? `${file}:${source.line}` : '',
    sourceTitle: source ? `${source.path}:${source.line}` : '',
  };
}

function describeOrigin(origin: LogOrigin): string {
  switch (origin.kind) {
    case 'session': return `Debug session "${origin.name}"${origin.running ? ' (running)' : ' (ended)'}`;
    case 'file': return origin.path;
    case 'none': return 'No log yet: start a WASI debug session or load a .jsonl file';
  }
}
