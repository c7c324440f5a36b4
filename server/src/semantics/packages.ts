// Turning the parsed files of one location (a folder or a single file) into packages: the
// `package` header rules and nested `package a:b { … }` blocks.

import type { SourceFile, Span } from '../syntax/ast';
import type { AnalysisContext } from './context';
import type { FileUnit, PackageUnit } from './state';
import { pkgNameOf } from './state';

const NO_SPAN: Span = { start: 0, end: 0 };

/**
 * Groups the files found at one location, reporting each file's syntax diagnostics followed by
 * its `package` header problems, file by file as wit-parser does. Nested packages come first (wit-parser resolves them
 * before the file's own package), then the location's main package. A main package without a
 * header is reported and still returned under an empty name so its names can be resolved.
 */
export function groupPackages(ctx: AnalysisContext, files: readonly SourceFile[], location: string, isRoot: boolean): PackageUnit[] {
  const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const out: PackageUnit[] = [];
  let header: { key: string; unit: Omit<PackageUnit, 'files'> } | undefined;
  let docsSeen = false;
  const mainFiles: FileUnit[] = [];
  for (const file of sorted) {
    // wit-parser reads a folder file by file: each file's syntax errors, then its header checks.
    for (const d of file.diagnostics) ctx.diagnostics.push({ ...d, uri: file.uri });
    if (file.diagnostics.some((d) => d.severity === 'error')) ctx.brokenUris.add(file.uri);
    const decl = file.packageDecl;
    if (decl) {
      const name = pkgNameOf(decl.name);
      if (header && header.key !== name.key) {
        ctx.error(file.uri, decl.name.span, `package identifier \`${name.key}\` does not match previous package name of \`${header.key}\``, 'package-mismatch');
      } else if (!header) {
        header = { key: name.key, unit: { name, nameSpan: decl.name.span, nameUri: file.uri, docs: decl.docs, isRoot, location } };
      }
      if (decl.docs) {
        if (docsSeen) ctx.error(file.uri, decl.docs.span, "found doc comments on multiple 'package' items", 'package-docs');
        docsSeen = true;
        if (header && !header.unit.docs) header.unit = { ...header.unit, docs: decl.docs };
      }
    }
    const items: FileUnit['items'][number][] = [];
    for (const item of file.items) {
      if (item.kind === 'package') {
        // "cannot place attributes on nested packages" is a syntax diagnostic (syntax/).
        out.push({
          name: pkgNameOf(item.name), nameSpan: item.name.span, nameUri: file.uri, docs: item.docs, isRoot, location,
          files: [{ uri: file.uri, items: item.items }],
        });
      } else {
        items.push(item);
      }
    }
    mainFiles.push({ uri: file.uri, items });
  }
  if (header) {
    out.push({ ...header.unit, files: mainFiles });
  } else {
    // Reported when this unit is resolved: wit-parser resolves nested packages first.
    // wit-parser gives no location; point at the first item's name so the editor has a place.
    const first = mainFiles.find((f) => f.items.length > 0);
    const item = first?.items[0];
    const span = item ? (item.kind === 'top-level-use' ? item.path.name.span : item.name.span) : NO_SPAN;
    const uri = first?.uri ?? sorted[0]?.uri ?? location;
    out.push({
      name: { namespace: '', name: '', key: '' }, nameSpan: span, nameUri: uri, isRoot, location, files: mainFiles,
      missingHeader: true,
    });
  }
  return out;
}
