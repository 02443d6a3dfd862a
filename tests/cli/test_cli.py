"""The command line, run as a user runs it: ``python -m glossary ...`` in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

DOCS = {
    "a.md": "# 最適化のメモ\n\n確率的勾配降下法(Stochastic Gradient Descent、SGD)でモデルを学習する。"
    "学習率(learning rate)は小さめにする。\nSGD は単純だが強い。\n",
    "b.md": "トランスフォーマー(Transformer)は注意機構を使うモデルである。\n"
    "画像には Vision Transformer (ViT)(ViT、ビジョン・トランスフォーマー)を使う。\n"
    "スパース・オートエンコーダ(Sparse Autoencoder、SAE)で特徴を調べる。\n",
    "sub/c.txt": "スタック型オートエンコーダ(Stacked Autoencoder、SAE)は層を積み重ねる。\n"
    "スパースオートエンコーダー(sparse autoencoders)は辞書学習に近い。\n",
}
EN_OF_A = {"Stochastic Gradient Descent", "learning rate"}


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def english(result_json: str) -> set[str]:
    return {e["en"] for e in json.loads(result_json)["entries"] if e["en"]}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    for name, text in DOCS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.md").write_text("隠し語(hidden term)を書く。\n", encoding="utf-8")
    (root / "notes.bin").write_bytes(b"\x00\x01")  # not a text suffix: never read from a folder
    return root


@pytest.fixture(scope="module")
def saved(docs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("saved") / "g.json"
    r = run("extract", str(docs), "-o", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    return out


# --- help and usage -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ((), "glossary extract data/samples/"),
        (("extract",), "glossary extract docs/ --glob"),
        (("merge",), "glossary merge team-a.json team-b.json -o all.json"),
        (("show",), "glossary show SAE -g terms.json"),
        (("stats",), "glossary stats -g terms.json"),
        (("export",), "glossary export terms.json --format html"),
        (("check",), "glossary check docs/ -g terms.json --fix"),
    ],
)
def test_help_on_every_command_has_a_real_example(command: tuple[str, ...], example: str) -> None:
    r = run(*command, "--help")
    assert r.returncode == 0
    assert "examples:" in r.stdout and example in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("extract",),
        ("extract", "x.md", "--format", "docx"),
        ("extract", "x.md", "--min-score", "2"),
        ("extract", "x.md", "--jobs", "0"),
        ("frobnicate",),
        ("extract", "-", "-"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    r = run(*args, stdin="")
    assert r.returncode == 2, r.stderr
    assert "usage:" in r.stderr and "error:" in r.stderr
    assert r.stdout == ""


# --- extract --------------------------------------------------------------------------------------


def test_extract_folder_prints_a_term_list_and_a_summary(docs: Path) -> None:
    r = run("extract", str(docs))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    sgd = next(line for line in lines if "確率的勾配降下法" in line)
    assert "Stochastic Gradient Descent" in sgd and "SGD" in sgd and "×1" in sgd
    assert "hidden term" not in r.stdout  # hidden folders are skipped
    assert "glossary:" not in r.stdout  # messages never mix with data
    assert "read 3 file(s)" in r.stderr and "entries" in r.stderr and " s" in r.stderr


def test_extract_json_is_the_saved_glossary_contract(docs: Path) -> None:
    r = run("extract", str(docs), "--format", "json", "-q")
    assert r.returncode == 0 and r.stderr == ""
    data = json.loads(r.stdout)
    assert data["schema"] == "glossary/1"
    entry = next(e for e in data["entries"] if e["abbr"] == "ViT")
    assert entry["en"] == "Vision Transformer" and entry["ja"] == "ビジョン・トランスフォーマー"
    assert set(entry["forms"]) == {"ja", "en", "abbr"}
    assert {"broader"} == {link["type"] for link in entry["related"]}


def test_extract_stdin(docs: Path) -> None:
    r = run("extract", "-", "--format", "jsonl", "-q", stdin=DOCS["a.md"])
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {row["en"] for row in rows} == EN_OF_A


def test_extract_glob_selects_files_in_folders(docs: Path) -> None:
    r = run("extract", str(docs), "--glob", "*.txt", "--format", "json", "-q")
    assert r.returncode == 0
    assert english(r.stdout) == {"Stacked Autoencoder", "sparse autoencoders"}
    r = run("extract", str(docs), "--glob", "*.rst", "-q")
    assert r.returncode == 1 and "no input files found" in r.stderr


def test_extract_min_score_filters(docs: Path) -> None:
    low = run("extract", str(docs), "--min-score", "0", "--format", "json", "-q")
    high = run("extract", str(docs), "--min-score", "1", "--format", "json", "-q")
    assert low.returncode == high.returncode == 0
    assert len(json.loads(high.stdout)["entries"]) < len(json.loads(low.stdout)["entries"])


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".json", lambda s: json.loads(s)["schema"] == "glossary/1"),
        (".html", lambda s: s.startswith("<!DOCTYPE html>")),
        (".csv", lambda s: "Stochastic Gradient Descent" in s and "," in s.splitlines()[0]),
        (".tbx", lambda s: ET.fromstring(s.encode()).tag.endswith("tbx")),
        (".txt", lambda s: "確率的勾配降下法" in s and "×1" in s),
    ],
)
def test_extract_output_file_format_from_suffix(docs: Path, tmp_path: Path, suffix: str, check) -> None:
    out = tmp_path / f"terms{suffix}"
    r = run("extract", str(docs), "-o", str(out), "-q")
    assert r.returncode == 0 and r.stdout == ""
    assert check(out.read_text(encoding="utf-8"))
    mode = stat.S_IMODE(out.stat().st_mode)
    assert mode & 0o044, "a new output file is readable as usual, not left with a temporary file's 0600"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left behind


def test_extract_output_replaces_atomically_and_keeps_mode(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "terms.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    r = run("extract", str(docs / "a.md"), "-o", str(out), "-q")
    assert r.returncode == 0
    assert english(out.read_text(encoding="utf-8")) == EN_OF_A
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_failed_inputs_exit_1_and_the_rest_is_still_written(docs: Path, tmp_path: Path) -> None:
    bad = tmp_path / "garbled.txt"
    bad.write_bytes(b"\x80\x80\x80\x80 abc")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x00\x00abc")
    out = tmp_path / "g.json"
    missing = tmp_path / "missing.md"
    r = run("extract", str(docs / "a.md"), str(bad), str(binary), str(missing), "-o", str(out))
    assert r.returncode == 1
    assert english(out.read_text(encoding="utf-8")) == EN_OF_A
    assert "garbled.txt: cannot decode: invalid byte 0x80 at byte offset 0" in r.stderr
    assert "blob.txt: looks binary" in r.stderr
    assert "missing.md: no such file" in r.stderr
    assert "skipped 3" in r.stderr and "read 1 file(s)" in r.stderr


@pytest.mark.parametrize("codec", ["shift_jis", "euc_jp", "utf-16"])
def test_legacy_encodings_are_read(tmp_path: Path, codec: str) -> None:
    doc = tmp_path / "old.txt"
    doc.write_bytes(DOCS["a.md"].encode(codec))
    r = run("extract", str(doc), "--format", "json", "-q")
    assert r.returncode == 0, r.stderr
    assert english(r.stdout) == EN_OF_A
    if codec != "utf-16":  # named UTF-16 is refused as binary by glossary.io (reported), detected is fine
        forced = run("extract", str(doc), "--encoding", codec, "--format", "json", "-q")
        assert english(forced.stdout) == EN_OF_A


def test_unknown_encoding_is_a_usage_error(docs: Path) -> None:
    r = run("extract", str(docs), "--encoding", "klingon")
    assert r.returncode == 2 and "unknown encoding 'klingon'" in r.stderr


def test_update_adds_documents_and_keeps_curation(docs: Path, tmp_path: Path) -> None:
    saved = tmp_path / "g.json"
    rules = tmp_path / "curation.txt"
    rules.write_text("# not a term here\nblock learning rate\n", encoding="utf-8")
    r = run("extract", str(docs / "a.md"), "--overrides", str(rules), "-o", str(saved), "-q")
    assert r.returncode == 0, r.stderr
    assert english(saved.read_text(encoding="utf-8")) == {"Stochastic Gradient Descent"}

    r = run("extract", str(docs / "b.md"), "--update", str(saved))  # no -o: rewritten in place
    assert r.returncode == 0, r.stderr
    both = english(saved.read_text(encoding="utf-8"))
    assert {"Stochastic Gradient Descent", "Transformer", "Vision Transformer"} <= both
    assert "learning rate" not in both  # the block rule survived the update
    assert "(+" in r.stderr  # the summary says how many entries were added


def test_update_replaces_a_document_read_again(docs: Path, tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(DOCS["a.md"], encoding="utf-8")
    saved = tmp_path / "g.json"
    assert run("extract", str(doc), "-o", str(saved), "-q").returncode == 0
    doc.write_text("学習率(learning rate)だけが残った。\n", encoding="utf-8")
    out = tmp_path / "new.json"
    r = run("extract", str(doc), "--update", str(saved), "-o", str(out), "-q")
    assert r.returncode == 0
    assert english(out.read_text(encoding="utf-8")) == {"learning rate"}
    assert english(saved.read_text(encoding="utf-8")) == EN_OF_A  # with -o the old file is untouched


def test_update_rejects_a_damaged_glossary(docs: Path, tmp_path: Path) -> None:
    saved = tmp_path / "g.json"
    saved.write_text('{"schema": "glossary/1", "entries": [', encoding="utf-8")
    r = run("extract", str(docs / "a.md"), "--update", str(saved), "-q")
    assert r.returncode == 1
    assert "--update: " in r.stderr and "g.json" in r.stderr and "not valid" in r.stderr
    assert saved.read_text(encoding="utf-8").endswith("[")  # left as it was


def test_update_with_a_non_json_format_needs_o(docs: Path, tmp_path: Path) -> None:
    r = run("extract", str(docs / "a.md"), "--update", str(tmp_path / "g.json"), "--format", "csv")
    assert r.returncode == 2 and "--update without -o" in r.stderr


def test_overrides_errors_name_file_and_line(docs: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.txt"
    rules.write_text("pin SGD\nfuse a | b\n", encoding="utf-8")
    r = run("extract", str(docs), "--overrides", str(rules))
    assert r.returncode == 2
    assert f"{rules}:2: unknown rule 'fuse'" in r.stderr


def test_jobs_gives_the_same_glossary(docs: Path) -> None:
    one = run("extract", str(docs), "--format", "json", "-q", "--jobs", "1")
    two = run("extract", str(docs), "--format", "json", "-q", "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_broken_pipe_is_not_an_error(docs: Path) -> None:
    """``glossary extract ... | head`` : the reader goes away before the output is written."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "glossary", "extract", str(docs), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_shell_pipe_into_head(docs: Path) -> None:
    r = subprocess.run(
        f'"{sys.executable}" -m glossary extract "{docs}" -f md | head -n 1',
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.stdout.startswith("# ")
    assert "Traceback" not in r.stderr


def _run_on_terminal(args: list[str]) -> str:
    """Run with standard error on a pseudo-terminal; return what it showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "glossary", *args], stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                data = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal(docs: Path) -> None:
    shown = _run_on_terminal(["extract", str(docs), "-f", "json"])
    assert "file" in shown and "%" in shown  # tqdm's bar: "67%|...| 2/3 [..., file/s]"
    assert "read 3 file(s)" in shown
    quiet = _run_on_terminal(["extract", str(docs), "-f", "json", "--quiet"])
    assert quiet.strip() == ""
    piped = run("extract", str(docs), "-f", "json")
    assert "%|" not in piped.stderr and "\r" not in piped.stderr


# --- merge / export / show / stats ----------------------------------------------------------------


def test_merge_is_order_free_and_equals_one_run(docs: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("extract", str(docs / "a.md"), "-o", str(a), "-q").returncode == 0
    assert run("extract", str(docs / "b.md"), str(docs / "sub"), "-o", str(b), "-q").returncode == 0
    ab, ba = tmp_path / "ab.json", tmp_path / "ba.json"
    r = run("merge", str(a), str(b), "-o", str(ab))
    assert r.returncode == 0 and "read 2 file(s)" in r.stderr
    assert run("merge", str(b), str(a), "-o", str(ba), "-q").returncode == 0
    assert json.loads(ab.read_text(encoding="utf-8")) == json.loads(ba.read_text(encoding="utf-8"))
    whole = run("extract", str(docs / "a.md"), str(docs / "b.md"), str(docs / "sub"), "-f", "json", "-q")
    assert json.loads(ab.read_text(encoding="utf-8")) == json.loads(whole.stdout)
    to_stdout = run("merge", str(a), str(b), "-q")
    assert json.loads(to_stdout.stdout)["schema"] == "glossary/1"


def test_merge_reports_a_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "glossary/9", "entries": []}', encoding="utf-8")
    r = run("merge", str(bad), str(bad))
    assert r.returncode == 1 and "unsupported schema 'glossary/9'" in r.stderr


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda s: json.loads(s)["schema"] == "glossary/1"),
        ("jsonl", lambda s: all(json.loads(line) for line in s.splitlines())),
        ("csv", lambda s: len(list(csv.reader(io.StringIO(s)))) >= 7),
        ("tsv", lambda s: "\t" in s.splitlines()[0]),
        ("tbx", lambda s: ET.fromstring(s.encode()).tag.endswith("tbx")),
        ("skos", lambda s: "skos:prefLabel" in s and "@ja" in s),
        ("anki", lambda s: s.startswith("#separator:tab")),
        ("md", lambda s: s.startswith("# ")),
        ("html", lambda s: "<!DOCTYPE html>" in s and 'id="q"' in s),
        ("text", lambda s: "ビジョン・トランスフォーマー" in s),
    ],
)
def test_export_every_format(saved: Path, fmt: str, check) -> None:
    r = run("export", str(saved), "--format", fmt)
    assert r.returncode == 0, r.stderr
    assert check(r.stdout)


def test_export_and_merge_to_files(saved: Path, tmp_path: Path) -> None:
    page = tmp_path / "glossary.html"
    r = run("export", str(saved), "-o", str(page))  # format from the suffix
    assert r.returncode == 0 and r.stdout == ""
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    rows = tmp_path / "merged.tsv"
    r = run("merge", str(saved), str(saved), "-o", str(rows), "-q")
    assert r.returncode == 0
    assert len(rows.read_text(encoding="utf-8").splitlines()) == 1 + 6  # header + one row per entry
    text = run("merge", str(saved), "--format", "text", "-q")
    assert "ビジョン・トランスフォーマー" in text.stdout and "×1" in text.stdout


def test_export_missing_file(tmp_path: Path) -> None:
    r = run("export", str(tmp_path / "nope.json"), "-f", "csv")
    assert r.returncode == 1 and "nope.json: no such file" in r.stderr


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SGD", "Stochastic Gradient Descent"),
        ("確率的勾配降下法", "SGD"),
        ("vision transformers", "ビジョン・トランスフォーマー"),
        ("スパースオートエンコーダ", "Sparse Autoencoder"),
    ],
)
def test_show_finds_any_language(saved: Path, query: str, expected: str) -> None:
    r = run("show", query, "-g", str(saved))
    assert r.returncode == 0, r.stderr
    assert expected in r.stdout


def test_show_fuzzy_match_says_so(saved: Path) -> None:
    r = run("show", "Stocastic Gradient Decent", "-g", str(saved))
    assert r.returncode == 0
    assert r.stdout.startswith("(no exact match for 'Stocastic Gradient Decent'; nearest:)")
    assert "確率的勾配降下法 (Stochastic Gradient Descent, SGD)" in r.stdout


def test_update_creates_a_missing_glossary(docs: Path, tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    r = run("extract", str(docs / "a.md"), "--update", str(target))
    assert r.returncode == 0
    assert "does not exist yet; it will be created" in r.stderr
    assert english(target.read_text(encoding="utf-8")) == EN_OF_A


def test_show_homonyms_and_links(saved: Path) -> None:
    r = run("show", "SAE", "-g", str(saved))
    assert r.returncode == 0
    assert "Sparse Autoencoder" in r.stdout and "Stacked Autoencoder" in r.stdout
    assert "homonym:" in r.stdout


def test_show_suggests_when_not_found(saved: Path) -> None:
    r = run("show", "トランス", "-g", str(saved))
    assert r.returncode == 1
    assert "no entry for 'トランス'" in r.stderr and "did you mean:" in r.stderr
    assert "トランスフォーマー (Transformer)" in r.stderr


def test_show_json_and_default_glossary_file(saved: Path) -> None:
    r = run("show", "ViT", "--format", "json", cwd=saved.parent.parent)  # no ./glossary.json there
    assert r.returncode == 1 and "glossary.json: no such file" in r.stderr
    env_run = subprocess.run(
        [sys.executable, "-m", "glossary", "show", "ViT", "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "GLOSSARY_FILE": str(saved)},
        timeout=120,
    )
    data = json.loads(env_run.stdout)
    assert data["match"] == "exact" and data["entries"][0]["en"] == "Vision Transformer"


def test_stats(saved: Path) -> None:
    r = run("stats", "-g", str(saved), "--top", "2")
    assert r.returncode == 0
    assert r.stdout.startswith("6 entries from 7 definitions in 3 document(s)")
    assert "homonyms:" in r.stdout and "SAE:" in r.stdout
    top = r.stdout.split("top 2:\n")[1].splitlines()[:2]
    assert "スパース・オートエンコーダ" in top[0]
    data = json.loads(run("stats", "-g", str(saved), "--format", "json").stdout)
    assert data["entries"] == 6 and data["documents"] == 3
    assert sorted(data["homonyms"]["SAE"]) == [
        "スタック型オートエンコーダ (Stacked Autoencoder, SAE)",
        "スパース・オートエンコーダ (Sparse Autoencoder, SAE)",
    ]
    assert data["links"] == {"broader": 1, "homonym": 2, "narrower": 1}


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("glossary")
    if not script.exists():
        pytest.skip(f"no console script next to {sys.executable} (not a venv install)")
    r = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("glossary ")
