// The semantics API: packages, `deps/` discovery, name resolution, validation and world
// elaboration with wit-parser's rules and messages, reporting every problem it finds.
//
// Pure: no IO of its own. Reading folders goes through a `WitFileSystem` the caller passes in,
// and parsing through a `ParseWit` function (the syntax helper's `WitParser.parse` wrapped), so
// the LSP server, the CLI and the tests share this code.
//
// Locations are plain strings: file paths (`/a/b/x.wit`) or URIs (`file:///a/b/x.wit`), whatever
// the caller uses. A folder's children are `${folder}/${name}`; diagnostics and definitions carry
// the same strings as `uri`.
//
// Bad WIT never throws: it becomes diagnostics. The async entry points reject only when the
// injected file system does (e.g. a file that cannot be read); callers decide how to report that.
//
// Typical use:
//   const analysis = await analyzePath('/proj/wit', { fs, parse }, { features: ['active'] });
//   analysis.diagnostics            // every problem, in wit-parser's order (first = its error)
//   analysis.references             // every use of a name → its `target` definition
//   definitionAt(analysis, uri, offset), referencesTo(analysis, def)

import type { SourceFile } from '../syntax/ast';
import { AnalysisContext } from './context';
import { joinPackages } from './join';
import { resolveLocal, type TypeRefMap } from './local';
import type { Analysis, Definition, FeatureOptions, InterfaceModel, PackageModel, Reference, UriDiagnostic, WorldItemModel, WorldModel } from './model';
import { groupPackages } from './packages';
import type { IfaceState, PkgUnitState, WorldEntry, WorldState } from './state';
import { qualifiedIfaceName } from './worlds';

export type * from './model';

/** The file-system access semantics needs. Paths are the caller's location strings. */
export interface WitFileSystem {
  /** Names (not paths) of the entries of a directory. */
  readDir(dir: string): Promise<readonly string[]>;
  readFile(file: string): Promise<string>;
  /** `undefined` when nothing exists at `path`. */
  stat(path: string): Promise<'file' | 'directory' | undefined>;
}

/** Parses one file; wrap the syntax helper's `WitParser.parse(uri, text).ast`. */
export type ParseWit = (uri: string, text: string) => SourceFile;

export interface AnalysisHost {
  readonly fs: WitFileSystem;
  readonly parse: ParseWit;
}

/** The parsed files found at one location: a package folder, or a single `.wit` file. */
export interface SourceGroup {
  /** The folder (or the single file) the files came from. */
  readonly location: string;
  readonly files: readonly SourceFile[];
}

/**
 * Resolves a root package against its dependencies. Pure and synchronous.
 * `deps` are the groups found in the root's `deps/` folder, in any order.
 * `extraDiagnostics` (e.g. from `loadDeps`) are placed after the root's own.
 */
export function analyzeSources(root: SourceGroup, deps: readonly SourceGroup[], options: FeatureOptions = {}, extraDiagnostics: readonly UriDiagnostic[] = []): Analysis {
  const features = options.allFeatures ? undefined : new Set(options.features ?? []);
  const ctx = new AnalysisContext(features);
  const typeRefs: TypeRefMap = new Map();
  const files = new Map<string, SourceFile>();
  const states: PkgUnitState[] = [];
  const rootStates: PkgUnitState[] = [];

  const process = (group: SourceGroup, isRoot: boolean): void => {
    const sorted = [...group.files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    for (const f of sorted) files.set(f.uri, f);
    for (const unit of groupPackages(ctx, sorted, group.location, isRoot)) {
      const state = resolveLocal(ctx, unit, typeRefs);
      states.push(state);
      if (isRoot) rootStates.push(state);
    }
  };
  process(root, true);
  ctx.diagnostics.push(...extraDiagnostics);
  const sortedDeps = [...deps].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  for (const d of sortedDeps) process(d, false);

  // wit-parser detects a package defined twice in this order: the root's nested packages and
  // main package, then each dependency's.
  const joined = joinPackages(ctx, states, typeRefs);
  // The model lists dependencies first and the root's main package last.
  const mainRoot = rootStates[rootStates.length - 1];
  const models = [...joined.filter((p) => p !== mainRoot), ...joined.filter((p) => p === mainRoot)];
  return {
    packages: models.map((p) => packageModel(p)),
    definitions: ctx.placeholderDefs.size === 0 ? ctx.definitions : ctx.definitions.filter((d) => !ctx.placeholderDefs.has(d)),
    references: ctx.references,
    diagnostics: ctx.diagnostics,
    files,
  };
}

/** Reads and parses the packages in `${dir}/deps`: sub-folders and single `.wit` files. */
export async function loadDeps(dir: string, host: AnalysisHost): Promise<{ groups: SourceGroup[]; diagnostics: UriDiagnostic[] }> {
  const depsDir = `${dir}/deps`;
  const groups: SourceGroup[] = [];
  const diagnostics: UriDiagnostic[] = [];
  if ((await host.fs.stat(depsDir)) !== 'directory') return { groups, diagnostics };
  const names = [...(await host.fs.readDir(depsDir))].sort();
  for (const name of names) {
    const path = `${depsDir}/${name}`;
    const kind = await host.fs.stat(path);
    if (kind === 'directory') {
      groups.push({ location: path, files: await readWitFolder(path, host) });
    } else if (kind === 'file' && name.endsWith('.wit')) {
      groups.push({ location: path, files: [host.parse(path, await host.fs.readFile(path))] });
    } else if (kind === 'file' && (name.endsWith('.wasm') || name.endsWith('.wat'))) {
      diagnostics.push({
        uri: path, span: { start: 0, end: 0 }, severity: 'warning', code: 'encoded-package-unsupported',
        message: `binary-encoded WIT packages are not supported: \`${name}\` is ignored; add its WIT text under deps/ instead`,
      });
    }
  }
  return { groups, diagnostics };
}

/** Parses every `.wit` file directly inside a folder (not recursive), sorted by name. */
export async function readWitFolder(dir: string, host: AnalysisHost): Promise<SourceFile[]> {
  const names = [...(await host.fs.readDir(dir))].filter((n) => n.endsWith('.wit')).sort();
  const out: SourceFile[] = [];
  for (const name of names) {
    const path = `${dir}/${name}`;
    if ((await host.fs.stat(path)) !== 'file') continue;
    out.push(host.parse(path, await host.fs.readFile(path)));
  }
  return out;
}

/**
 * Analyses a root package whose files the caller already parsed (e.g. open editor buffers),
 * reading its dependencies from `${dir}/deps` when `dir` is given.
 */
export async function analyzePackage(files: readonly SourceFile[], dir: string | undefined, host: AnalysisHost, options: FeatureOptions = {}): Promise<Analysis> {
  const deps = dir === undefined ? { groups: [], diagnostics: [] } : await loadDeps(dir, host);
  return analyzeSources({ location: dir ?? files[0]?.uri ?? '', files }, deps.groups, options, deps.diagnostics);
}

/**
 * Analyses what is at `path`: a package folder (its `.wit` files plus `deps/`), or a single
 * `.wit` file (on its own, like wit-parser). Returns undefined when nothing exists at `path`.
 */
export async function analyzePath(path: string, host: AnalysisHost, options: FeatureOptions = {}): Promise<Analysis | undefined> {
  const kind = await host.fs.stat(path);
  if (kind === 'directory') return analyzePackage(await readWitFolder(path, host), path, host, options);
  if (kind === 'file') return analyzePackage([host.parse(path, await host.fs.readFile(path))], undefined, host, options);
  return undefined;
}

/** The definition whose name, or the reference whose name, covers `offset` in `uri`. */
export function definitionAt(analysis: Analysis, uri: string, offset: number): Definition | undefined {
  for (const r of analysis.references) {
    if (r.uri === uri && r.span.start <= offset && offset <= r.span.end) return r.target;
  }
  for (const d of analysis.definitions) {
    if (d.uri === uri && d.nameSpan.start <= offset && offset <= d.nameSpan.end) return d;
  }
  return undefined;
}

/** Every reference that resolves to `def`. */
export function referencesTo(analysis: Analysis, def: Definition): Reference[] {
  return analysis.references.filter((r) => r.target === def);
}

/** Diagnostics grouped by uri, each list in reporting order. */
export function diagnosticsByUri(analysis: Analysis): Map<string, UriDiagnostic[]> {
  const out = new Map<string, UriDiagnostic[]>();
  for (const uri of analysis.files.keys()) out.set(uri, []);
  for (const d of analysis.diagnostics) {
    const list = out.get(d.uri) ?? [];
    list.push(d);
    out.set(d.uri, list);
  }
  return out;
}

/** The first error, as wit-parser would report it (undefined when the package is valid). */
export function firstError(analysis: Analysis): UriDiagnostic | undefined {
  return analysis.diagnostics.find((d) => d.severity === 'error');
}

// ---------------------------------------------------------------------------------------------
// Building the public model from the resolution state

function packageModel(p: PkgUnitState): PackageModel {
  const n = p.unit.name;
  return {
    id: n.key, namespace: n.namespace, name: n.name, version: n.version, definition: p.def,
    uris: p.unit.files.map((f) => f.uri), isRoot: p.unit.isRoot,
    interfaces: p.interfaces.map(interfaceModel),
    worlds: p.worlds.map(worldModel),
  };
}

function interfaceModel(i: IfaceState): InterfaceModel {
  return {
    definition: i.def ?? i.pkg.def, qualifiedName: qualifiedIfaceName(i),
    types: i.types.map((t) => t.def), functions: i.functions.map((f) => f.def),
  };
}

function worldModel(w: WorldState): WorldModel {
  const p = w.pkg.unit.name;
  const entry = (e: WorldEntry): WorldItemModel => ({
    key: e.key, kind: e.kind, direction: e.direction,
    target: e.iface ? (e.iface.binding ?? e.iface).def : e.func?.def ?? e.type?.def,
    origin: e.origin, implied: e.implied,
  });
  return {
    definition: w.def ?? w.pkg.def,
    qualifiedName: `${p.namespace}:${p.name}/${w.name}${p.version ? `@${p.version}` : ''}`,
    imports: w.imports.map(entry), exports: w.exports.map(entry),
  };
}
