// File URIs and paths. The client's uri strings are kept as sent (VS Code and Node encode a few
// characters differently), so a file that is open is always reported under the client's uri.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The absolute path of a `file:` uri, or undefined for other schemes (e.g. `untitled:`). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
