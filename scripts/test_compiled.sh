#!/usr/bin/env bash
# The optional compiled core (GLOSSARY_COMPILE=1, see setup.py): build the wheel with mypyc, then run the
# test suite against it (the browser and notebook tests only repeat what the pure run already covered).
# Run after scripts/test.sh, in the same environment; .ci/run calls both.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/compiled
rm -rf "$out" && mkdir -p "$out"
GLOSSARY_COMPILE=1 python3 -m pip wheel . --no-deps -q -w "$out/wheel"
python3 -m pip install -q --no-deps --target "$out/site" "$out"/wheel/glossary-*.whl
export PYTHONPATH="$PWD/$out/site"
python3 - <<'PY'
import glossary.analyse as analyse
import sys

if analyse.__file__.endswith(".py"):
    sys.exit(f"the compiled build was not picked up: glossary.analyse is {analyse.__file__}")
print(f"testing the compiled core: {analyse.__file__}")
PY
python3 -m pytest -q -p no:cacheprovider --ignore=tests/test_browser.py --ignore=tests/test_notebook.py
