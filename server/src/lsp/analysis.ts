// One analysis of one unit through the semantics core: the unit's own files (open documents take
// precedence over disk), its `deps/` read through the cached disk, the resolved model, and the
// diagnostics of each file. The semantics core does no IO; this module hands it a file system
// backed by `DiskAccess` plus the open documents, and a parse function that reuses parses.

import * as path from 'node:path';
import type { Diagnostic, SourceFile } from '../syntax/ast';
import type { ParsedFile, WitParser } from '../syntax/parser';
import { analyzePackage, type Analysis, type AnalysisHost, type WitFileSystem } from '../semantics/index';
import { unusedUseHints } from '../features/unusedUses';
import type { DiskAccess } from './disk';
import type { OpenDocument } from './documents';
import type { WitSettings } from './settings';
import { unitForPath, type Unit } from './units';
import { pathToUri, uriToPath } from './uris';

export interface UnitSources {
  readonly unit: Unit;
  readonly openDocuments: readonly OpenDocument[];
  readonly disk: DiskAccess;
  readonly parser: WitParser;
  readonly settings: WitSettings;
  /** Parses of files that are not open, by uri, reused while their text is unchanged; owned by the caller. */
  readonly parseCache: Map<string, ParsedFile>;
}

export interface UnitAnalysis {
  readonly unit: Unit;
  /** The resolved model of the unit's package and its dependencies. */
  readonly model: Analysis;
  /** Every file that took part (the package's own files and its dependencies), by uri. */
  readonly files: ReadonlyMap<string, ParsedFile>;
  /** The uris of the package's own files (not its dependencies). */
  readonly rootUris: readonly string[];
  readonly diagnostics: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Canonical paths of every file read from disk, to find the units that depend on a file. */
  readonly readPaths: ReadonlySet<string>;
  /** Whether `uri` belongs to this unit (rather than to another unit it depends on). */
  ownsUri(uri: string): boolean;
}

export async function analyseUnit(sources: UnitSources): Promise<UnitAnalysis> {
  const reader = new UnitReader(sources);
  const { unit } = sources;
  const options = { features: sources.settings.features, allFeatures: sources.settings.allFeatures };
  let rootFiles: SourceFile[];
  if (unit.dir === undefined) {
    const doc = sources.openDocuments.find((d) => d.uri === unit.memoryUri);
    rootFiles = doc ? [reader.remember(doc.parsed)] : [];
  } else {
    rootFiles = reader.witFilesIn(unit.dir).map((p) => reader.fileAt(p)).filter((f): f is SourceFile => f !== undefined);
  }
  const model = await analyzePackage(rootFiles, unit.dir, reader.host, options);

  const diagnostics = new Map<string, Diagnostic[]>();
  for (const uri of reader.files.keys()) diagnostics.set(uri, []);
  for (const d of model.diagnostics) {
    const uri = reader.toUri(d.uri);
    const list = diagnostics.get(uri) ?? [];
    list.push(d);
    diagnostics.set(uri, list);
  }
  // Hints of our own (wit-parser accepts these), for the package's own files only.
  for (const [uri, hints] of unusedUseHints(model, new Set(rootFiles.map((f) => f.uri)))) {
    diagnostics.set(uri, [...(diagnostics.get(uri) ?? []), ...hints]);
  }
  const unitKey = unit.key;
  return {
    unit,
    model,
    files: reader.files,
    rootUris: rootFiles.map((f) => f.uri),
    diagnostics,
    readPaths: reader.readPaths,
    ownsUri: (uri) => {
      const p = uriToPath(uri);
      return p === undefined ? uri === unitKey : unitForPath(p).key === unitKey;
    },
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Reads one unit. Semantics addresses files by location strings; here those are file paths,
 * and every parsed file gets the uri the client knows it by (its own uri when it is open).
 */
class UnitReader {
  readonly files = new Map<string, ParsedFile>();
  readonly readPaths = new Set<string>();
  readonly host: AnalysisHost;
  private readonly openByPath = new Map<string, OpenDocument>();

  constructor(private readonly sources: UnitSources) {
    for (const doc of sources.openDocuments) {
      const p = uriToPath(doc.uri);
      if (p !== undefined) this.openByPath.set(p, doc);
    }
    const fs: WitFileSystem = {
      readDir: (dir) => Promise.resolve(this.namesIn(dir)),
      readFile: (file) => {
        const text = this.textOf(file);
        return text === undefined ? Promise.reject(new Error(`cannot read ${file}`)) : Promise.resolve(text);
      },
      stat: (p) => Promise.resolve(this.openByPath.has(p) ? 'file' : sources.disk.stat(p)),
    };
    this.host = { fs, parse: (location, text) => this.parse(location, text).ast };
  }

  /** The `.wit` files directly in `dir`, including open documents not yet saved there. */
  witFilesIn(dir: string): string[] {
    return this.namesIn(dir).filter((n) => n.endsWith('.wit')).map((n) => path.join(dir, n))
      .filter((p) => this.openByPath.has(p) || this.sources.disk.stat(p) === 'file');
  }

  fileAt(filePath: string): SourceFile | undefined {
    const text = this.textOf(filePath);
    return text === undefined ? undefined : this.parse(filePath, text).ast;
  }

  remember(parsed: ParsedFile): SourceFile {
    this.files.set(parsed.uri, parsed);
    return parsed.ast;
  }

  /** The uri for a location string semantics reports (a path), or the string itself when it is a uri. */
  toUri(location: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !path.isAbsolute(location)) return location;
    return this.openByPath.get(location)?.uri ?? pathToUri(location);
  }

  private namesIn(dir: string): string[] {
    const names = new Set<string>();
    for (const e of this.sources.disk.readDir(dir) ?? []) names.add(e.name);
    for (const p of this.openByPath.keys()) if (path.dirname(p) === dir) names.add(path.basename(p));
    return [...names].sort();
  }

  private textOf(filePath: string): string | undefined {
    const open = this.openByPath.get(filePath);
    if (open) return open.parsed.text;
    const text = this.sources.disk.readFile(filePath);
    if (text !== undefined) this.readPaths.add(this.sources.disk.realPath(filePath));
    return text;
  }

  private parse(location: string, text: string): ParsedFile {
    const open = this.openByPath.get(location);
    if (open && open.parsed.text === text) {
      this.remember(open.parsed);
      return open.parsed;
    }
    const uri = this.toUri(location);
    let parsed = this.sources.parseCache.get(uri);
    if (!parsed || parsed.text !== text) {
      parsed = this.sources.parser.parse(uri, text);
      this.sources.parseCache.set(uri, parsed);
    }
    this.remember(parsed);
    return parsed;
  }
}
