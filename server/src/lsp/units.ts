// Which analysis unit a file belongs to. A unit is what the semantics core analyses at once: a
// package folder (every `.wit` file directly in it) together with the packages in its `deps/`.
// A file inside `deps/` belongs to the unit of the folder that owns that `deps/`, because a
// dependency resolves its own references against its siblings in the same `deps/` (as wit-parser
// does), not on its own.

import * as path from 'node:path';

export type UnitKey = string;

export interface Unit {
  /** The package folder, or for a document without a file path the document's uri. */
  readonly key: UnitKey;
  /** Absolute folder to analyse, or undefined for an in-memory document (e.g. `untitled:`). */
  readonly dir: string | undefined;
  /** The uri of the in-memory document when `dir` is undefined. */
  readonly memoryUri?: string;
}

/** The unit that analyses the file at `filePath` (absolute). */
export function unitForPath(filePath: string): Unit {
  let dir = path.dirname(filePath);
  for (;;) {
    if (path.basename(dir) === 'deps') {
      // `root/deps/single.wit`: a one-file dependency of `root`.
      dir = path.dirname(dir);
    } else if (path.basename(path.dirname(dir)) === 'deps') {
      // `root/deps/name/x.wit`: a folder dependency of `root`.
      dir = path.dirname(path.dirname(dir));
    } else {
      return { key: dir, dir };
    }
  }
}

/** The unit of a document that has no file on disk. */
export function unitForMemoryDocument(uri: string): Unit {
  return { key: uri, dir: undefined, memoryUri: uri };
}

/** True when `filePath` lies inside some `deps/` folder (its names must not be renamed from here). */
export function isInDeps(filePath: string): boolean {
  return filePath.split(/[\\/]/).includes('deps');
}
