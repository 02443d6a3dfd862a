"""Hostile input, fed as a user feeds it: through the Python API and through the command line.

Every case of the robustness issue has a test here (or in ``test_io.py`` for
the decoder's own table).  Behaviour is asserted, never timing: a case that
was not linear would make this file time out; ``benchmarks/robustness.py``
measures the times.
"""

from __future__ import annotations

import ast
import codecs
import csv
import html.parser
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import glossary
from glossary.cli.commands import document_name
from glossary.dictionary.entries import GlossaryFormatError
from glossary.dictionary.glossary import Glossary
from glossary.dictionary.overrides import OverridesError, load_overrides
from glossary.exports.formats import export
from glossary.io import read_document, scrub, xml_safe
from glossary.models import Definition, Part
from glossary_helpers import run_cli as run

SRC = Path(glossary.__file__).parent
DEF = "確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。"
FULL_WIDTH_DEF = "確率的勾配降下法（Ｓｔｏｃｈａｓｔｉｃ Ｇｒａｄｉｅｎｔ Ｄｅｓｃｅｎｔ、ＳＧＤ）を使う。"
SGD = "Stochastic Gradient Descent"
FILLER = "本文の文章が続く。"  # 27 bytes in UTF-8

# Texts that must be read, with a definition each: name -> (text, encoding of the file)
GOOD: dict[str, tuple[str, str]] = {
    "utf8.txt": (DEF, "utf-8"),
    "utf8-bom.txt": (DEF, "utf-8-sig"),
    "utf16-bom.txt": (DEF, "utf-16"),
    "sjis.txt": (DEF, "cp932"),
    "eucjp.txt": (DEF, "euc_jp"),
    "controls.txt": ("\x01\x02\x03\x08\x0b\x0c\x0e\x1f\x7f\x1b" + DEF + "\x01", "utf-8"),
    "emoji.txt": ("😀👨\u200d👩\u200d👧 " + DEF + "🎉", "utf-8"),
    "combining.txt": ("が\u0301 e\u0301 " + DEF + " a\u0308", "utf-8"),
    # NFKC changes the length: ㍿ -> 株式会社, ﬁ -> fi, ｶﾞ -> ガ, full-width Latin -> ASCII
    "nfkc.txt": ("㍿ﬁｶﾞ" + DEF + "㌔" + FULL_WIDTH_DEF, "utf-8"),
    "million-openers.txt": ("(" * 1_000_000 + DEF, "utf-8"),
    "million-closers.txt": (")" * 1_000_000 + DEF, "utf-8"),
    "nested-1000.txt": ("(" * 1000 + "語" + ")" * 1000 + DEF, "utf-8"),
    "huge-line.txt": (FILLER * 750_000 + DEF, "utf-8"),  # 20 MB, no newline
}
# Files that must be skipped, with what the reason says
BAD: dict[str, tuple[bytes, str]] = {
    "blob.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary (NUL byte at offset 8)"),
    "latin1.txt": ("naïve café (x)".encode("latin-1"), "byte offset 2"),
    "surrogate.txt": (b"abc \xed\xa0\x80 def", "byte offset 4"),  # a lone surrogate written as WTF-8
}
EMPTY = "empty.txt"


def offsets_exact(defs: list[Definition], text: str) -> bool:
    return all(text[p.start : p.end] == p.text for d in defs for p in d.parts) and all(
        0 <= d.start <= d.end <= len(text) for d in defs
    )


def no_traceback(r: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in r.stderr and "Traceback" not in r.stdout


# --- the API -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOOD))
def test_api_hostile_text_keeps_offsets_and_finds_the_definition(name: str) -> None:
    text, _ = GOOD[name]
    defs = glossary.find_definitions(text, doc=name)
    assert offsets_exact(defs, text)
    assert SGD in {d.en.clean for d in defs if d.en}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "(" * 1000 + DEF + ")" * 1000,  # a definition nested 1000 deep: not reported, no crash
        "\ud800" + DEF + "\udfff",  # lone surrogates (only possible through the API)
        "\x00" + DEF + "\x00",  # NUL inside a str
        "([{（［" * 100_000,
        "))))((((" * 20_000,
        "e" + "\u0301" * 10_000,  # a combining-mark pile
        "😀" * 100_000,
    ],
    ids=["empty", "nested-def", "surrogates", "nul", "mixed-openers", "closers-first", "combining", "emoji"],
)
def test_api_pathological_text_completes_with_exact_offsets(text: str) -> None:
    defs = glossary.find_definitions(text)
    assert offsets_exact(defs, text)


def test_api_a_long_chain_of_brackets_completes() -> None:
    """``語(SGD)(SGD)(SGD)...``: 60,000 chained brackets take a few CPU seconds; quadratic work would take
    hours.  The bound is on the child's CPU time, which a busy machine does not stretch (its wall clock
    ran past 20 s at load 6 while the CPU time stayed near 5 s); the wall-clock limit only catches a hang."""
    code = "import glossary; glossary.find_definitions('語' + '(SGD)' * 60_000)"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("find_definitions on 60,000 chained brackets did not finish in 300 s")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert r.returncode == 0, r.stderr
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu < 30, f"find_definitions on 60,000 chained brackets took {cpu:.1f} CPU seconds"


def test_api_build_reads_every_encoding_from_paths(tmp_path: Path) -> None:
    for name in ("utf8-bom.txt", "utf16-bom.txt", "sjis.txt", "eucjp.txt"):
        text, enc = GOOD[name]
        (tmp_path / name).write_bytes(text.encode(enc))
    g = glossary.build(tmp_path, glob=["*.txt"])
    (e,) = list(g)
    assert e.en == SGD and set(e.counts()) == {str(tmp_path / n) for n in os.listdir(tmp_path)}


def test_api_encoding_override_and_errors_name_the_file(tmp_path: Path) -> None:
    doc = tmp_path / "no-bom.txt"
    doc.write_bytes(DEF.encode("utf-16-le"))
    with pytest.raises(OSError, match=r"no-bom\.txt: looks binary"):
        glossary.build(doc)
    assert [e.en for e in glossary.build(doc, encoding="utf-16-le")] == [SGD]
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(DEF, encoding="utf-8")
    with pytest.raises(OSError, match=r"utf8\.txt: is UTF-8, not EUC-JP: .* at byte offset \d+ \(line 1\)"):
        glossary.build(utf8, encoding="euc_jp")


def test_api_lone_surrogates_survive_save_load_and_every_export(tmp_path: Path) -> None:
    g = glossary.build({"doc\ud800.txt": "\ud800" + DEF + "確率\udc00過程(stochastic process)を扱う。"})
    g.save(tmp_path / "g.json")
    back = glossary.load(tmp_path / "g.json")
    assert back == g  # lossless: the surrogate is escaped as \\ud800 in the JSON text
    for fmt in ("json", "jsonl", "csv", "tsv", "tbx", "skos", "anki", "md"):
        export(back, fmt).encode("utf-8")


def test_api_empty_glossary_round_trips(tmp_path: Path) -> None:
    g = glossary.build({"empty.txt": ""})
    assert len(g) == 0
    g.save(tmp_path / "e.json")
    assert glossary.load(tmp_path / "e.json") == g


# hostile surfaces, as a hand-made definition list: what exports must escape
HOSTILE = [
    '<script>alert("x")</script>',
    "A & B &amp; C",
    "'single' \"double\" `back`",
    "]]> <![CDATA[ x ]]>",
    "ctl\x01\x08\x0b\x1f\x7f",
    "lone\ud800sur\udfffrogate",
    '=HYPERLINK("http://x")',
    "+1+2",
    "-2-3",
    "@SUM(A1)",
    "line\nbreak\ttab\rcr",
    "\u202eRTL override",
    "emoji 😀",
    "#heading | pipe [link](x)",
]


def hostile_glossary() -> Glossary:
    defs = []
    for i, h in enumerate(HOSTILE):
        ja, en, abbr = f"用語{i}{h}", h, f"H{chr(65 + i)}{h}"
        text = f"{ja}({en}、{abbr})"
        parts = (
            Part(ja, 0, len(ja), "ja"),
            Part(en, len(ja) + 1, len(ja) + 1 + len(en), "en"),
            Part(abbr, len(ja) + 2 + len(en), len(ja) + 2 + len(en) + len(abbr), "abbr"),
        )
        defs.append(Definition(parts, "test", 0.9, 0, len(text), sentence=text, doc=f"d{i}<&>{h}.txt"))
    return Glossary.from_definitions(defs)


def check_tbx(out: str, g: Glossary) -> None:
    root = ET.fromstring(out.encode("utf-8"))
    terms = {t.text for t in root.iter("{urn:iso:std:iso:30042:ed-2}term")}
    assert terms == {xml_safe(s) for e in g for s in e.surfaces()}


def check_skos(out: str, g: Glossary) -> None:
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph().parse(data=out, format="turtle")
    labels = {
        str(o)
        for p in (rdflib.SKOS.prefLabel, rdflib.SKOS.altLabel)
        for o in graph.objects(None, p)
        if str(o) != "glossary"
    }
    assert labels == {scrub(s) for e in g for s in e.surfaces()}


def check_csv(out: str, g: Glossary, delimiter: str = ",") -> None:
    rows = list(csv.reader(io.StringIO(out), delimiter=delimiter))
    assert len(rows) == len(g) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), cell


class _Text(html.parser.HTMLParser):
    """Collects the text content of an HTML page and the names of the tags opened."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(out: str, g: Glossary) -> None:
    hostile = _Text()
    hostile.feed(out)
    benign = _Text()
    benign.feed(render_html_of(Glossary.from_definitions([glossary.find_definitions(DEF)[0]])))
    # the input added no tag of its own: every <script> is the page's search script
    assert hostile.tags.count("script") == benign.tags.count("script")
    assert '<script>alert("x")</script>' not in out
    shown = "".join(hostile.text)
    assert "<script>alert(" in shown  # ... and the payload is shown as text


def render_html_of(g: Glossary) -> str:
    from glossary.exports.html import render_html

    return render_html(g)


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("tbx", check_tbx),
        ("skos", check_skos),
        ("csv", check_csv),
        ("tsv", lambda out, g: check_csv(out, g, "\t")),
        ("md", lambda out, g: None),
        ("anki", lambda out, g: None),
        ("jsonl", lambda out, g: [json.loads(line) for line in out.splitlines()]),
    ],
)
def test_api_exports_escape_hostile_strings(fmt: str, check: Callable[[str, Glossary], None]) -> None:
    g = hostile_glossary()
    out = export(g, fmt)
    out.encode("utf-8")
    check(out, g)
    if fmt == "md":
        assert "<script>" not in out and "\\<script\\>" in out


def test_api_html_escapes_hostile_strings() -> None:
    g = hostile_glossary()
    out = render_html_of(g)
    out.encode("utf-8")
    check_html(out, g)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"schema": "glossary/1", "entr', "not valid JSON"),
        ("", "not valid JSON"),
        ('{"name": "my-package", "version": "1.0"}', "not a glossary file (no 'schema' key)"),
        ("[1, 2, 3]", "expected a JSON object at top level, got a list"),
        ('{"schema": "glossary/9", "entries": []}', "unsupported schema 'glossary/9'"),
        ('{"schema": "glossary/1", "entries": [{"id": 5}]}', "entries[0].id: expected a string"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_api_damaged_or_foreign_glossary_is_a_clear_error(tmp_path: Path, content: str, says: str) -> None:
    p = tmp_path / "g.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryFormatError) as err:
        glossary.load(p)
    assert str(err.value).startswith(str(p)) and says in str(err.value)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_api_a_glossary_saved_by_an_editor_with_a_bom_loads(tmp_path: Path, codec: str) -> None:
    g = glossary.build({"a.md": DEF})
    p = tmp_path / "g.json"
    p.write_bytes(g.to_json().encode(codec))
    assert glossary.load(p) == g


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "cp932", "euc_jp"])
def test_api_an_overrides_file_from_any_editor_is_read(tmp_path: Path, codec: str) -> None:
    p = tmp_path / "curation.txt"
    p.write_bytes("# 曖昧な語\npin 確率的勾配降下法\nblock 推定手法\n".encode(codec))
    rules = load_overrides(p).rules
    assert [(r.kind, r.surfaces, r.line) for r in rules] == [
        ("block", ("推定手法",), 3),
        ("pin", ("確率的勾配降下法",), 2),
    ]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"pin \xff\xfe\xfd\n", "not valid UTF-8 (nor Shift_JIS or EUC-JP) at byte 4"),
        (b"\x00\x01", "looks binary"),
    ],
)
def test_api_an_unreadable_overrides_file_is_a_clear_error(tmp_path: Path, data: bytes, says: str) -> None:
    p = tmp_path / "curation.txt"
    p.write_bytes(data)
    with pytest.raises(OverridesError) as err:
        load_overrides(p)
    assert str(err.value).startswith(f"{p}: ") and says in str(err.value)


def test_api_damaged_entry_error_gives_the_line(tmp_path: Path) -> None:
    g = glossary.build({"a.md": DEF + "学習率(learning rate)を下げる。"})
    data = g.to_dict()
    data["entries"][-1]["occurrences"][0]["parts"][0]["role"] = "jp"
    p = tmp_path / "g.json"
    p.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = p.read_text(encoding="utf-8").splitlines()
    line = next(i for i, s in enumerate(lines, 1) if '"jp"' in s)
    with pytest.raises(GlossaryFormatError) as err:
        glossary.load(p)
    assert str(err.value).startswith(f"{p}:{line}: ")
    assert "unknown role 'jp'" in str(err.value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("pni SGD\n", ":1: unknown rule 'pni'"),
        ("# comment\n\nmerge SGD\n", ":3: 'merge' takes at least 2 surface(s)"),
        ("block a | \n", ":1: empty surface"),
        ("pin a | b\n", ":1: 'pin' takes exactly 1 surface(s)"),
    ],
)
def test_api_overrides_typo_names_file_and_line(tmp_path: Path, text: str, says: str) -> None:
    p = tmp_path / "curation.txt"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(OverridesError) as err:
        load_overrides(p)
    assert str(err.value).startswith(str(p)) and says in str(err.value)


def test_nothing_is_evaluated_or_unpickled_from_input() -> None:
    """No module calls eval/exec or loads pickle, marshal, shelve or YAML (input is data, never code)."""
    banned_calls = {"eval", "exec", "compile", "__import__"}
    banned_modules = {"pickle", "cPickle", "dill", "marshal", "shelve", "yaml", "jsonpickle"}
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in banned_calls
            ):
                found.append(f"{path.name}:{node.lineno}: {node.func.id}()")
            if isinstance(node, ast.Import):
                found += [
                    f"{path.name}:{node.lineno}: import {a.name}"
                    for a in node.names
                    if a.name in banned_modules
                ]
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in banned_modules:
                found.append(f"{path.name}:{node.lineno}: from {node.module}")
    assert found == []


def test_api_reading_a_fifo_or_folder_is_an_error_not_a_hang(tmp_path: Path) -> None:
    with pytest.raises(glossary.io.ReadError, match="is a folder"):
        read_document(tmp_path)


# --- the command line --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for name, (text, enc) in GOOD.items():
        (root / name).write_bytes(text.encode(enc))
    for name, (data, _) in BAD.items():
        (root / name).write_bytes(data)
    (root / EMPTY).write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def hostile_run(hostile_dir: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """One multi-file run over every hostile file: good ones, bad ones, an empty one."""
    out = hostile_dir.parent / "hostile-out.json"
    r = run("extract", str(hostile_dir), "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return r, data


def test_cli_bad_files_never_stop_the_others(
    hostile_run: tuple[subprocess.CompletedProcess[str], Any],
) -> None:
    r, data = hostile_run
    assert r.returncode == 1, r.stderr  # some input failed
    assert no_traceback(r)
    seen = {o["doc"].rsplit("/", 1)[-1] for e in data["entries"] for o in e["occurrences"]}
    assert set(GOOD) <= seen


def test_cli_summary_lists_what_was_skipped_and_why(
    hostile_run: tuple[subprocess.CompletedProcess[str], Any],
) -> None:
    r, _ = hostile_run
    for name, (_, why) in BAD.items():
        line = next((s for s in r.stderr.splitlines() if f"{name}:" in s), "")
        assert "skipped" in line and why in line, r.stderr
    assert f"skipped {len(BAD)}" in r.stderr
    assert f"read {len(GOOD) + 1} file(s)" in r.stderr  # the empty file is read, not skipped
    assert EMPTY not in r.stderr


@pytest.mark.parametrize("name", sorted(GOOD))
def test_cli_offsets_are_exact_in_every_hostile_file(
    hostile_run: tuple[subprocess.CompletedProcess[str], Any], hostile_dir: Path, name: str
) -> None:
    _, data = hostile_run
    text = read_document(hostile_dir / name).text
    occurrences = [o for e in data["entries"] for o in e["occurrences"] if o["doc"].endswith(os.sep + name)]
    assert occurrences
    for o in occurrences:
        assert 0 <= o["start"] <= o["end"] <= len(text)
        for p in o["parts"]:
            assert text[p["start"] : p["end"]] == p["text"]


def test_cli_encoding_override(tmp_path: Path) -> None:
    """UTF-16 without a BOM looks binary (NUL bytes) until --encoding names it."""
    doc = tmp_path / "no-bom.txt"
    doc.write_bytes(DEF.encode("utf-16-le"))
    guessed = run("extract", str(doc), "--format", "json")
    assert guessed.returncode == 1 and "no-bom.txt: looks binary" in guessed.stderr
    named = run("extract", str(doc), "--encoding", "utf-16-le", "--format", "json", "-q")
    assert named.returncode == 0, named.stderr
    assert [e["en"] for e in json.loads(named.stdout)["entries"]] == [SGD]


def test_cli_wrong_encoding_override_names_file_and_offset(tmp_path: Path) -> None:
    doc = tmp_path / "utf8.txt"
    doc.write_text(DEF, encoding="utf-8")
    r = run("extract", str(doc), "--encoding", "euc_jp")
    assert r.returncode == 1 and no_traceback(r)
    assert "utf8.txt: is UTF-8, not EUC-JP" in r.stderr and "byte offset" in r.stderr


def test_cli_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(DEF, encoding="utf-8")
    r = run("extract", str(doc), "--encoding", "rot13")
    assert r.returncode == 2 and no_traceback(r) and "rot13" in r.stderr


def test_cli_standard_input_is_detected_too() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "extract", "-", "--format", "json", "-q"],
        input=DEF.encode("euc_jp"),
        capture_output=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    assert [e["en"] for e in json.loads(r.stdout)["entries"]] == [SGD]


def big_glossary_json(path: Path, entries: int = 4000, sentence_chars: int = 12_000) -> None:
    """A large, valid saved glossary written directly (fast), so a rewrite of it takes a while."""
    filler = "長い文脈の文章。" * (sentence_chars // 8)
    out = []
    for i in range(entries):
        ja, en, ab = f"用語{i}", f"term number {i}", f"TN{i}"
        text = f"{ja}({en}、{ab})"
        out.append(
            {
                "id": f"term-number-{i}",
                "ja": ja,
                "en": en,
                "abbr": ab,
                "forms": {"ja": [ja], "en": [en], "abbr": [ab]},
                "related": [],
                "occurrences": [
                    {
                        "doc": f"d{i}.md",
                        "start": 0,
                        "end": len(text),
                        "parts": [
                            {"text": ja, "start": 0, "end": len(ja), "role": "ja"},
                            {"text": en, "start": len(ja) + 1, "end": len(ja) + 1 + len(en), "role": "en"},
                            {
                                "text": ab,
                                "start": len(text) - 1 - len(ab),
                                "end": len(text) - 1,
                                "role": "abbr",
                            },
                        ],
                        "pattern": "test",
                        "score": 0.9,
                        "sentence": filler,
                    }
                ],
            }
        )
    data = {"schema": "glossary/1", "entries": out, "overrides": [], "warnings": []}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def kill_mid_write(args: list[str], folder: Path, tries: int = 3) -> bool:
    """Start the CLI, SIGKILL it the moment its temporary output file appears; True if killed mid-write."""
    for _ in range(tries):
        before = set(folder.iterdir())
        proc = subprocess.Popen(
            [sys.executable, "-m", "glossary", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and proc.poll() is None:
                fresh = [p for p in set(folder.iterdir()) - before if p.name.startswith(".glossary-")]
                if fresh:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
                    for p in fresh:
                        p.unlink(missing_ok=True)  # what SIGKILL left behind
                    return True
                time.sleep(0.0005)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    return False


def test_cli_killed_mid_write_leaves_the_old_output_intact(tmp_path: Path) -> None:
    src = tmp_path / "big.json"
    big_glossary_json(src)
    out = tmp_path / "out.json"
    old = glossary.build({"old.md": DEF})
    old.save(out)
    before = out.read_bytes()
    assert kill_mid_write(["export", str(src), "--format", "json", "-o", str(out)], tmp_path)
    assert out.read_bytes() == before
    assert glossary.load(out) == old


def test_cli_killed_mid_update_leaves_the_saved_glossary_intact(tmp_path: Path) -> None:
    saved = tmp_path / "saved.json"
    big_glossary_json(saved)
    before = saved.read_bytes()
    doc = tmp_path / "new.md"
    doc.write_text(DEF, encoding="utf-8")
    assert kill_mid_write(["extract", str(doc), "--update", str(saved), "-q"], tmp_path)
    assert saved.read_bytes() == before


def test_cli_update_never_drops_an_entry_or_a_curated_override(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(DEF + "\n学習率(learning rate)を下げる。\n", encoding="utf-8")
    b.write_text("スパース・オートエンコーダ(Sparse Autoencoder、SAE)を調べる。\n", encoding="utf-8")
    rules = tmp_path / "curation.txt"
    rules.write_text("pin SGD\nmerge learning rate | 学習率\n", encoding="utf-8")
    saved = tmp_path / "g.json"
    first = run("extract", str(a), "--overrides", str(rules), "-o", str(saved), "-q")
    assert first.returncode == 0, first.stderr
    old = json.loads(saved.read_text(encoding="utf-8"))
    old_ids = {e["id"] for e in old["entries"]}
    # a.md is now damaged (binary): its earlier entries must stay; b.md adds
    a.write_bytes(b"\x00\x01garbage")
    r = run("extract", str(a), str(b), "--update", str(saved))
    assert r.returncode == 1 and "a.md: looks binary" in r.stderr and no_traceback(r)
    new = json.loads(saved.read_text(encoding="utf-8"))
    assert old_ids < {e["id"] for e in new["entries"]}
    assert old["overrides"] == new["overrides"] and len(new["overrides"]) == 2


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"schema": "glossary/1", "entr', "not valid JSON"),
        (b"", "not valid JSON"),
        (b'{"name": "my-package", "version": "1.0"}', "not a glossary file"),
        (b'{"schema": "glossary/9", "entries": []}', "unsupported schema 'glossary/9'"),
        (b'{"schema": "glossary/1",\n "entries": [\n{"id": "x", "related": [], "occurrences": 3}]}', ":3: "),
        ('{"schema": "glossary/1", "entries": [}'.encode("utf-16"), "not valid JSON"),  # read, then parsed
        ('{"schema": "glossary/1", "entries": []}'.encode("cp932") + b"\n\x82\xa0", ":2: not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_cli_damaged_or_foreign_glossary_is_a_clear_error(tmp_path: Path, content: bytes, says: str) -> None:
    p = tmp_path / "g.json"
    p.write_bytes(content)
    for args in (["export", str(p), "--format", "csv"], ["show", "SGD", "-g", str(p)], ["merge", str(p)]):
        r = run(*args)
        assert r.returncode == 1 and no_traceback(r), r.stderr
        assert str(p) in r.stderr and says in r.stderr, r.stderr


def test_cli_update_of_a_damaged_glossary_refuses_and_keeps_it(tmp_path: Path) -> None:
    saved = tmp_path / "g.json"
    saved.write_text('{"schema": "glossary/1", "entries": [', encoding="utf-8")
    doc = tmp_path / "a.md"
    doc.write_text(DEF, encoding="utf-8")
    r = run("extract", str(doc), "--update", str(saved))
    assert r.returncode == 1 and no_traceback(r) and "not valid JSON" in r.stderr
    assert saved.read_text(encoding="utf-8") == '{"schema": "glossary/1", "entries": ['


def test_cli_overrides_typo_names_file_and_line(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(DEF, encoding="utf-8")
    rules = tmp_path / "curation.txt"
    rules.write_text("pin SGD\nmerg a | b\n", encoding="utf-8")
    r = run("extract", str(doc), "--overrides", str(rules))
    assert r.returncode == 2 and no_traceback(r)
    assert f"{rules}:2: unknown rule 'merg'" in r.stderr


@pytest.fixture(scope="module")
def hostile_saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("hostile-json") / "hostile.json"
    hostile_glossary().save(p)
    return p


@pytest.mark.parametrize("fmt", ["tbx", "skos", "csv", "tsv", "md", "anki", "html", "jsonl", "text"])
def test_cli_exports_escape_hostile_strings(hostile_saved: Path, fmt: str) -> None:
    g = glossary.load(hostile_saved)
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "export", str(hostile_saved), "--format", fmt],
        capture_output=True,
        timeout=120,
    )
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr.decode("utf-8", "replace")
    out = r.stdout.decode("utf-8")  # strict: the output is valid UTF-8 even with lone surrogates inside
    checks: dict[str, Callable[[str, Glossary], None]] = {
        "tbx": check_tbx,
        "skos": check_skos,
        "csv": check_csv,
        "tsv": lambda o, g: check_csv(o, g, "\t"),
        "html": check_html,
    }
    if fmt in checks:
        checks[fmt](out, g)


# A fault injected into the installed package, as a bug would be: the CLI is run in a fresh process.
FAULT = """
import sys
import glossary.{module} as m
class InjectedBug(Exception):
    pass
real = m.{name}
def broken(*args, **kwargs):
    if {when}:
        raise InjectedBug("injected fault")
    return real(*args, **kwargs)
m.{name} = broken
from glossary.cli.commands import main
sys.exit(main(sys.argv[1:]))
"""


def run_with_fault(module: str, name: str, when: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = FAULT.format(module=module, name=name, when=when)
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def test_cli_a_file_that_crashes_the_extractor_is_skipped_and_the_others_go_on(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.md", tmp_path / "boom.md"
    good.write_text(DEF, encoding="utf-8")
    bad.write_text("BOOM " + DEF, encoding="utf-8")
    out = tmp_path / "out.json"
    r = run_with_fault(
        "extract", "find_definitions", "'BOOM' in args[0]", "extract", str(good), str(bad), "-o", str(out)
    )
    assert r.returncode == 1 and no_traceback(r), r.stderr
    assert "boom.md: internal error while extracting (InjectedBug: injected fault)" in r.stderr
    assert "--debug" in r.stderr and "boom.md: internal error" in r.stderr.splitlines()[-1]
    (entry,) = json.loads(out.read_text(encoding="utf-8"))["entries"]
    # a document is named by its path relative to the current folder when it lies inside it
    assert {o["doc"] for o in entry["occurrences"]} == {document_name(str(good))}


def test_cli_debug_shows_the_traceback_of_an_internal_error(tmp_path: Path) -> None:
    doc = tmp_path / "boom.md"
    doc.write_text("BOOM " + DEF, encoding="utf-8")
    r = run_with_fault("extract", "find_definitions", "True", "--debug", "extract", str(doc))
    assert r.returncode == 1 and "Traceback" in r.stderr and "InjectedBug: injected fault" in r.stderr
    r = run_with_fault("extract", "find_definitions", "True", "extract", str(doc), "--debug")
    assert "Traceback" in r.stderr


def test_cli_an_internal_error_is_one_paragraph_without_traceback(hostile_saved: Path) -> None:
    r = run_with_fault("exports.formats", "export", "True", "export", str(hostile_saved), "--format", "csv")
    assert r.returncode == 1 and no_traceback(r)
    assert "glossary export: internal error: InjectedBug: injected fault" in r.stderr
    assert "--debug" in r.stderr


def test_cli_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    """A file name with undecodable bytes is kept (lossless in JSON) and never crashes an output."""
    folder = tmp_path / "docs"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe-name.txt"), "wb") as fh:
        fh.write(DEF.encode("utf-8"))
    out = tmp_path / "out.json"
    r = run("extract", str(folder), "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    (entry,) = json.loads(out.read_text(encoding="utf-8"))["entries"]
    (doc,) = {o["doc"] for o in entry["occurrences"]}
    assert os.fsencode(doc).endswith(b"\xff\xfe-name.txt")
    for fmt in ("csv", "html", "md", "anki", "text"):
        r = run("export", str(out), "--format", fmt)
        assert r.returncode == 0 and no_traceback(r), r.stderr


def test_cli_a_named_pipe_in_a_folder_is_not_read(tmp_path: Path) -> None:
    """A FIFO named like a text file would block the reader forever; the folder walk passes it by."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text(DEF, encoding="utf-8")
    os.mkfifo(folder / "pipe.md")
    r = run("extract", str(folder), "--format", "json", timeout=60)
    assert r.returncode == 0, r.stderr
    assert [e["en"] for e in json.loads(r.stdout)["entries"]] == [SGD]


def test_cli_bom_in_overrides_and_crlf_are_fine(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_bytes(codecs.BOM_UTF8 + (DEF + "\r\n").encode("utf-8"))
    rules = tmp_path / "curation.txt"
    rules.write_bytes(codecs.BOM_UTF8 + b"pin SGD\r\n")
    r = run("extract", str(doc), "--overrides", str(rules), "--format", "json", "-q")
    assert r.returncode == 0, r.stderr
    assert [e["en"] for e in json.loads(r.stdout)["entries"]] == [SGD]
