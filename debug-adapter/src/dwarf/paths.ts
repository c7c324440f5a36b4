// Maps DWARF source paths to local files: path substitutions first (like js-debug's
// `sourceMapPathOverrides`), then relative paths against a base directory. Whether a file exists is
// asked through an injected function, so this stays free of IO.

import { posix, win32 } from 'node:path';

export interface PathMappingOptions {
  /** Directory that relative DWARF paths (relative compilation directories) are resolved against. */
  readonly baseDir: string;
  /** Further directories to try for relative paths when the file is not below `baseDir`, in order. */
  readonly searchDirs?: readonly string[];
  /** Prefix substitutions, DWARF prefix → local prefix; a trailing `*` on both sides is allowed. */
  readonly overrides: Readonly<Record<string, string>>;
  readonly exists: (localPath: string) => boolean;
}

export interface MappedSource {
  /** The local path (absolute when the mapping found one), or the DWARF path when unmapped. */
  readonly path: string;
  /** False for files that are not on this machine (e.g. wasi-libc sources): "source not available". */
  readonly available: boolean;
}

/** Maps one DWARF path to a local file. */
export function mapSourcePath(dwarfPath: string, options: PathMappingOptions): MappedSource {
  const substituted = applyOverrides(dwarfPath, options.overrides);
  const candidates: string[] = [];
  if (substituted !== undefined) candidates.push(substituted);
  if (isAbsolute(dwarfPath)) candidates.push(dwarfPath);
  else for (const dir of [options.baseDir, ...(options.searchDirs ?? [])]) candidates.push(joinLocal(dir, dwarfPath));
  for (const c of candidates) {
    const p = normaliseLocal(c);
    if (options.exists(p)) return { path: p, available: true };
  }
  return { path: normaliseLocal(candidates[0]), available: false };
}

/** Applies the longest matching override prefix; undefined when none matches. */
export function applyOverrides(dwarfPath: string, overrides: Readonly<Record<string, string>>): string | undefined {
  const keys = Object.keys(overrides).sort((a, b) => b.length - a.length);
  for (const key of keys) {
    const from = key.endsWith('*') ? key.slice(0, -1) : key;
    const value = overrides[key];
    const to = value.endsWith('*') ? value.slice(0, -1) : value;
    if (from !== '' && dwarfPath.startsWith(from)) return to + dwarfPath.slice(from.length);
  }
  return undefined;
}

/** Compares two local paths the way the file system does (case-insensitively on Windows). */
export function samePath(a: string, b: string): boolean {
  const na = normaliseLocal(a);
  const nb = normaliseLocal(b);
  return isWindowsPath(na) ? na.toLowerCase() === nb.toLowerCase() : na === nb;
}

function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p);
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || isWindowsPath(p);
}

function joinLocal(base: string, rel: string): string {
  return isWindowsPath(base) ? win32.join(base, rel) : posix.join(base, rel);
}

function normaliseLocal(p: string): string {
  return isWindowsPath(p) ? win32.normalize(p) : posix.normalize(p);
}
