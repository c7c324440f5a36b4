// Directory listings for fd_readdir: `.` and `..` first (as wasmtime and POSIX readdir give them),
// then the entries with their inode numbers, so wasi-libc need not stat each entry again.
import * as fs from 'node:fs';
import { Filetype } from './defs';
import { hostErrno } from './errors';
import type { DirEntry, DirectoryFd } from './fdKinds';
import { hostPathOf } from './pathResolver';

const DOT = new TextEncoder().encode('.');
const DOTDOT = new TextEncoder().encode('..');

function direntType(d: fs.Dirent<Buffer>): Filetype {
  if (d.isFile()) return Filetype.regularFile;
  if (d.isDirectory()) return Filetype.directory;
  if (d.isSymbolicLink()) return Filetype.symbolicLink;
  if (d.isCharacterDevice()) return Filetype.characterDevice;
  if (d.isBlockDevice()) return Filetype.blockDevice;
  if (d.isSocket()) return Filetype.socketStream;
  return Filetype.unknown;
}

/** A snapshot of the directory, or an errno. The parent of a preopen root is reported as the root itself. */
export function listDirectory(dir: DirectoryFd): DirEntry[] | number {
  try {
    const self = fs.lstatSync(dir.hostPath, { bigint: true });
    const parentPath = dir.components.length === 0 ? dir.hostPath : hostPathOf(dir.root, dir.components.slice(0, -1));
    const parentIno = parentPath === dir.hostPath ? self.ino : fs.lstatSync(parentPath, { bigint: true }).ino;
    const out: DirEntry[] = [
      { name: DOT, ino: self.ino, type: Filetype.directory },
      { name: DOTDOT, ino: parentIno, type: Filetype.directory },
    ];
    const base = dir.hostPath === '/' ? '/' : dir.hostPath + '/';
    for (const d of fs.readdirSync(dir.hostPath, { withFileTypes: true, encoding: 'buffer' })) {
      const name = d.name;
      const st = fs.lstatSync(Buffer.concat([Buffer.from(base), name]), { bigint: true, throwIfNoEntry: false });
      // An entry removed between listing and stat is simply left out.
      if (st === undefined) continue;
      out.push({ name: new Uint8Array(name), ino: st.ino, type: direntType(d) });
    }
    return out;
  } catch (err) {
    return hostErrno(err);
  }
}
