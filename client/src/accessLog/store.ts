// The entries the access-log view shows and where they came from. No `vscode` import.
import type { LogEntry } from './records';

export type LogOrigin =
  | { readonly kind: 'session'; readonly sessionId: string; readonly name: string; readonly folderUri?: string; readonly running: boolean }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'none' };

export class AccessLogStore {
  private items: LogEntry[] = [];
  private source: LogOrigin = { kind: 'none' };
  private readonly listeners = new Set<() => void>();

  get entries(): readonly LogEntry[] {
    return this.items;
  }

  get origin(): LogOrigin {
    return this.source;
  }

  /** Starts a fresh log for a debug session. */
  startSession(sessionId: string, name: string, folderUri: string | undefined): void {
    this.items = [];
    this.source = { kind: 'session', sessionId, name, folderUri, running: true };
    this.emit();
  }

  endSession(sessionId: string): void {
    if (this.source.kind === 'session' && this.source.sessionId === sessionId) {
      this.source = { ...this.source, running: false };
      this.emit();
    }
  }

  /** Adds a live record; records of other sessions than the current one are ignored. */
  add(sessionId: string, entry: LogEntry): void {
    if (this.source.kind !== 'session' || this.source.sessionId !== sessionId) return;
    this.items.push(entry);
    this.emit();
  }

  load(path: string, entries: LogEntry[]): void {
    this.items = entries;
    this.source = { kind: 'file', path };
    this.emit();
  }

  clear(): void {
    this.items = [];
    this.emit();
  }

  find(seq: number): LogEntry | undefined {
    return this.items.find((e) => e.record.seq === seq);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
