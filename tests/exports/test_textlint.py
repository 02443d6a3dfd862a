"""The exported prh dictionary, applied by the real textlint + textlint-rule-prh (installed with npm).

The npm packages are installed once into a cache folder (``$GLOSSARY_NPM_CACHE``, default
``~/.cache/glossary-tests/textlint-15-prh-6``) and reused; without npm the test skips and says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from glossary.cli.commands import main

TEXTLINT = "textlint@15"
PRH = "textlint-rule-prh@6"
DOCS = {
    "a.md": "タスクグラフ・スケジューラ(Task Graph Scheduler、TGS)で特徴を調べる。\n"
    "スケジューラー(scheduler)は実行の順番を決める。\n",
    "b.md": "タスクグラフ・スケジューラ(Task Graph Scheduler)を使う。\n"
    "スケジューラー(scheduler)を学習する。\n",
    "c.md": "タスクグラフスケジューラー(task graph scheduler)を試す。\nスケジューラ(scheduler)も試す。\n",
}
CHECKED = (
    "# 手順\n\n"
    "まずタスクグラフスケジューラーを学習する。\n"  # line 3: a variant
    "次にタスクグラフ・スケジューラを評価する。\n"  # line 4: canonical
    "最後にスケジューラで順番を決める。\n"  # line 5: a variant (without the final ー)
    "スケジューラーは正しい表記。\n"  # line 6: canonical, which contains the variant
)


def _textlint() -> Path:
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("npm / node not installed: cannot run textlint")
    default = Path.home() / ".cache" / "glossary-tests" / "textlint-15-prh-6"
    cache = Path(os.environ.get("GLOSSARY_NPM_CACHE", default))
    binary = cache / "node_modules" / ".bin" / "textlint"
    if not binary.exists():
        cache.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
                str(cache),
                TEXTLINT,
                PRH,
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if r.returncode != 0 or not binary.exists():
            pytest.skip(f"npm could not install {TEXTLINT} {PRH}: {r.stderr.strip()[-300:]}")
    return binary


def test_textlint_with_exported_prh_rules_flags_the_variants(tmp_path: Path) -> None:
    textlint = _textlint()
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    assert main(["extract", str(docs), "-o", str(tmp_path / "g.json"), "--quiet"]) == 0
    assert main(["export", str(tmp_path / "g.json"), "--format", "prh", "-o", str(tmp_path / "prh.yml")]) == 0
    (tmp_path / ".textlintrc.json").write_text(
        json.dumps({"rules": {"prh": {"rulePaths": ["prh.yml"]}}}), encoding="utf-8"
    )
    (tmp_path / "checked.md").write_text(CHECKED, encoding="utf-8")
    r = subprocess.run(
        [str(textlint), "--format", "json", "checked.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1, r.stdout + r.stderr  # textlint exits 1 when it reports
    (result,) = json.loads(r.stdout)
    flagged = sorted((m["line"], m["message"]) for m in result["messages"])
    assert [line for line, _ in flagged] == [3, 5], flagged
    assert "タスクグラフスケジューラー => タスクグラフ・スケジューラ" in flagged[0][1]
    assert "スケジューラ => スケジューラー" in flagged[1][1]
    assert "glossary entry" in flagged[0][1]  # the prh: note names the entry

    # textlint --fix applies them: the checked text then has the canonical forms only
    fixed = subprocess.run(
        [str(textlint), "--fix", "checked.md"], cwd=tmp_path, capture_output=True, text=True
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (tmp_path / "checked.md").read_text("utf-8") == CHECKED.replace(
        "タスクグラフスケジューラー", "タスクグラフ・スケジューラ"
    ).replace("最後にスケジューラで", "最後にスケジューラーで")
