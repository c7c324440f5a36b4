// Reading `.wit` files and folders from disk for the analysis of files that are not open. The only
// file-system access of the server. Results are cached until the client reports a change to the
// path (`workspace/didChangeWatchedFiles`) or the file is opened, so typing does not re-read the
// dependencies on every keystroke.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface DirEntry {
  readonly name: string;
  readonly kind: 'file' | 'directory';
}

export interface DiskAccess {
  /** The entries of a folder (symlinks followed), sorted by name; undefined when it cannot be read. */
  readDir(dir: string): readonly DirEntry[] | undefined;
  /** The text of a file; undefined when it cannot be read. */
  readFile(filePath: string): string | undefined;
  /** What is at a path, following symlinks. */
  stat(filePath: string): 'file' | 'directory' | undefined;
  /** The canonical path (symlinks resolved) used to find dependents of a changed file. */
  realPath(filePath: string): string;
  /** Drops cached knowledge of a path (and of its folder's listing). */
  forget(filePath: string | undefined): void;
}

export class NodeDisk implements DiskAccess {
  private readonly files = new Map<string, string | undefined>();
  private readonly dirs = new Map<string, readonly DirEntry[] | undefined>();
  private readonly stats = new Map<string, 'file' | 'directory' | undefined>();
  private readonly reals = new Map<string, string>();

  readDir(dir: string): readonly DirEntry[] | undefined {
    if (this.dirs.has(dir)) return this.dirs.get(dir);
    let entries: DirEntry[] | undefined;
    try {
      entries = [];
      for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
        let kind: 'file' | 'directory' | undefined = d.isDirectory() ? 'directory' : d.isFile() ? 'file' : undefined;
        if (d.isSymbolicLink()) kind = this.stat(path.join(dir, d.name));
        if (kind) entries.push({ name: d.name, kind });
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      entries = undefined;
    }
    this.dirs.set(dir, entries);
    return entries;
  }

  readFile(filePath: string): string | undefined {
    if (this.files.has(filePath)) return this.files.get(filePath);
    let text: string | undefined;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      text = undefined;
    }
    this.files.set(filePath, text);
    return text;
  }

  stat(filePath: string): 'file' | 'directory' | undefined {
    if (this.stats.has(filePath)) return this.stats.get(filePath);
    let kind: 'file' | 'directory' | undefined;
    try {
      const s = fs.statSync(filePath);
      kind = s.isDirectory() ? 'directory' : s.isFile() ? 'file' : undefined;
    } catch {
      kind = undefined;
    }
    this.stats.set(filePath, kind);
    return kind;
  }

  realPath(filePath: string): string {
    const cached = this.reals.get(filePath);
    if (cached !== undefined) return cached;
    let real = filePath;
    try {
      real = fs.realpathSync(filePath);
    } catch {
      real = filePath;
    }
    this.reals.set(filePath, real);
    return real;
  }

  forget(filePath: string | undefined): void {
    if (filePath === undefined) return;
    this.files.delete(filePath);
    this.stats.delete(filePath);
    this.reals.delete(filePath);
    this.dirs.delete(filePath);
    this.dirs.delete(path.dirname(filePath));
    // A symlinked file may be cached under another name; drop those too.
    for (const [p, real] of this.reals) {
      if (real === filePath) {
        this.files.delete(p);
        this.reals.delete(p);
      }
    }
  }
}
