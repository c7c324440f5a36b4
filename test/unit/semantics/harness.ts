// Test helpers: an in-memory `WitFileSystem`, the real WIT parser, and one `check` entry point
// that returns diagnostics as `line:col-line:col message` strings (1-based) for snapshots.

import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../../server/src/check/checkCommand';
import { loadWitParser, type WitParser } from '../../../server/src/syntax/parser';
import { analyzePath, analyzeSources, type Analysis, type AnalysisHost, type FeatureOptions, type WitFileSystem } from '../../../server/src/semantics/index';

/** Repository root, from out/test/unit/semantics. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

let parserPromise: Promise<WitParser> | undefined;
export function parser(): Promise<WitParser> {
  parserPromise ??= loadWitParser({});
  return parserPromise;
}

/** A file system over a record of path → text; directories are implied by the paths. */
export function memoryFs(files: Readonly<Record<string, string>>): WitFileSystem {
  const norm = (p: string): string => p.replace(/\/+$/, '');
  return {
    async readDir(dir) {
      const prefix = `${norm(dir)}/`;
      const names = new Set<string>();
      for (const p of Object.keys(files)) {
        if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0] as string);
      }
      return [...names];
    },
    async readFile(file) {
      const text = files[file];
      if (text === undefined) throw new Error(`no such file: ${file}`);
      return text;
    },
    async stat(p) {
      if (files[norm(p)] !== undefined) return 'file';
      const prefix = `${norm(p)}/`;
      return Object.keys(files).some((f) => f.startsWith(prefix)) ? 'directory' : undefined;
    },
  };
}

export async function hostFor(fs: WitFileSystem): Promise<AnalysisHost> {
  const p = await parser();
  return { fs, parse: (uri, text) => p.parse(uri, text).ast };
}

/** Analyses one WIT source text as a single-file package. */
export async function analyzeText(text: string, options: FeatureOptions = { features: ['active'] }, uri = '/t/test.wit'): Promise<Analysis> {
  const p = await parser();
  return analyzeSources({ location: uri, files: [p.parse(uri, text).ast] }, [], options);
}

/** Analyses a folder given as path → text, rooted at `/pkg`. */
export async function analyzeFolder(files: Readonly<Record<string, string>>, options: FeatureOptions = { features: ['active'] }): Promise<Analysis> {
  const fs = memoryFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/pkg/${k}`, v])));
  const a = await analyzePath('/pkg', await hostFor(fs), options);
  if (!a) throw new Error('nothing at /pkg');
  return a;
}

/** Converts an offset to 1-based line:col. */
export function lineCol(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) { line += 1; col = 1; } else { col += 1; }
  }
  return `${line}:${col}`;
}

/** Diagnostics as `file line:col-line:col severity message` lines, for snapshot comparison. */
export function render(a: Analysis): string[] {
  return a.diagnostics.map((d) => {
    const text = a.files.get(d.uri)?.uri === d.uri ? textOf(a, d.uri) : '';
    const where = `${lineCol(text, d.span.start)}-${lineCol(text, d.span.end)}`;
    return `${path.basename(d.uri)}:${where} ${d.severity}: ${d.message}`;
  });
}

const texts = new WeakMap<Analysis, Map<string, string>>();
/** Registers source texts so `render` can compute line/column. */
export function withTexts(a: Analysis, byUri: ReadonlyMap<string, string>): Analysis {
  texts.set(a, new Map(byUri));
  return a;
}
function textOf(a: Analysis, uri: string): string {
  return texts.get(a)?.get(uri) ?? '';
}

export const CONFORMANCE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'conformance');

/** The conformance inputs: single `.wit` files and package folders, sorted by name. */
export function conformanceCases(): { name: string; path: string; kind: 'file' | 'folder' }[] {
  return readdirSync(CONFORMANCE_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() || e.name.endsWith('.wit'))
    .map((e) => ({
      name: e.name.replace(/\.wit$/, ''),
      path: path.join(CONFORMANCE_DIR, e.name),
      kind: e.isDirectory() ? 'folder' as const : 'file' as const,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * The one `check` helper of the conformance suite: analyses a file or folder from disk and
 * renders each diagnostic as `FILE:L:C-L:C severity: message` (1-based, paths relative to
 * `base`, newlines in messages shown as `\n`).
 */
export async function checkOnDisk(target: string, base: string, options: FeatureOptions = { features: ['active'] }): Promise<{ analysis: Analysis; lines: string[] }> {
  const texts = new Map<string, string>();
  const analysis = await analyzePath(target, await hostFor(nodeFileSystem(texts)), options);
  if (!analysis) throw new Error(`nothing at ${target}`);
  const lines = analysis.diagnostics.map((d) => {
    const text = texts.get(d.uri) ?? '';
    const rel = path.relative(base, d.uri) || path.basename(d.uri);
    return `${rel}:${lineCol(text, d.span.start)}-${lineCol(text, d.span.end)} ${d.severity}: ${d.message.replace(/\n/g, '\\n')}`;
  });
  return { analysis, lines };
}
