#!/usr/bin/env bash
# Developer-only: installs what is needed to REGENERATE server/grammar/src/parser.c and
# server/grammar/tree-sitter-wit.wasm. `npm ci && npm test` does not need it: they use the committed files.
#
#   compile:   clang-19 + lld-19 + wasi-libc (Debian bookworm main)
#   generate:  tree-sitter CLI from Debian forky's .deb, fetched with a PRIVATE apt configuration under the
#              git-ignored .tools/ (nothing in /etc/apt is changed)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TS_VERSION="${TS_VERSION:-0.26.11-1}"
TOOLS="${TOOLS:-$ROOT/.tools}"
mkdir -p "$TOOLS"

if ! command -v clang-19 >/dev/null || ! command -v wasm-ld-19 >/dev/null || [ ! -e /usr/include/wasm32-wasi/stdlib.h ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-19 lld-19 wasi-libc
fi

if [ ! -x "$TOOLS/tree-sitter" ] || ! "$TOOLS/tree-sitter" --version 2>/dev/null | grep -q "${TS_VERSION%%-*}"; then
  A="$TOOLS/apt"
  mkdir -p "$A/lists/partial" "$A/archives/partial" "$A/cache"
  # Reuse the mirror this machine is already configured with rather than hard-coding a host.
  URI=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  URI="${URI:-$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)}"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s forky main\n' "$URI" > "$A/sources.list"
  O=(-o Dir::Etc::SourceList="$A/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$A/lists"
     -o Dir::Cache="$A/cache" -o Dir::Cache::Archives="$A/archives" -o APT::Sandbox::User=root)
  apt-get "${O[@]}" update -qq
  (cd "$TOOLS" && apt-get "${O[@]}" download -qq "tree-sitter-cli=$TS_VERSION")
  rm -rf "$TOOLS/deb"
  dpkg -x "$TOOLS"/tree-sitter-cli_"${TS_VERSION}"_*.deb "$TOOLS/deb"
  install -m755 "$TOOLS/deb/usr/bin/tree-sitter" "$TOOLS/tree-sitter"
  # Debian's build needs GLIBC_2.39 only for two weak symbols (pidfd_spawnp, pidfd_getpid); marking that
  # version need weak lets bookworm's glibc 2.36 loader run the binary.
  python3 "$HERE/weaken-glibc-ver.py" "$TOOLS/tree-sitter" GLIBC_2.39 >/dev/null
fi

"$TOOLS/tree-sitter" --version 2>/dev/null
clang-19 --version | head -1
