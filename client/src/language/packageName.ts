// Finds the package a WIT file declares, without the language server: the status bar falls back to
// this when the server has not answered (still starting, or crashed). Pure; no `vscode` import.

/**
 * Returns the package id from the file's `package ns:name@version;` declaration, or undefined when
 * the file has none. Comments are skipped so a commented-out declaration is not reported.
 */
export function findPackageName(text: string): string | undefined {
  const code = stripComments(text);
  const match = /(?:^|[;\s{}])package\s+([A-Za-z0-9_%-]+(?:\s*:\s*[A-Za-z0-9_%-]+)+(?:\s*\/\s*[A-Za-z0-9_%-]+)*(?:\s*@\s*[0-9A-Za-z.+-]+)?)\s*[;{]/.exec(code);
  if (!match || match[1] === undefined) return undefined;
  return match[1].replace(/\s+/g, '');
}

/** Replaces `//` and `/* *\/` comments (WIT block comments nest) with spaces, keeping offsets. */
function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (text.startsWith('/*', i)) {
      let depth = 0;
      const start = i;
      while (i < text.length) {
        if (text.startsWith('/*', i)) { depth += 1; i += 2; }
        else if (text.startsWith('*/', i)) { depth -= 1; i += 2; if (depth === 0) break; }
        else i += 1;
      }
      out += text.slice(start, i).replace(/[^\n]/g, ' ');
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}
