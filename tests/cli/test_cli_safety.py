"""Nothing a user does costs a file, and nothing a document holds takes over the terminal or the machine.

Each defect of issue 16 is driven here as a user or a hostile document drives
it: through the command line in a subprocess (a real SIGTERM, a FIFO, a
read-only file, a folder 1,000 deep, a killed worker), plus hypothesis
properties that what is printed for a person never holds a raw control
character.  Timing lives in ``benchmarks/robustness.py``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import glossary
from glossary.cli import commands as cli
from glossary.text.display import CONTROL_RE, visible
from glossary_helpers import run_cli as run

DEF = "確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。"
DEF2 = "スパース・オートエンコーダ(Sparse Autoencoder、SAE)を調べる。"
# what a hostile document sets: the window title, a cleared screen, the clipboard (OSC 52), a bidi override
HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b]52;c;ZWNobyBoaQ==\x07\u202e\x9b31m"


def raw_controls(text: str) -> list[str]:
    return CONTROL_RE.findall(text)


def entries(path: Path) -> list[dict[str, object]]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


# --- 1. the output is an input ----------------------------------------------------------------------------


def test_an_output_that_is_an_input_is_refused_before_any_work(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("私のメモ。" + DEF, encoding="utf-8")
    before = notes.read_bytes()
    for spelling in (str(notes), str(tmp_path / "." / "notes.md")):
        r = run("extract", str(notes), "-o", spelling)
        assert r.returncode == 2, r.stderr
        assert "is also an input" in r.stderr
        assert notes.read_bytes() == before
    # a hard link is the same file under another name
    link = tmp_path / "link.md"
    os.link(notes, link)
    r = run("extract", str(notes), "-o", str(link))
    assert r.returncode == 2 and "is also an input" in r.stderr
    assert notes.read_bytes() == before
    # so is --update rewriting a file that is read as a document
    r = run("extract", str(notes), "--update", str(notes))
    assert r.returncode == 2 and notes.read_bytes() == before


def test_an_output_inside_an_input_folder_is_never_read_back(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(DEF + DEF2, encoding="utf-8")
    out = docs / "glossary.md"
    counts = []
    for _ in range(3):
        r = run("extract", str(docs), "-o", str(out))
        assert r.returncode == 0, r.stderr
        assert "inside the input folder" in r.stderr
        assert "read 1 file(s)" in r.stderr
        counts.append(out.read_text(encoding="utf-8"))
    assert counts[0] == counts[1] == counts[2]


# --- 2. terminal escapes ------------------------------------------------------------------------------------


def test_escape_sequences_in_documents_and_names_never_reach_the_terminal(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / f"evil{HOSTILE[:9]}.md").write_text(HOSTILE + DEF + HOSTILE + "\n" + DEF2, encoding="utf-8")
    (docs / f"blob{HOSTILE[9:13]}.txt").write_bytes(b"\x00\x01binary")
    saved = tmp_path / "g.json"
    outputs = [
        run("extract", str(docs)),
        run("extract", str(docs), "-o", str(saved)),
        run("show", "SGD", "-g", str(saved)),
        run("show", "確率的勾配降下法" + HOSTILE, "-g", str(saved)),
        run("stats", "-g", str(saved)),
        run("export", str(saved), "--format", "text"),
        run("extract", str(docs), "--format", "csv" + HOSTILE),
    ]
    for r in outputs:
        assert raw_controls(r.stdout) == [], r.args
        assert raw_controls(r.stderr) == [], r.args
    assert "looks binary" in outputs[0].stderr and "\\x1b" in outputs[0].stderr
    assert "SGD" in outputs[2].stdout
    # the saved data keeps the exact text: only what is printed is escaped
    doc_names = {d for e in entries(saved) for o in e["occurrences"] for d in [o["doc"]]}  # type: ignore[index]
    assert any("\x1b" in d for d in doc_names)


def test_escape_sequence_fragments_never_become_terms() -> None:
    text = f"\x1b[1mSGD\x1b[0m(Stochastic Gradient Descent)。\x1b]0;title\x07{DEF}\x1b[31m(SGD)\x1b[0m。"
    found = glossary.find_definitions(text)
    assert [d.ja.text for d in found if d.ja] == ["確率的勾配降下法"]
    for d in found:
        for p in d.parts:
            assert "\x1b" not in p.text and "0m" not in p.text and "[" not in p.text, p


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["\x1b[", "\x1b]0;", "\x07", "\x9b", "m", "31", ";", "(", ")", "SGD", DEF, "用語", " "]
        ),
        max_size=30,
    )
)
def test_property_no_term_holds_a_control_character(pieces: list[str]) -> None:
    text = "".join(pieces)
    for d in glossary.find_definitions(text, keep_low=True):
        for p in d.parts:
            assert text[p.start : p.end] == p.text
            assert not any(ch in p.text for ch in "\x1b\x07\x9b"), p


@settings(max_examples=300, deadline=None)
@given(st.text(), st.booleans())
def test_property_visible_leaves_no_raw_control(text: str, newlines: bool) -> None:
    shown = visible(text, newlines=newlines)
    assert raw_controls(shown) == []
    if not newlines:
        assert "\n" not in shown and "\t" not in shown
    if not CONTROL_RE.search(text) and (newlines or not any(c in text for c in "\n\t")):
        assert shown == text  # ordinary text is left alone


# hostile strings for names, terms and sentences: any controls, bidi marks, surrogates among Japanese
_hostile = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x9F),
        st.sampled_from(["\u202e", "\u2066", "\u2028", "\ud800", "用", "語", "ア"]),
    ),
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_hostile, before=_hostile, query=_hostile)
def test_property_printed_text_never_holds_a_raw_control(name: str, before: str, query: str) -> None:
    g = glossary.build({name or "x": before + DEF + before + DEF2})
    with tempfile.TemporaryDirectory() as folder:
        saved = str(Path(folder) / "g.json")
        g.save(saved)
        for argv in (
            ["show", "SGD", "-g", saved],
            # "--" ends the options: a query may start with "-" (argparse would read it as an option)
            ["show", "-g", saved, "--", query or "?"],
            ["show", "-g", saved, "--", "確率" + query],
            ["stats", "-g", saved],
            ["export", saved, "--format", "text"],
        ):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                cli.main(argv)
            assert raw_controls(out.getvalue()) == [], argv
            assert raw_controls(err.getvalue()) == [], argv


# --- 3 / 4. limits per document -----------------------------------------------------------------------


def test_a_document_over_the_size_or_bracket_limit_is_skipped_with_the_reason(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text(DEF * 100, encoding="utf-8")  # 8 KB
    brackety = tmp_path / "brackets.md"
    brackety.write_text("(" * 500 + DEF, encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text(DEF2, encoding="utf-8")
    out = tmp_path / "g.json"
    r = run(
        "extract",
        str(big),
        str(brackety),
        str(good),
        "--max-size",
        "0.005",
        "--max-brackets",
        "100",
        "-o",
        str(out),
    )
    assert r.returncode == 1
    assert "big.md: too large" in r.stderr and "--max-size" in r.stderr
    assert "brackets.md: too many brackets (502" in r.stderr and "--max-brackets" in r.stderr
    assert "skipped 2" in r.stderr
    assert [e["abbr"] for e in entries(out)] == ["SAE"]
    # 0 lifts the limits
    r = run("extract", str(big), str(brackety), "--max-size", "0", "--max-brackets", "0", "-o", str(out))
    assert r.returncode == 0, r.stderr


def test_standard_input_over_the_size_limit_is_refused() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "extract", "-", "--max-size", "0.001"],
        input=DEF * 100,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert r.returncode == 1 and "too large (over" in r.stderr


# --- 5. -o onto a pipe, a device, a read-only file, a file with owners and links ------------------


def test_output_onto_a_fifo_writes_through_it(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(DEF, encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run("extract", str(doc), "-o", str(fifo), "--format", "jsonl")
    reader.join(60)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not replaced by a file
    assert b'"SGD"' in got[0]
    assert not list(tmp_path.glob(".glossary-*"))


def test_output_onto_dev_stdout_and_dev_null(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(DEF, encoding="utf-8")
    r = run("extract", str(doc), "-o", "/dev/stdout", "--format", "csv")  # stdout is a pipe here
    assert r.returncode == 0, r.stderr
    assert "SGD" in r.stdout
    before = os.stat("/dev/null")
    r = run("extract", str(doc), "-o", "/dev/null", "--format", "csv")
    assert r.returncode == 0, r.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_read_only_output_is_refused_unless_forced(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(DEF, encoding="utf-8")
    out = tmp_path / "g.json"
    out.write_text("keep me", encoding="utf-8")
    out.chmod(0o444)
    r = run("extract", str(doc), "-o", str(out))
    assert r.returncode == 2 and "read-only" in r.stderr and "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    r = run("extract", str(doc), "--update", str(out))
    assert r.returncode == 2 and out.read_text(encoding="utf-8") == "keep me"
    r = run("extract", str(doc), "-o", str(out), "--force")
    assert r.returncode == 0, r.stderr
    assert entries(out) and stat.S_IMODE(out.stat().st_mode) == 0o444  # replaced, mode kept


def test_replacing_keeps_mode_and_owner_and_says_when_a_hard_link_breaks(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(DEF, encoding="utf-8")
    out = tmp_path / "g.json"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0o640)
    as_root = os.geteuid() == 0
    if as_root:
        os.chown(out, 4321, 4321)
    os.link(out, tmp_path / "other-name.json")
    r = run("extract", str(doc), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "2 hard links" in r.stderr
    st_out = out.stat()
    assert stat.S_IMODE(st_out.st_mode) == 0o640
    if as_root:
        assert (st_out.st_uid, st_out.st_gid) == (4321, 4321)
    assert (tmp_path / "other-name.json").read_text(encoding="utf-8") == "{}"


# --- 6. SIGTERM, and temporary files left by killed runs ---------------------------------------------------


def test_sigterm_removes_the_temporary_file_and_exits_143(tmp_path: Path) -> None:
    from test_robustness import big_glossary_json

    src = tmp_path / "big.json"
    big_glossary_json(src)
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "glossary", "export", str(src), "--format", "json", "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and not list(tmp_path.glob(".glossary-*")):
            time.sleep(0.001)
        if proc.poll() is not None:
            continue  # finished before the temporary file was seen: try again
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 143, err
        assert "terminated" in err and "Traceback" not in err
        assert not list(tmp_path.glob(".glossary-*"))
        assert out.read_text(encoding="utf-8") == "old"
        return
    pytest.fail("the write never took long enough to be interrupted")


def test_a_run_removes_its_own_stale_temporary_files(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(DEF, encoding="utf-8")
    stale, fresh, other = (tmp_path / n for n in (".glossary-old.tmp", ".glossary-new.tmp", ".other-x.tmp"))
    for p in (stale, fresh, other):
        p.write_text("partial", encoding="utf-8")
    two_days = time.time() - 2 * 86_400
    os.utime(stale, (two_days, two_days))
    os.utime(other, (two_days, two_days))
    r = run("extract", str(doc), "-o", str(tmp_path / "g.json"))
    assert r.returncode == 0, r.stderr
    assert not stale.exists() and fresh.exists() and other.exists()


# --- 7. one bad thing never stops everything -------------------------------------------------------


def test_a_folder_nested_a_thousand_deep_is_read(tmp_path: Path) -> None:
    top = tmp_path / "deep"
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(1000):  # relative to an open folder: the path itself is never spelled out
            os.mkdir("d", dir_fd=fd)
            nxt = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        with open(
            os.open("bottom.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8"
        ) as fh:
            fh.write(DEF)
    finally:
        os.close(fd)
    (top / "top.md").write_text(DEF2, encoding="utf-8")
    out = tmp_path / "g.json"
    try:
        r = run("extract", str(top), "-o", str(out))
        assert r.returncode == 0, r.stderr
        assert "read 2 file(s)" in r.stderr
        assert sorted(e["abbr"] for e in entries(out)) == ["SAE", "SGD"]  # type: ignore[type-var]
    finally:
        _remove_deep(top)


def _remove_deep(top: Path) -> None:
    """Remove nested "d" folders a level at a time (shutil.rmtree recurses, so does pytest's cleanup)."""
    while (top / "d").exists():
        (top / "d").rename(top / "old")
        if (top / "old" / "d").exists():
            (top / "old" / "d").rename(top / "d")
        shutil.rmtree(top / "old")


def test_a_folder_that_cannot_be_read_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    top = tmp_path / "docs"
    top.mkdir()
    (top / "a.md").write_text(DEF, encoding="utf-8")
    # a folder whose path is longer than the system allows cannot be listed, even by root
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(20):
            os.mkdir("x" * 250, dir_fd=fd)
            nxt = os.open("x" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
    finally:
        os.close(fd)
    out = tmp_path / "g.json"
    r = run("extract", str(top), "-o", str(out))
    assert r.returncode == 1, r.stderr
    assert "cannot read folder" in r.stderr and "unreadable folder" in r.stderr
    assert [e["abbr"] for e in entries(out)] == ["SGD"]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker")
def test_a_killed_worker_costs_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(24):
        (docs / f"d{i:02}.md").write_text(
            # enough text that a worker of the compiled core works past 0.15 CPU seconds (0.36 in all)
            f"第{i}章。" + (DEF + DEF2 + "本文の文章が続く。" * 40) * 120,
            encoding="utf-8",
        )
    expected = tmp_path / "one.json"
    r = run("extract", str(docs), "-o", str(expected), "-q")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "two.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "glossary", "extract", str(docs), "--jobs", "2", "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = False
    deadline = time.monotonic() + 120
    while not killed and proc.poll() is None and time.monotonic() < deadline:
        # the pool's workers are forked by the forkserver, itself a child of the command
        for server in _children(proc.pid):
            for worker in _children(server):
                with contextlib.suppress(OSError, IndexError, ValueError):
                    if _cpu_seconds(worker) > 0.15:  # started (0.08 s) and working
                        os.kill(worker, signal.SIGKILL)
                        killed = True
        time.sleep(0.01)
    _, err = proc.communicate(timeout=300)
    assert killed, "no worker was seen working"
    assert proc.returncode == 0, err
    assert out.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")


# --- 8. one document under any spelling -------------------------------------------------------------------


def test_the_same_document_under_three_spellings_is_one_document(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(DEF, encoding="utf-8")
    saved = tmp_path / "g.json"
    for args, cwd in (
        (["docs"], tmp_path),
        ([str(docs)], tmp_path),
        (["."], docs),
        (["./sub/../"], docs),
    ):
        if args == ["./sub/../"]:
            (docs / "sub").mkdir()
        r = run("extract", *args, "--update", str(saved), "--root", str(tmp_path), cwd=cwd)
        assert r.returncode == 0, r.stderr
    data = json.loads(saved.read_text(encoding="utf-8"))
    docs_seen = {o["doc"] for e in data["entries"] for o in e["occurrences"]}
    assert docs_seen == {"docs/a.md"}
    assert [e["count"] for e in data["entries"]] == [1]
    # by default the root is the current folder
    r = run("extract", "docs/a.md", "-o", str(saved), cwd=tmp_path)
    assert r.returncode == 0 and {o["doc"] for e in entries(saved) for o in e["occurrences"]} == {"docs/a.md"}  # type: ignore[attr-defined]


# --- 9. spreadsheet and Markdown exports ------------------------------------------------------------------


def test_csv_sub_cells_are_neutralised_and_markdown_names_are_one_line(tmp_path: Path) -> None:
    evil = tmp_path / "a.md;=cmd|' -C calc'!A0"  # a file name cannot hold the usual /C
    evil.write_text(DEF, encoding="utf-8")
    newline = tmp_path / "b.md\n# injected heading\n- x"
    newline.write_text(DEF, encoding="utf-8")
    for fmt in ("csv", "tsv"):
        out = tmp_path / f"g.{fmt}"
        r = run("extract", evil.name, newline.name, "--format", fmt, "-o", str(out), cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        rows = list(
            csv.reader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="," if fmt == "csv" else "\t")
        )
        for row in rows[1:]:
            for cell in row:
                for sub in cell.replace(",", ";").split(";"):
                    assert not sub.lstrip(" ").startswith(("=", "+", "-", "@")), cell
        assert any(";'=cmd" in cell for row in rows for cell in row)
    md = tmp_path / "g.md"
    r = run("extract", evil.name, newline.name, "--format", "md", "-o", str(md), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = md.read_text(encoding="utf-8").splitlines()
    assert not any(line.startswith(("# injected", "- x")) for line in lines)
    assert any("injected heading" in line for line in lines)
