"""The command line as a new user meets it: mistakes caught before the work, messages that say what is
wrong, and the glossary accepted the same way by every command (``python -m glossary`` in a subprocess)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary_helpers import run_cli as run

DOC = (
    "# 注意機構のメモ\n\n"
    "長い前置きの段落。\n"
    "トランスフォーマー(Transformer)は注意機構を使う。\n"
    "画像には Vision Transformer (ViT)(ViT、ビジョン・トランスフォーマー)を使う。\n"
    "設計にはエンティティ関連(Entity Relationship、ER)図を使う。\n"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("usage")
    (root / "notes.md").write_text(DOC, encoding="utf-8")
    r = run("extract", "notes.md", "-o", "terms.json", "-q", cwd=root)
    assert r.returncode == 0, r.stderr
    r = run("export", "terms.json", "-o", "terms.csv", cwd=root)
    assert r.returncode == 0, r.stderr
    return root


# --- outputs are checked before any work ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("extract", "notes.md", "-o", "terms.ods"),
        ("export", "terms.json", "-o", "out.xls"),
        ("merge", "terms.json", "-o", "all.docx"),
    ],
)
def test_an_output_suffix_that_names_no_format_is_a_usage_error(folder: Path, args: tuple[str, ...]) -> None:
    r = run(*args, cwd=folder)
    assert r.returncode == 2, r.stderr
    assert "cannot write ." in r.stderr and "--format" in r.stderr
    assert not (folder / args[-1]).exists()


def test_other_spreadsheets_point_at_xlsx_and_csv(folder: Path) -> None:
    r = run("export", "terms.json", "-o", "out.xls", cwd=folder)
    assert "spreadsheets: -o terms.xlsx, or terms.csv" in r.stderr


def test_xlsx_and_csv_for_cat_tools(folder: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    r = run("export", "terms.json", "-o", "terms.xlsx", cwd=folder)
    assert r.returncode == 0, r.stderr
    ws = openpyxl.load_workbook(folder / "terms.xlsx")["glossary"]
    assert [c.value for c in ws[1]][:4] == ["id", "ja", "en", "acronym"]
    r = run("export", "terms.json", "-o", "terms.csv", cwd=folder)
    assert (folder / "terms.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")  # BOM: Excel reads UTF-8
    r = run("export", "terms.json", "-o", "plain.csv", "--no-bom", cwd=folder)
    assert (folder / "plain.csv").read_bytes().startswith(b"id,")
    piped = subprocess.run(  # standard output is a pipe here: the workbook's bytes go through it
        [sys.executable, "-m", "glossary", "export", "terms.json", "--format", "xlsx"],
        cwd=folder,
        capture_output=True,
        timeout=120,
    )
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK")


def test_a_suffix_with_an_explicit_format_and_txt_are_accepted(folder: Path) -> None:
    r = run("export", "terms.json", "--format", "csv", "-o", "sheet.data", cwd=folder)
    assert r.returncode == 0, r.stderr
    assert (folder / "sheet.data").read_text(encoding="utf-8-sig").startswith("id,")
    r = run("export", "terms.json", "-o", "list.txt", cwd=folder)
    assert r.returncode == 0, r.stderr
    assert "Transformer" in (folder / "list.txt").read_text(encoding="utf-8")


def test_a_missing_output_folder_fails_before_the_extraction(folder: Path, tmp_path: Path) -> None:
    # many inputs: the extraction would take a while; the error must come first, without reading them
    many = tmp_path / "many"
    many.mkdir()
    for i in range(200):
        (many / f"d{i}.md").write_text(DOC * 5, encoding="utf-8")
    start = time.perf_counter()
    r = run("extract", str(many), "-o", str(tmp_path / "missing_dir" / "x.json"))
    took = time.perf_counter() - start
    assert r.returncode == 2, r.stderr
    assert "missing_dir does not exist" in r.stderr
    assert "read " not in r.stderr  # no summary: nothing was read
    assert took < 5
    r = run("extract", "notes.md", "--update", str(tmp_path / "nowhere" / "g.json"), cwd=folder)
    assert r.returncode == 2 and "nowhere does not exist" in r.stderr


def test_an_output_that_is_a_folder_is_refused(folder: Path) -> None:
    (folder / "out").mkdir(exist_ok=True)
    r = run("extract", "notes.md", "-o", "out", cwd=folder)
    assert r.returncode == 2 and "it is a folder" in r.stderr


# --- a file that is not a glossary says what it is -----------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (("export", "terms.json", "-o", "terms.csv"), "CSV export"),
        (("export", "terms.json", "-o", "t.html"), "HTML"),
    ],
)
def test_an_export_given_as_the_glossary_is_named(folder: Path, make: tuple[str, ...], kind: str) -> None:
    assert run(*make, cwd=folder).returncode == 0
    r = run("show", "ER", "-g", make[-1], cwd=folder)
    assert r.returncode == 1
    assert f"this is a {kind}" in r.stderr and "not a glossary JSON" in r.stderr
    assert "damaged" not in r.stderr and "backup" not in r.stderr


def test_an_html_file_without_its_suffix_is_recognised(folder: Path) -> None:
    assert run("export", "terms.json", "-o", "page.html", cwd=folder).returncode == 0
    (folder / "page.txt").write_bytes((folder / "page.html").read_bytes())
    r = run("stats", "page.txt", cwd=folder)
    assert r.returncode == 1 and "this is a HTML page, not a glossary JSON" in r.stderr


def test_a_damaged_json_glossary_still_says_damaged(folder: Path) -> None:
    text = (folder / "terms.json").read_text(encoding="utf-8")
    (folder / "cut.json").write_text(text[: len(text) // 2], encoding="utf-8")
    r = run("show", "ER", "-g", "cut.json", cwd=folder)
    assert r.returncode == 1 and "not a glossary JSON" not in r.stderr
    assert "cut.json" in r.stderr


# --- --encoding that does not fit ----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "cp932", "euc_jp"])
def test_a_named_encoding_that_would_misread_utf8_is_refused(folder: Path, encoding: str) -> None:
    r = run("extract", "notes.md", "--encoding", encoding, cwd=folder)
    assert r.returncode == 1
    assert "is UTF-8, not" in r.stderr and "drop --encoding" in r.stderr
    assert "注意" not in r.stdout and "æ³¨" not in r.stdout  # nothing extracted from mojibake


def test_a_named_encoding_that_fits_is_used(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "sjis.md").write_bytes(DOC.encode("cp932"))
    (tmp_path / "latin.txt").write_bytes("Café au lait (CAL) et crème brûlée (CB).\n".encode("latin-1"))
    for name, encoding in (("sjis.md", "cp932"), ("latin.txt", "latin-1"), ("sjis.md", "shift_jis")):
        r = run("extract", str(tmp_path / name), "--encoding", encoding, "-q")
        assert r.returncode == 0, r.stderr
    assert "Transformer" in run("extract", str(tmp_path / "sjis.md"), "--encoding", "cp932").stdout
    r = run("extract", "notes.md", "--encoding", "utf-8", "-q", cwd=folder)
    assert r.returncode == 0 and "Transformer" in r.stdout


# --- show: where, and which glossary -------------------------------------------------------------


def test_show_reports_file_line_and_column(folder: Path) -> None:
    r = run("show", "ViT", "-g", "terms.json", cwd=folder)
    assert r.returncode == 0, r.stderr
    line = next(x for x in DOC.splitlines() if "ViT" in x)
    lineno = DOC.splitlines().index(line) + 1
    col = line.index("Vision") + 1
    assert f"notes.md:{lineno}:{col}" in r.stdout


def test_show_finds_the_document_next_to_the_glossary(folder: Path, tmp_path: Path) -> None:
    r = run("show", "ViT", str(folder / "terms.json"), cwd=tmp_path)  # another working folder
    assert r.returncode == 0, r.stderr
    assert "notes.md:5:" in r.stdout


def test_show_says_offset_when_the_document_is_gone_or_changed(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(DOC, encoding="utf-8")
    assert run("extract", "notes.md", "-o", "g.json", "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "notes.md").write_text("前に一行を足した。\n" + DOC, encoding="utf-8")
    r = run("show", "ViT", "g.json", cwd=tmp_path)
    assert "notes.md (character " in r.stdout  # a stale offset is not dressed up as a line number
    (tmp_path / "notes.md").unlink()
    r = run("show", "ViT", "g.json", cwd=tmp_path)
    assert "notes.md (character " in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "terms.json"),
        ("stats", "-g", "terms.json"),
        ("show", "ViT", "terms.json"),
        ("show", "ViT", "-g", "terms.json"),
        ("export", "terms.json", "--format", "md"),
        ("export", "-g", "terms.json", "--format", "md"),
        ("merge", "terms.json", "--format", "text"),
        ("merge", "-g", "terms.json", "--format", "text"),
    ],
)
def test_the_glossary_is_accepted_positionally_and_with_g(folder: Path, args: tuple[str, ...]) -> None:
    r = run(*args, cwd=folder)
    assert r.returncode == 0, r.stderr
    assert "Transformer" in r.stdout or "entries from" in r.stdout


def test_two_different_glossaries_are_a_usage_error(folder: Path) -> None:
    r = run("stats", "terms.json", "-g", "other.json", cwd=folder)
    assert r.returncode == 2 and "two glossaries given" in r.stderr
    r = run("export", "--format", "md", cwd=folder)
    assert r.returncode == 2 and "no glossary given" in r.stderr


# --- did you mean --------------------------------------------------------------------------------


def test_a_long_phrase_is_not_answered_with_a_two_letter_acronym(folder: Path) -> None:
    r = run("show", "server side rendering", "-g", "terms.json", cwd=folder)  # "er" is inside it
    assert r.returncode == 1
    assert "no entry for 'server side rendering'" in r.stderr
    assert "ER" not in r.stderr and "did you mean" not in r.stderr


def test_a_word_of_the_query_is_still_suggested(folder: Path) -> None:
    r = run("show", "the transformer architecture explained", "-g", "terms.json", cwd=folder)
    assert r.returncode == 1
    assert "did you mean:" in r.stderr and "トランスフォーマー (Transformer)" in r.stderr
