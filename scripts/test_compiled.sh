#!/usr/bin/env bash
# The package as users install it: build the wheel the way `pip install .` does (python -m build: an isolated
# environment with setuptools and mypy; GLOSSARY_COMPILE=1 so a core that fails to compile fails here instead
# of quietly falling back to pure Python), install it with the test extras into a fresh virtual environment,
# check that the compiled core is the one in use, then run the test suite there (the browser and notebook
# tests only repeat what the editable run of scripts/test.sh already covered).
# Run after scripts/test.sh, in the same environment (it provides `build`); .ci/run calls both.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/wheel-check
# setuptools packs whatever an earlier build left in build/lib: a module moved or deleted since would ship again
rm -rf "$out" build/lib build/lib.* build/bdist.* && mkdir -p "$out"
if python3 -c "import build" 2>/dev/null; then
  GLOSSARY_COMPILE=1 python3 -m build --wheel --outdir "$out/dist" . >"$out/build.log" 2>&1 \
    || { tail -n 60 "$out/build.log"; echo "the wheel did not build (log: $out/build.log)" >&2; exit 1; }
else  # no `build` frontend: pip builds the same wheel in the same kind of isolated environment
  GLOSSARY_COMPILE=1 python3 -m pip wheel . --no-deps -q -w "$out/dist"
fi
wheel=$(ls "$out"/dist/glossary-*.whl)
echo "built $wheel"
python3 -m venv "$out/venv"
py="$PWD/$out/venv/bin/python"
"$py" -m pip install -q -U pip
"$py" -m pip install -q "glossary[test] @ file://$PWD/$wheel"
"$py" - <<'PY'
import sys

import glossary.extract.analyse as analyse
from glossary.cli.about import describe

if analyse.__file__.endswith(".py") or "/src/" in analyse.__file__:
    sys.exit(f"the compiled wheel was not picked up: glossary.extract.analyse is {analyse.__file__}")
print(f"testing the installed wheel: {analyse.__file__}")
print(describe())
PY
# a temporary folder of its own: pytest prunes old ones in the shared default, even another run's
"$py" -m pytest -q -p no:cacheprovider --basetemp="$out/tmp" --ignore=tests/exports/test_browser.py --ignore=tests/test_notebook.py
