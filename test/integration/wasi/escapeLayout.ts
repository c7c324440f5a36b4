// Plants the escape-suite layout of test/fixtures/wasi/escape-cases.json and snapshots the canary
// and read-only trees so a test can prove they were neither read nor changed. "Read" is detected
// through access times: `backdate` gives every watched entry mtime T and atime T - 1 s (whole
// seconds, so the values are exact), and under `relatime` the first read after that moves the atime
// (under `noatime` reads go unseen; changes are caught either way).
import * as fs from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './helpers';

export interface EscapeCase {
  readonly name: string;
  readonly kind: string;
  readonly calls: readonly string[];
  readonly logged: 'denied' | 'error' | 'none';
}

export interface EscapeSuite {
  readonly layout: { readonly dirs: readonly string[]; readonly files: Readonly<Record<string, string>>; readonly symlinks: Readonly<Record<string, string>> };
  readonly preopens: readonly { readonly host: string; readonly guest: string; readonly readonly: boolean }[];
  readonly canaryArg: string;
  readonly cases: readonly EscapeCase[];
}

export function loadEscapeSuite(): EscapeSuite {
  return JSON.parse(fs.readFileSync(join(FIXTURES, 'escape-cases.json'), 'utf8')) as EscapeSuite;
}

export function plant(root: string, suite: EscapeSuite): void {
  for (const d of suite.layout.dirs) fs.mkdirSync(join(root, d), { recursive: true });
  for (const [f, text] of Object.entries(suite.layout.files)) fs.writeFileSync(join(root, f), text);
  for (const [link, target] of Object.entries(suite.layout.symlinks)) fs.symlinkSync(target.replace('${ROOT}', root), join(root, link));
}

/** Sets mtime T and atime T - 1 s on `dir` and everything below it (links themselves, not targets). */
export function backdate(dir: string, t: number): void {
  const st = fs.lstatSync(dir);
  if (st.isDirectory()) for (const name of fs.readdirSync(dir)) backdate(join(dir, name), t);
  fs.lutimesSync(dir, t - 1, t);
}

/** Entries whose atime moved away from mtime - 1 s: something read them after `backdate`. */
export function readSinceBackdate(entries: readonly EntrySnapshot[]): string[] {
  return entries.filter((e) => BigInt(e.atimeNs) !== BigInt(e.mtimeNs) - 1_000_000_000n).map((e) => e.path);
}

export interface EntrySnapshot {
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'other';
  readonly size: number;
  readonly mtimeNs: string;
  readonly atimeNs: string;
  readonly target?: string;
}

/** Metadata of every entry under `dir` (lstat: links are not followed), without reading any content. */
export function snapshotMeta(dir: string): EntrySnapshot[] {
  const out: EntrySnapshot[] = [];
  const walk = (rel: string): void => {
    const abs = join(dir, rel);
    const st = fs.lstatSync(abs, { bigint: true });
    const type = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other';
    out.push({
      path: rel || '.', type, size: Number(st.size), mtimeNs: st.mtimeNs.toString(), atimeNs: st.atimeNs.toString(),
      ...(type === 'symlink' ? { target: fs.readlinkSync(abs) } : {}),
    });
    if (type === 'dir') for (const name of fs.readdirSync(abs).sort()) walk(rel ? join(rel, name) : name);
  };
  walk('');
  return out;
}

/** File contents under `dir` (reading them moves atimes, so take this after `snapshotMeta`). */
export function snapshotContent(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of snapshotMeta(dir)) if (e.type === 'file') out[e.path] = fs.readFileSync(join(dir, e.path), 'utf8');
  return out;
}
