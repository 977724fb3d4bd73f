#!/usr/bin/env bash
# Development only, before the first release: rebuild the initial migration from the models.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cat > "$tmp/alembic.ini" <<INI
[alembic]
script_location = $PWD/translate_flow/store/migrations
INI
rm -f translate_flow/store/migrations/versions/0001_initial_schema.py
.venv/bin/alembic -c "$tmp/alembic.ini" -x url="sqlite:///$tmp/autogen.db" revision --autogenerate \
  -m "initial schema" --rev-id 0001 >/dev/null
rm -rf "$tmp"
echo "regenerated translate_flow/store/migrations/versions/0001_initial_schema.py"
