// `wasi-studio check [--features a,b | --all-features] [--format text|json] PATH...`
//
// Checks WIT packages (a folder with its `deps/`) or single `.wit` files with the language
// server's semantics and prints one line per diagnostic, `FILE:LINE:COL: error|warning: MESSAGE`
// (1-based, columns in UTF-16 code units like VS Code), or a JSON document with `--format json`.
// Exit status: 1 when any error was found, 0 otherwise, 2 for usage errors and missing paths.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { analyzePath, type AnalysisHost, type FeatureOptions, type UriDiagnostic, type WitFileSystem } from '../semantics/index';
import { loadWitParser } from '../syntax/parser';

export interface CheckIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

export const CHECK_USAGE = 'usage: wasi-studio check [--features a,b | --all-features] [--format text|json] PATH...';

interface CheckArgs {
  readonly features: FeatureOptions;
  readonly format: 'text' | 'json';
  readonly paths: readonly string[];
}

/** Runs the command; resolves to the process exit status. Never throws on bad input. */
export async function runCheck(argv: string[], io: CheckIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    io.stderr(`wasi-studio check: ${parsed}\n${CHECK_USAGE}\n`);
    return 2;
  }
  if (parsed.paths.length === 0) {
    io.stderr(`wasi-studio check: no PATH given\n${CHECK_USAGE}\n`);
    return 2;
  }
  const absolute = parsed.paths.map((p) => path.resolve(io.cwd, p));
  for (let i = 0; i < absolute.length; i += 1) {
    const kind = await statKind(absolute[i] as string);
    if (kind === undefined) {
      io.stderr(`wasi-studio check: no such file or directory: ${parsed.paths[i]}\n`);
      return 2;
    }
  }

  let parserHost: AnalysisHost;
  const texts = new Map<string, string>();
  try {
    const parser = await loadWitParser();
    parserHost = { fs: nodeFileSystem(texts), parse: (uri, text) => parser.parse(uri, text).ast };
  } catch (e) {
    io.stderr(`wasi-studio check: cannot load the WIT parser: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }

  const diagnostics: UriDiagnostic[] = [];
  for (const [i, p] of absolute.entries()) {
    try {
      const analysis = await analyzePath(p, parserHost, parsed.features);
      if (analysis) diagnostics.push(...analysis.diagnostics);
    } catch (e) {
      // Reading failed (permissions, a file vanishing mid-run): one line, like a missing path.
      io.stderr(`wasi-studio check: cannot read ${parsed.paths[i]}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }

  const rows = diagnostics.map((d) => {
    const text = texts.get(d.uri) ?? '';
    const start = position(text, d.span.start);
    const end = position(text, d.span.end);
    return { file: displayPath(io.cwd, d.uri), line: start.line, column: start.column, endLine: end.line, endColumn: end.column, severity: d.severity, message: d.message, code: d.code };
  });
  const errors = rows.filter((r) => r.severity === 'error').length;
  const warnings = rows.filter((r) => r.severity === 'warning').length;
  if (parsed.format === 'json') {
    io.stdout(`${JSON.stringify({ diagnostics: rows, errors, warnings }, null, 2)}\n`);
  } else {
    for (const r of rows) {
      const severity = r.severity === 'error' ? 'error' : 'warning';
      // Multi-line messages (e.g. the list of known packages) are folded onto the one line.
      io.stdout(`${r.file}:${r.line}:${r.column}: ${severity}: ${r.message.replace(/\s*\n\s*/g, ' ')}\n`);
    }
  }
  return errors > 0 ? 1 : 0;
}

function parseArgs(argv: readonly string[]): CheckArgs | string {
  let features: FeatureOptions = {};
  let format: 'text' | 'json' = 'text';
  let sawFeatures = false;
  let sawAll = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const valueOf = (name: string): string | undefined => {
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      i += 1;
      return argv[i];
    };
    if (arg === '--all-features') {
      sawAll = true;
      features = { allFeatures: true };
    } else if (arg === '--features' || arg.startsWith('--features=')) {
      const v = valueOf('--features');
      if (v === undefined) return '--features needs a comma-separated list';
      sawFeatures = true;
      features = { features: v.split(',').map((s) => s.trim()).filter((s) => s.length > 0) };
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const v = valueOf('--format');
      if (v !== 'text' && v !== 'json') return `unknown format '${v ?? ''}' (expected text or json)`;
      format = v;
    } else if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option '${arg}'`;
    } else {
      paths.push(arg);
    }
  }
  if (sawAll && sawFeatures) return '--features and --all-features cannot be combined';
  return { features, format, paths };
}

async function statKind(p: string): Promise<'file' | 'directory' | undefined> {
  try {
    const s = await fsp.stat(p);
    return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node's file system as a `WitFileSystem`; remembers every text it reads for line/column.
 * Exported so the semantics tests read folders exactly as the CLI does.
 */
export function nodeFileSystem(texts: Map<string, string>): WitFileSystem {
  return {
    readDir: async (dir) => fsp.readdir(dir),
    readFile: async (file) => {
      const text = await fsp.readFile(file, 'utf8');
      texts.set(file, text);
      return text;
    },
    stat: statKind,
  };
}

function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** 1-based line and UTF-16 column of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
