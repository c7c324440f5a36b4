#!/usr/bin/env bash
# Rebuilds main.wasm (wasm32-wasi, -O0, DWARF) and its stamp. Needs clang-14, lld-14, wasi-libc and
# libclang-rt-14-dev-wasm32 (Debian 12). The built main.wasm is committed so that `npm start` and the
# tests need no compiler; test/unit/examples checks that the stamp still matches main.c.
set -euo pipefail
cd "$(dirname "$0")"
# -fdebug-prefix-map keeps the DWARF paths relative to this folder instead of the builder's checkout.
clang-14 --target=wasm32-wasi --sysroot=/usr -g -O0 -fdebug-prefix-map="$PWD"=. -o main.wasm main.c
echo "$(sha256sum main.c | cut -d' ' -f1)  main.c" > main.wasm.stamp
echo "built $(wc -c < main.wasm) bytes: main.wasm"
