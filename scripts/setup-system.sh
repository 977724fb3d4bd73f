#!/usr/bin/env bash
# Installs the Debian packages translate-flow needs, when missing.
#   --build   only what building the package needs: venv support, a C compiler and Python's
#             headers (for the translation memory's compiled lookup loops, tm/_counting.c)
#   (none)    also what the optional engines, features and tests use: gettext (msgfmt checks PO
#             files), hunspell-be (Belarusian morphology), apertium with its Belarusian-Russian pair,
#             tmux (the review screen's tests)
# Without root (or without apt-get) it only says what is missing: the build then goes on without
# the compiled loops, and the tests that need a package skip, except in CI where they must run.
set -u
build=(python3-venv python3-dev gcc)
runtime=(gettext hunspell-be apertium apertium-bel-rus tmux)
if [ "${1:-}" = "--build" ]; then
  packages=("${build[@]}")
else
  packages=("${build[@]}" "${runtime[@]}")
fi
command -v dpkg >/dev/null 2>&1 || exit 0  # not Debian: nothing to check here
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "note: Debian packages missing (${missing[*]}); run: sudo apt-get install ${missing[*]}" >&2
fi
exit 0
