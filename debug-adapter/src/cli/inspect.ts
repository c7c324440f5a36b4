// `wasi-studio inspect [--json] MODULE.wasm`: what a module asks for (imports grouped into the
// capabilities they imply), what it offers (exports), its memory, custom sections, DWARF and the
// source files of its line table; for a component, its import and export names.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifyImports } from './capabilities';
import { readComponentNames, type ComponentItem } from './component';
import { CliError } from './exitCodes';
import { loadModule, type LoadedModule } from './moduleFile';
import type * as SourceLines from './sourceLines';

export const INSPECT_USAGE = 'usage: wasi-studio inspect [--json] MODULE.wasm';

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
}

interface MemoryReport { readonly min: number; readonly max?: number; readonly shared: boolean; readonly memory64: boolean; readonly imported: boolean }

export interface CoreReport {
  readonly path: string;
  readonly kind: 'core module';
  readonly size: number;
  readonly capabilities: Readonly<Record<string, readonly string[]>>;
  readonly unknownImports: readonly string[];
  readonly mismatchedImports: readonly string[];
  readonly imports: readonly { readonly module: string; readonly name: string; readonly kind: string }[];
  readonly exports: readonly { readonly name: string; readonly kind: string }[];
  readonly memories: readonly MemoryReport[];
  readonly customSections: readonly { readonly name: string; readonly size: number }[];
  readonly dwarf: { readonly present: boolean; readonly sourceFiles: readonly { readonly path: string; readonly available: boolean }[] };
  readonly runnable: boolean;
}

export interface ComponentReport {
  readonly path: string;
  readonly kind: 'component';
  readonly size: number;
  readonly imports: readonly ComponentItem[];
  readonly exports: readonly ComponentItem[];
  readonly note: string;
}

export const COMPONENT_NOTE = 'components are not run by this host yet (it runs core WASI preview1 modules)';

export function runInspect(argv: readonly string[], io: CliIo): number {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  const bad = rest.find((a) => a.startsWith('-'));
  if (bad !== undefined) throw new CliError('usage', `unknown flag ${bad}\n${INSPECT_USAGE}`);
  if (rest.length !== 1) throw new CliError('usage', `${rest.length === 0 ? 'missing MODULE.wasm' : 'expected one MODULE.wasm'}\n${INSPECT_USAGE}`);
  const loaded = loadModule(resolve(io.cwd, rest[0]));
  const report = loaded.info.isComponent ? componentReport(rest[0], loaded) : coreReport(rest[0], loaded, io.cwd);
  io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return 0;
}

export function coreReport(path: string, loaded: LoadedModule, cwd: string): CoreReport {
  const { info, bytes } = loaded;
  const classified = classifyImports(info.imports);
  const memories: MemoryReport[] = [];
  for (const imp of info.imports) if (imp.kind === 'memory') memories.push({ ...limitsOf(imp.limits), imported: true });
  for (const m of info.memories) memories.push({ ...limitsOf(m), imported: false });
  // The DWARF reader is a bundle of its own (sourceLines.ts), which `run` does not load.
  const dwarfFiles = info.hasDwarf ? (require('./sourceLines') as typeof SourceLines).dwarfSourceFiles(bytes, info) : [];
  return {
    path,
    kind: 'core module',
    size: bytes.length,
    capabilities: Object.fromEntries(classified.capabilities),
    unknownImports: classified.unknown,
    mismatchedImports: classified.mismatched,
    imports: info.imports.map((i) => ({ module: i.module, name: i.name, kind: i.kind })),
    exports: info.exports.map((e) => ({ name: e.name, kind: e.kind })),
    memories,
    customSections: info.customSections.map((c) => ({ name: c.name, size: c.dataSize })),
    dwarf: {
      present: info.hasDwarf,
      sourceFiles: dwarfFiles.map((file) => ({ path: file, available: existsSync(resolve(cwd, file)) })),
    },
    runnable: classified.unknown.length === 0 && classified.mismatched.length === 0 && info.exports.some((e) => e.name === '_start' && e.kind === 'func'),
  };
}

function componentReport(path: string, loaded: LoadedModule): ComponentReport {
  const names = readComponentNames(loaded.bytes);
  if ('error' in names) throw new CliError('invalidModule', `${path} is a component whose import/export sections cannot be read: ${names.error}`);
  return { path, kind: 'component', size: loaded.bytes.length, imports: names.imports, exports: names.exports, note: COMPONENT_NOTE };
}

function limitsOf(l: { min: number; max?: number; shared: boolean; memory64: boolean }): Omit<MemoryReport, 'imported'> {
  return { min: l.min, ...(l.max !== undefined ? { max: l.max } : {}), shared: l.shared, memory64: l.memory64 };
}

const PAGE = 65536;

function size(pages: number): string {
  const bytes = pages * PAGE;
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(bytes % (1 << 20) === 0 ? 0 : 1)} MiB` : `${bytes / 1024} KiB`;
}

export function formatReport(r: CoreReport | ComponentReport): string {
  const out: string[] = [`${r.path}: ${r.kind}, ${r.size} bytes`];
  if (r.kind === 'component') {
    out.push(`note: ${r.note}`);
    out.push(`imports (${r.imports.length}):`, ...r.imports.map((i) => `  ${i.name} (${i.kind})`));
    out.push(`exports (${r.exports.length}):`, ...r.exports.map((e) => `  ${e.name} (${e.kind})`));
    return out.join('\n') + '\n';
  }
  const groups = Object.entries(r.capabilities);
  out.push(`capabilities implied by imports${groups.length === 0 ? ': none' : ':'}`);
  for (const [group, fns] of groups) out.push(`  ${group}: ${fns.join(', ')}`);
  if (r.unknownImports.length > 0) out.push(`unknown imports (not provided by this host): ${r.unknownImports.join(', ')}`);
  if (r.mismatchedImports.length > 0) out.push(`imports with the wrong signature: ${r.mismatchedImports.join('; ')}`);
  out.push(`exports (${r.exports.length}): ${r.exports.map((e) => `${e.name} (${e.kind})`).join(', ')}`);
  if (r.memories.length === 0) out.push('memory: none');
  for (const m of r.memories) {
    const max = m.max === undefined ? 'no maximum' : `max ${m.max} pages (${size(m.max)})`;
    out.push(`memory${m.imported ? ' (imported)' : ''}: min ${m.min} pages (${size(m.min)}), ${max}${m.shared ? ', shared' : ''}${m.memory64 ? ', 64-bit' : ''}`);
  }
  out.push(`custom sections: ${r.customSections.length === 0 ? 'none' : r.customSections.map((c) => `${c.name} (${c.size} bytes)`).join(', ')}`);
  if (!r.dwarf.present) {
    out.push('DWARF: no');
  } else {
    const files = r.dwarf.sourceFiles;
    const here = files.filter((f) => f.available);
    out.push(`DWARF: yes, ${files.length} source files in the line table (${here.length} available here)`);
    for (const f of files) out.push(`  ${f.path}${f.available ? '' : ' (source not available)'}`);
  }
  out.push(`runnable by this host: ${r.runnable ? 'yes' : 'no'}`);
  return out.join('\n') + '\n';
}
