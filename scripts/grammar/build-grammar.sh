#!/usr/bin/env bash
# Developer-only: server/grammar/grammar.js -> src/parser.c (tree-sitter generate, ABI 15)
# -> tree-sitter-wit.wasm (clang-19, wasm32) -> build-stamp.json.
# Run scripts/grammar/setup-grammar-tools.sh once first. `--no-generate` only recompiles the wasm.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
G="$ROOT/server/grammar"
TS="${TREE_SITTER:-$ROOT/.tools/tree-sitter}"

if [ "${1:-}" != "--no-generate" ]; then
  # The patched CLI warns about the weakened glibc version need on every start; that line is noise.
  (cd "$G" && "$TS" generate --abi 15 2> >(grep -v "weak version" >&2))
fi

clang-19 --target=wasm32-unknown-wasi -Os -fPIC -shared -nostdlib -fno-exceptions -fvisibility=hidden \
  -Wl,--export=tree_sitter_wit -Wl,--allow-undefined -Wl,--no-entry \
  -I "$G/src" "$G/src/parser.c" "$G/src/scanner.c" -o "$G/tree-sitter-wit.wasm" \
  2> >(grep -v "not yet stable" >&2)

node "$ROOT/scripts/grammar/stamp.mjs" write
ls -l "$G/tree-sitter-wit.wasm"
