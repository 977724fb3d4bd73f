#!/usr/bin/env bash
# Development only, before the first release: rebuild the initial migration from the models.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cat > "$tmp/alembic.ini" <<INI
[alembic]
script_location = $PWD/translate_flow/store/migrations
INI
versions=translate_flow/store/migrations/versions
# Later hand-written migrations build on 0001: set them aside while 0001 is generated.
mkdir "$tmp/later"
find "$versions" -maxdepth 1 -name '0*.py' ! -name '0001_*' -exec mv {} "$tmp/later/" \;
rm -f "$versions/0001_initial_schema.py"
.venv/bin/alembic -c "$tmp/alembic.ini" -x url="sqlite:///$tmp/autogen.db" revision --autogenerate \
  -m "initial schema" --rev-id 0001 >/dev/null
mv "$tmp"/later/*.py "$versions/" 2>/dev/null || true
rm -rf "$tmp"
echo "regenerated translate_flow/store/migrations/versions/0001_initial_schema.py"
