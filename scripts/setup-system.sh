#!/usr/bin/env bash
# Installs the Debian packages translate-flow's optional engines and tests use, when missing.
# Without root (or without apt-get) it only says what is missing: the tests that need a package
# then skip, except in CI where they must run.
set -u
packages=(gettext hunspell-be apertium apertium-bel-rus)
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
