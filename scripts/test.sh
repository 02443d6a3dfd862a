#!/usr/bin/env bash
# README's test command: install the test extras, then run the whole test suite.
# The browser test (tests/exports/test_browser.py) drives Debian's chromium with chromedriver: they are installed
# when missing and apt is available (a Japanese font keeps the screenshots legible); if that fails the
# browser test skips and says why.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! { command -v chromium && command -v chromedriver; } >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-ipafont-gothic; } \
    >/dev/null 2>&1 || echo "warning: could not install chromium; the browser test will skip" >&2
fi
python3 -m pip install -q -e '.[test]'
# the architecture: layers, independent export formats, an extractor that knows nothing above it
# (import-linter contracts in pyproject.toml; a violation fails here, before the tests)
lint-imports --no-cache
python3 -m pytest -q
