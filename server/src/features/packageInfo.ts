// Which package a file belongs to (for the client's status bar), and workspace symbols.

import type { Span } from '../syntax/ast';
import type { Analysis, DefinitionKind } from '../semantics/model';
import { isPlaceholder } from './lookup';

/** Plain data with no positions, so the server sends it as is (`wasiStudio/packageInfo`). */
export interface PackageInfo {
  /** `ns:name@version`. */
  readonly id: string;
  readonly version?: string;
  /** The files of the package. */
  readonly uris: readonly string[];
  /** Whether the file is part of a dependency (in `deps/`) rather than the package being edited. */
  readonly isDependency: boolean;
  /** Qualified names, e.g. `wasi:io/streams@0.2.0`. */
  readonly interfaces: readonly string[];
  readonly worlds: readonly string[];
}

export function packageInfo(model: Analysis, uri: string): PackageInfo | undefined {
  const pkg = model.packages.find((p) => p.uris.includes(uri));
  if (!pkg) return undefined;
  return {
    id: pkg.id,
    version: pkg.version,
    uris: pkg.uris,
    isDependency: !pkg.isRoot,
    interfaces: pkg.interfaces.filter((i) => i.definition.kind === 'interface').map((i) => i.qualifiedName),
    worlds: pkg.worlds.map((w) => w.qualifiedName),
  };
}

export interface WorkspaceSymbolInfo {
  readonly name: string;
  readonly kind: DefinitionKind;
  /** The container's name, e.g. the interface of a type. */
  readonly containerName?: string;
  readonly uri: string;
  readonly span: Span;
}

const LISTED: ReadonlySet<DefinitionKind> = new Set(['package', 'interface', 'world', 'type', 'resource', 'function', 'method', 'static']);

/**
 * Definitions whose name matches `query` (case-insensitive subsequence, as editors filter), from
 * the packages being edited and their dependencies, each listed once.
 */
export function workspaceSymbols(models: readonly Analysis[], query: string): WorkspaceSymbolInfo[] {
  const q = query.toLowerCase();
  const seen = new Set<string>();
  const out: WorkspaceSymbolInfo[] = [];
  for (const model of models) {
    for (const def of model.definitions) {
      if (!LISTED.has(def.kind) || isPlaceholder(model, def) || !matches(def.name.toLowerCase(), q)) continue;
      const key = `${def.uri}#${def.nameSpan.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: def.name, kind: def.kind, containerName: def.container?.name, uri: def.uri, span: def.nameSpan });
    }
  }
  return out;
}

function matches(name: string, query: string): boolean {
  let i = 0;
  for (const ch of name) if (i < query.length && ch === query[i]) i += 1;
  return i === query.length;
}
