// The workspace: open documents, the analysis unit (package folder + deps/) of each file, the
// latest analysis of each unit, and when to redo it. A change to one file re-analyses its unit and
// every unit that read that file (its dependents, e.g. through a symlinked `deps/` entry), after
// a short debounce. A request that needs a unit's model starts the pending run at once instead of
// waiting for the timer, and never answers from an analysis older than the documents.
//
// Each unit has a generation, bumped by every change that affects it. An analysis remembers the
// generation it started from; a result that is older than the unit's generation when it
// finishes is dropped (that is how a superseded run is cancelled) and never published.

import * as path from 'node:path';
import type { Diagnostic } from '../syntax/ast';
import { LineIndex } from '../syntax/lineIndex';
import type { ParsedFile, WitParser } from '../syntax/parser';
import { analyseUnit, type UnitAnalysis } from './analysis';
import type { DiskAccess } from './disk';
import { DocumentStore, type ContentChange, type OpenDocument } from './documents';
import { Debouncer, nodeTimers, type Timers } from './scheduler';
import { DEFAULT_SETTINGS, sameSettings, type WitSettings } from './settings';
import { unitForMemoryDocument, unitForPath, type Unit, type UnitKey } from './units';
import { pathToUri, uriToPath } from './uris';

/** What the workspace tells the protocol layer. */
export interface WorkspaceEvents {
  /** Diagnostics of one file changed; `lines` converts their spans. */
  publish(uri: string, version: number | undefined, diagnostics: readonly Diagnostic[], lines: LineIndex): void;
  /** A unit was (re-)analysed; used to refresh semantic tokens and inlay hints. */
  analysed(unit: UnitKey): void;
  log(message: string): void;
}

export interface WorkspaceOptions {
  readonly debounceMs: number;
  readonly timers?: Timers;
}

export class Workspace {
  readonly documents: DocumentStore;
  private settings: WitSettings = DEFAULT_SETTINGS;
  private readonly units = new Map<UnitKey, Unit>();
  private readonly generations = new Map<UnitKey, number>();
  private readonly analyses = new Map<UnitKey, { generation: number; analysis: UnitAnalysis }>();
  private readonly running = new Map<UnitKey, Promise<UnitAnalysis | undefined>>();
  /** Uris that currently show diagnostics, per unit, so they can be cleared. */
  private readonly published = new Map<UnitKey, Set<string>>();
  private readonly scheduler: Debouncer<UnitKey>;
  private readonly parseCache = new Map<string, ParsedFile>();
  private roots: string[] = [];
  private readonly timers: Timers;
  private readonly debounceMs: number;

  constructor(
    private readonly parser: WitParser,
    private readonly disk: DiskAccess,
    private readonly events: WorkspaceEvents,
    options: WorkspaceOptions,
  ) {
    this.documents = new DocumentStore(parser);
    this.timers = options.timers ?? nodeTimers;
    this.debounceMs = options.debounceMs;
    this.scheduler = new Debouncer<UnitKey>(
      (key) => {
        void this.start(key);
      },
      options.debounceMs,
      (key, error) => this.events.log(`Internal error while analysing ${key}: ${describe(error)}`),
      this.timers,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Document and file events

  didOpen(uri: string, version: number, text: string): void {
    this.documents.open(uri, version, text);
    this.disk.forget(uriToPath(uri));
    this.touch(uri);
  }

  didChange(uri: string, version: number, changes: readonly ContentChange[]): void {
    if (!this.documents.change(uri, version, changes)) {
      this.events.log(`Ignoring a change to ${uri}, which is not open.`);
      return;
    }
    this.touch(uri);
  }

  didClose(uri: string): void {
    this.documents.close(uri);
    this.touch(uri);
  }

  /** Files changed on disk (created, changed or deleted). */
  didChangeFiles(uris: readonly string[]): void {
    for (const uri of uris) {
      this.disk.forget(uriToPath(uri));
      this.parseCache.delete(uri);
      this.touch(uri);
    }
  }

  setSettings(settings: WitSettings): void {
    if (sameSettings(settings, this.settings)) return;
    this.settings = settings;
    for (const key of this.analyses.keys()) this.invalidate(key);
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  get currentSettings(): WitSettings {
    return this.settings;
  }

  /** The open document, if any. */
  document(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  /** The unit a uri belongs to. */
  unitOf(uri: string): Unit {
    const filePath = uriToPath(uri);
    const unit = filePath === undefined ? unitForMemoryDocument(uri) : unitForPath(filePath);
    if (!this.units.has(unit.key)) this.units.set(unit.key, unit);
    return unit;
  }

  /**
   * The analysis of the unit holding `uri`, up to date with every open document. Starts it now
   * when it is pending. Undefined only when analysing failed with an internal error (logged).
   */
  async analysisFor(uri: string): Promise<UnitAnalysis | undefined> {
    const key = this.unitOf(uri).key;
    let last: UnitAnalysis | undefined;
    // A change can arrive while an analysis runs; try again then, but never loop forever.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const stored = this.analyses.get(key);
      if (stored && stored.generation === this.generation(key)) return stored.analysis;
      this.scheduler.cancel(key);
      last = await (this.running.get(key) ?? this.start(key));
      const now = this.analyses.get(key);
      if (now && now.generation === this.generation(key)) return now.analysis;
    }
    return last;
  }

  /** The parsed file for `uri`: the open document, or the file as its unit's analysis read it. */
  async parsedFile(uri: string): Promise<ParsedFile | undefined> {
    const open = this.documents.get(uri);
    if (open) return open.parsed;
    return (await this.analysisFor(uri))?.files.get(uri);
  }

  /** Workspace folders, searched for packages by `allAnalyses`. */
  setRoots(roots: readonly string[]): void {
    this.roots = [...roots];
  }

  /**
   * The analysis of every package in the workspace folders (found by a bounded walk) and of every
   * unit seen so far (for workspace symbols).
   */
  async allAnalyses(): Promise<UnitAnalysis[]> {
    for (const dir of findPackageFolders(this.disk, this.roots)) this.unitOf(pathToUri(path.join(dir, 'x.wit')));
    const out: UnitAnalysis[] = [];
    for (const unit of [...this.units.values()]) {
      const a = await this.analysisForUnit(unit);
      if (a) out.push(a);
    }
    return out;
  }

  dispose(): void {
    this.scheduler.cancelAll();
  }

  // -------------------------------------------------------------------------------------------

  private async analysisForUnit(unit: Unit): Promise<UnitAnalysis | undefined> {
    const stored = this.analyses.get(unit.key);
    if (stored && stored.generation === this.generation(unit.key)) return stored.analysis;
    this.scheduler.cancel(unit.key);
    return this.running.get(unit.key) ?? this.start(unit.key);
  }

  private generation(key: UnitKey): number {
    return this.generations.get(key) ?? 0;
  }

  private invalidate(key: UnitKey): void {
    this.generations.set(key, this.generation(key) + 1);
    this.scheduler.schedule(key);
  }

  /** Invalidates the unit of `uri` and every unit that read it. */
  private touch(uri: string): void {
    const unit = this.unitOf(uri);
    this.invalidate(unit.key);
    const filePath = uriToPath(uri);
    const realPath = filePath === undefined ? undefined : this.disk.realPath(filePath);
    for (const [key, { analysis }] of this.analyses) {
      if (key === unit.key) continue;
      const reads = analysis.files.has(uri) || (realPath !== undefined && analysis.readPaths.has(realPath));
      if (reads) this.invalidate(key);
    }
  }

  private start(key: UnitKey): Promise<UnitAnalysis | undefined> {
    const unit = this.units.get(key);
    if (!unit) return Promise.resolve(undefined);
    const generation = this.generation(key);
    const started = this.timers.now();
    const run = analyseUnit({
      unit,
      openDocuments: this.documents.all(),
      disk: this.disk,
      parser: this.parser,
      settings: this.settings,
      parseCache: this.parseCache,
    }).then(
      (analysis) => {
        if (generation === this.generation(key)) {
          this.analyses.set(key, { generation, analysis });
          this.publishDiagnostics(key, analysis);
          this.events.analysed(key);
          // Published: a change from now on is answered at once, unless analysing this unit is
          // expensive enough that changes coming in quick succession are better coalesced.
          if (this.timers.now() - started < this.debounceMs) this.scheduler.settle(key);
        }
        return analysis;
      },
      (error: unknown) => {
        this.events.log(`Internal error while analysing ${key}: ${describe(error)}`);
        return undefined;
      },
    );
    this.running.set(key, run);
    void run.finally(() => {
      if (this.running.get(key) === run) this.running.delete(key);
    });
    return run;
  }

  private publishDiagnostics(key: UnitKey, analysis: UnitAnalysis): void {
    const before = this.published.get(key) ?? new Set<string>();
    const now = new Set<string>();
    for (const [uri, diagnostics] of analysis.diagnostics) {
      // Files of other units only show up here as dependencies; their own unit publishes them.
      if (!analysis.ownsUri(uri)) continue;
      const open = this.documents.get(uri);
      if (diagnostics.length === 0 && !before.has(uri) && !open) continue;
      const lines = analysis.files.get(uri)?.lines ?? open?.parsed.lines ?? EMPTY;
      this.events.publish(uri, open?.version, diagnostics, lines);
      if (diagnostics.length > 0) now.add(uri);
    }
    for (const uri of before) {
      if (analysis.diagnostics.has(uri)) continue;
      const open = this.documents.get(uri);
      this.events.publish(uri, open?.version, [], open?.parsed.lines ?? EMPTY);
    }
    this.published.set(key, now);
  }
}

/** Folders that are never package folders: tooling output and dependency trees. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'deps', 'target', 'out', 'dist', '.vscode-test']);
const MAX_FOLDERS = 500;
const MAX_DEPTH = 8;

/** Folders under `roots` that directly hold `.wit` files (bounded, so huge trees stay cheap). */
export function findPackageFolders(disk: DiskAccess, roots: readonly string[]): string[] {
  const found: string[] = [];
  let visited = 0;
  const walk = (dir: string, depth: number): void => {
    if (visited >= MAX_FOLDERS || depth > MAX_DEPTH) return;
    visited += 1;
    const entries = disk.readDir(dir) ?? [];
    if (entries.some((e) => e.kind === 'file' && e.name.endsWith('.wit'))) found.push(dir);
    for (const e of entries) {
      if (e.kind === 'directory' && !SKIPPED_FOLDERS.has(e.name) && !e.name.startsWith('.')) walk(path.join(dir, e.name), depth + 1);
    }
  };
  for (const root of roots) walk(root, 0);
  return found;
}

/** Positions for a diagnostic on a file that has no text here (e.g. an ignored `.wasm` dependency). */
const EMPTY = new LineIndex('');

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}
