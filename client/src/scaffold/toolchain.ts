// Finds a toolchain for each template, or says exactly what to install. Pure: the file system and
// PATH are reached only through the injected Probe, so tests describe machines as data.

export interface Probe {
  /** True when an executable of this name is on PATH (or the absolute path exists). */
  commandExists(name: string): boolean;
  fileExists(path: string): boolean;
  /** Entries of a directory; empty when it does not exist. */
  listDir(path: string): string[];
  /** `rustup target list --installed`, or undefined when rustup is not installed. */
  rustupTargets(): string[] | undefined;
}

export interface CToolchain {
  /** The compiler executable. */
  readonly compiler: string;
  /** Flags that select the wasm32-wasi target and its sysroot. */
  readonly targetArgs: readonly string[];
  /** Human description, e.g. "Debian clang-14 with wasi-libc". */
  readonly description: string;
}

export type ToolchainCheck<T> = { readonly ok: true; readonly toolchain: T } | { readonly ok: false; readonly problem: string; readonly install: readonly string[] };

/** Versions of Debian's clang packages worth trying, newest first. */
const DEBIAN_CLANG_VERSIONS = [19, 18, 17, 16, 15, 14];
const DEBIAN_LIBC = '/usr/lib/wasm32-wasi/libc.a';

/** The Debian/Ubuntu route: clang-N with wasi-libc in /usr and the wasm32 compiler-rt builtins. */
export function findCToolchain(probe: Probe, env: { readonly WASI_SDK_PATH?: string }): ToolchainCheck<CToolchain> {
  for (const sdk of [env.WASI_SDK_PATH, '/opt/wasi-sdk'].filter((s): s is string => !!s)) {
    const clang = `${sdk}/bin/clang`;
    if (probe.fileExists(clang) && probe.fileExists(`${sdk}/share/wasi-sysroot/lib/wasm32-wasi/libc.a`)) {
      return { ok: true, toolchain: { compiler: clang, targetArgs: ['--target=wasm32-wasi', `--sysroot=${sdk}/share/wasi-sysroot`], description: `wasi-sdk in ${sdk}` } };
    }
  }
  const hasLibc = probe.fileExists(DEBIAN_LIBC);
  let partial: number | undefined;
  for (const v of DEBIAN_CLANG_VERSIONS) {
    if (!probe.commandExists(`clang-${v}`)) continue;
    partial ??= v;
    const builtins = probe.listDir(`/usr/lib/llvm-${v}/lib/clang`).some((dir) =>
      probe.fileExists(`/usr/lib/llvm-${v}/lib/clang/${dir}/lib/wasi/libclang_rt.builtins-wasm32.a`));
    const linker = probe.fileExists(`/usr/lib/llvm-${v}/bin/wasm-ld`);
    if (hasLibc && builtins && linker) {
      return { ok: true, toolchain: { compiler: `clang-${v}`, targetArgs: ['--target=wasm32-wasi', '--sysroot=/usr'], description: `Debian clang-${v} with wasi-libc` } };
    }
  }
  const v = partial ?? 14;
  return {
    ok: false,
    problem: partial === undefined
      ? 'No clang that can target wasm32-wasi was found (looked for wasi-sdk and Debian clang-14…19 with wasi-libc).'
      : `clang-${v} is installed but cannot build for wasm32-wasi yet: it needs wasi-libc, the wasm32 compiler-rt builtins and wasm-ld.`,
    install: [`sudo apt-get install clang-${v} lld-${v} wasi-libc libclang-rt-${v}-dev-wasm32`],
  };
}

export interface RustToolchain {
  readonly targets: readonly string[];
}

/**
 * Cargo with the standard library of each target (wasm32-wasip1 for commands, also wasm32-wasip2 for
 * components), installed through rustup.
 */
export function findRustToolchain(probe: Probe, targets: readonly string[] = ['wasm32-wasip1']): ToolchainCheck<RustToolchain> {
  const rustupInstall = "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh";
  if (!probe.commandExists('cargo') || !probe.commandExists('rustup')) {
    return {
      ok: false,
      problem: probe.commandExists('cargo')
        ? 'cargo is installed without rustup; the wasm32-wasip1 target comes from rustup.'
        : 'cargo (Rust) is not installed.',
      install: [rustupInstall, `rustup target add ${targets.join(' ')}`],
    };
  }
  const installed = probe.rustupTargets() ?? [];
  const missing = targets.filter((t) => !installed.includes(t));
  if (missing.length > 0) {
    return { ok: false, problem: `Rust is installed but the ${missing.join(' and ')} target${missing.length > 1 ? 's are' : ' is'} not.`, install: [`rustup target add ${missing.join(' ')}`] };
  }
  return { ok: true, toolchain: { targets } };
}

/** Debian's clang-14 route, used in generated files when no toolchain was found (the message says what to install). */
export const DEFAULT_C_TOOLCHAIN: CToolchain = { compiler: 'clang-14', targetArgs: ['--target=wasm32-wasi', '--sysroot=/usr'], description: 'Debian clang-14 with wasi-libc' };
