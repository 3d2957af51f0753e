#!/usr/bin/env bash
# The browser tests drive a headless Chromium (Playwright with this executable; no browser download). `npm test` runs
# this first, so the README's test command works on a fresh machine, as .ci/run does: it uses $CHROMIUM_PATH, else
# `chromium` on PATH, else installs Debian's `chromium` package (apt-get; through `sudo -n` when not root). When it
# can't, it says exactly what to run and fails: the tests would fail anyway.
set -uo pipefail

say() { printf 'ensure-chromium: %s\n' "$*"; }
fail() {
  printf 'ensure-chromium: %s\n' "$1" >&2
  printf '%s\n' \
    "The browser tests need Chromium. Either install Debian's package and run the tests again:" \
    "    sudo apt-get update && sudo apt-get install chromium" \
    "or point them at a Chromium or Chrome you have:" \
    "    CHROMIUM_PATH=/path/to/chromium npm test" >&2
  exit 1
}
find_chromium() { command -v chromium || command -v chromium-browser; }
version() { "$1" --version 2>/dev/null || true; }

if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -f "$CHROMIUM_PATH" ] && [ -x "$CHROMIUM_PATH" ] || fail "CHROMIUM_PATH is '$CHROMIUM_PATH', which is not an executable file."
  say "using CHROMIUM_PATH=$CHROMIUM_PATH $(version "$CHROMIUM_PATH")"
  exit 0
fi

if found=$(find_chromium); then
  say "using $found $(version "$found")"
  exit 0
fi

command -v apt-get >/dev/null || fail "Chromium is not installed, and without apt-get this script can't install it."
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || fail "Chromium is not installed; installing it needs root, and there is no sudo."
  sudo -n true 2>/dev/null || fail "Chromium is not installed; installing it needs root, and sudo wants a password."
  as_root=(sudo -n)
fi

say "Chromium is missing: installing Debian's chromium package"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null \
  || say "apt-get update failed; trying the install with the package lists already here"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium </dev/null \
  || fail "apt-get install chromium failed (see its output above)."
found=$(find_chromium) || fail "apt-get installed chromium, but no 'chromium' is on PATH."
say "installed $found $(version "$found")"
