#!/usr/bin/env bash
# The demo: a fresh database in demo-data/, the desk's glossary and memory, the example articles
# imported, machine-translated into German, checked, and the review queue shown.
set -euo pipefail
cd "$(dirname "$0")/.."
export TRANSLATE_FLOW_DB="$PWD/demo-data/demo.db"
export TRANSLATE_FLOW_CONFIG="${TRANSLATE_FLOW_CONFIG:-$PWD/demo-data/config.toml}"
tf=".venv/bin/translate-flow"
rm -rf demo-data && mkdir -p demo-data

step() { printf '\n\033[1m$ translate-flow %s\033[0m\n' "$*"; "$tf" "$@"; }

step init
step glossary import glossaries/diplomatic.glossary
step tm import examples/seed-memory.ru-de.tmx
step ingest examples/ru-mfa-ict-security.txt examples/ru-csto-meeting.md \
  examples/ru-cis-summit.html examples/ru-un-oewg.txt \
  examples/be-union-state.txt examples/be-sco-membership.txt
step translate --to de --engine tm
# The online engine fills what the memory could not; without a network it says so and the
# segments stay in the queue for a translator.
if ! step translate --to de --engine google; then
  echo "(no network or the online engine failed: the untranslated segments stay in the queue)"
fi
step check --lang de
step status
step queue --article 1 --lang de
cat <<'NEXT'

What a translator and an editor type next (the database is demo-data/demo.db):
  export TRANSLATE_FLOW_DB=$PWD/demo-data/demo.db
  .venv/bin/translate-flow segment show 1 --lang de
  .venv/bin/translate-flow segment edit 1 --lang de --text "…"
  .venv/bin/translate-flow segment accept 2 --lang de
  .venv/bin/translate-flow approve 1 --lang de
  .venv/bin/translate-flow export 1 --lang de --format md
See README.md for the whole workflow.
NEXT
