"""glossary.io: encoding detection, binary files, clear errors, UTF-8-safe strings."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from glossary.io import (
    BinaryFileError,
    EncodingNameError,
    ReadError,
    UndecodableError,
    atomic_write,
    check_encoding,
    decode_bytes,
    japanese_score,
    json_dumps,
    json_line,
    looks_binary,
    read_document,
    remove_stale_temps,
    scrub,
    xml_safe,
)

# short texts are the hard case for detectors: one line, a handful of characters
TEXTS = [
    "確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。",
    "スパース・オートエンコーダ(SAE)",
    "小さな実証(PoC)",
    "テスト",
    "漢字",
    "機械学習",
    "サブネットワーク(subnetwork)を探す。\n二行目もある。\n",
    "ｶﾀｶﾅ半角と全角の混在(mixed)",
    "ASCII only (plain)",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(
    ("codec", "expect"),
    [
        ("utf-8", "utf_8"),
        ("utf-8-sig", "utf-8"),  # BOM
        ("utf-16", "utf-16-"),  # BOM, either byte order
        ("utf-32", "utf-32-"),
        ("cp932", "cp932"),
        ("shift_jis", "cp932"),
        ("euc_jp", "euc_jp"),
    ],
)
def test_encodings_are_detected(text: str, codec: str, expect: str) -> None:
    data = text.encode(codec)
    got = decode_bytes(data, name="t.txt")
    assert got.text == text
    if not text.isascii():
        assert got.encoding.startswith(expect)
    assert got.bom == (codec in ("utf-8-sig", "utf-16", "utf-32"))


@pytest.mark.parametrize("text", [t for t in TEXTS if "ｶ" not in t and not t.isascii()])
def test_iso_2022_jp_is_detected(text: str) -> None:
    got = decode_bytes(text.encode("iso2022_jp"))
    assert (got.text, got.encoding) == (text, "iso2022_jp")


@pytest.mark.parametrize(
    "text", [t for t in TEXTS if not t.isascii()] + ["本稿では確率的勾配降下法を用いて学習した。" * 50]
)
def test_the_right_japanese_encoding_scores_higher(text: str) -> None:
    """The trial decode of the wrong legacy encoding (when it decodes at all) is less plausible."""
    for right, wrong in (("cp932", "euc_jp"), ("euc_jp", "cp932")):
        data = text.encode(right)
        try:
            misread = data.decode(wrong)
        except UnicodeDecodeError:
            continue
        assert japanese_score(misread) < japanese_score(text)


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        (b"abc\xff\xfe def", 3),  # not UTF-8, not CP932, not EUC-JP
        (b"ok line\nbad \x80\x80\x80 here", 12),
        ("caf\u00e9 au lait".encode("latin-1"), 3),  # Latin-1 is not guessed: say so
    ],
)
def test_undecodable_bytes_name_file_and_offset(data: bytes, offset: int) -> None:
    with pytest.raises(UndecodableError) as err:
        decode_bytes(data, name="notes/old.txt")
    assert err.value.offset == offset
    msg = str(err.value)
    assert msg.startswith("notes/old.txt: ")
    assert f"byte offset {offset}" in msg and "--encoding" in msg


def test_undecodable_error_gives_the_line() -> None:
    with pytest.raises(UndecodableError, match=r"line 3"):
        decode_bytes(b"one\ntwo\nthree \xff\xff", name="x.txt")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL byte at offset 8"),
        (b"%PDF-1.7\n" + bytes(range(256)), "NUL byte"),
        (bytes(range(1, 9)) * 100, "control bytes"),
        (b"text text text" * 1000 + b"\x00", "NUL byte at offset 14000"),  # NUL far from the start
    ],
)
def test_binary_files_are_refused_not_decoded(data: bytes, why: str) -> None:
    with pytest.raises(BinaryFileError, match=why) as err:
        decode_bytes(data, name="blob.txt")
    assert str(err.value).startswith("blob.txt: looks binary")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n",
        "確率\x01的\x07勾配\x0b降下法\x0c(SGD)\x1b\x7f".encode(),  # a few control characters are text
        "\t表\tの\t列\r\n".encode(),
    ],
)
def test_text_with_some_controls_or_nothing_is_text(data: bytes) -> None:
    assert looks_binary(data) is None
    assert decode_bytes(data).text == data.decode("utf-8")


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("cp932", "確率的勾配降下法"),
        ("euc_jp", "確率的勾配降下法"),
        ("utf-16-le", "確率的勾配降下法(SGD)"),  # no BOM: only an explicit encoding can read it
        ("utf-16", "確率"),
        ("latin-1", "café"),
        ("utf-8", "\ufeff確率"),  # the BOM of a named UTF-8 is dropped
    ],
)
def test_an_explicit_encoding_overrides_detection(codec: str, text: str) -> None:
    got = decode_bytes(text.encode(codec), encoding=codec)
    assert got.text == text.lstrip("\ufeff")
    assert not got.guessed


def test_an_explicit_encoding_that_does_not_fit_names_the_offset() -> None:
    data = "確率".encode("euc_jp") + b"\xff"
    with pytest.raises(UndecodableError) as err:
        decode_bytes(data, name="a.txt", encoding="euc_jp")
    assert err.value.offset == 4
    assert "a.txt: not valid EUC-JP" in str(err.value) and "byte offset 4" in str(err.value)


def test_utf8_bom_file_with_a_later_bad_byte_counts_the_bom() -> None:
    with pytest.raises(UndecodableError) as err:
        decode_bytes(codecs.BOM_UTF8 + b"ab\xff", name="b.txt")
    assert err.value.offset == 5


@pytest.mark.parametrize("name", ["klingon", "rot13", "base64", ""])
def test_unknown_or_non_text_encodings_are_refused(name: str) -> None:
    with pytest.raises(EncodingNameError):
        check_encoding(name)


@pytest.mark.parametrize(
    ("name", "canonical"), [("UTF-8", "utf_8"), ("sjis", "shift_jis"), ("EUC-JP", "euc_jp")]
)
def test_encoding_names_are_canonical(name: str, canonical: str) -> None:
    assert check_encoding(name) == canonical


def test_read_document_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"missing\.txt: no such file"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="is a folder"):
        read_document(tmp_path)
    p = tmp_path / "sjis.txt"
    p.write_bytes("確率的勾配降下法(SGD)".encode("cp932"))
    assert read_document(p).text == "確率的勾配降下法(SGD)"
    assert read_document(p, name="shown").encoding == "cp932"


@pytest.mark.parametrize(
    "text", ["plain", "lone \ud800 high", "lone \udfff low", "pair 😀", "\ud83d\ude00 reversed? \ude00\ud83d"]
)
def test_scrub_keeps_length_and_always_encodes(text: str) -> None:
    out = scrub(text)
    assert len(out) == len(text)
    out.encode("utf-8")
    assert all(a == b for a, b in zip(text, out, strict=True) if not 0xD800 <= ord(a) <= 0xDFFF)


def test_xml_safe_replaces_what_xml_cannot_hold() -> None:
    assert xml_safe("a\x00b\x01c\td\ne\rf\ud800g\ufffe") == "a\ufffdb\ufffdc\td\ne\rf\ufffdg\ufffd"
    assert xml_safe("<&>\"'") == "<&>\"'"  # escaping is the XML writer's job


@pytest.mark.parametrize("value", ["\ud800", {"k\udc00": ["x\ud800y", 1]}, "日本語 \\ud800 literal"])
def test_json_dumps_escapes_lone_surrogates_losslessly(value: object) -> None:
    text = json_dumps(value, indent=1)
    text.encode("utf-8")
    assert json.loads(text) == value


def test_json_line_points_at_nested_values() -> None:
    text = '{\n "a": 1,\n "b": [\n  {"x": "}\\"]"},\n  {"x": 2,\n   "y": [1,\n 2]}\n ]\n}'
    assert json_line(text, ()) == 1
    assert json_line(text, ("a",)) == 2
    assert json_line(text, ("b", 1)) == 5
    assert json_line(text, ("b", 1, "y", 1)) == 7
    assert json_line(text, ("c",)) is None
    assert json_line(text, ("b", 9)) is None
    assert json_line("[1, 2", (3,)) is None


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    p = tmp_path / "g.json"
    p.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(p, "new \ud800")  # fails half-way through the write
    assert p.read_text(encoding="utf-8") == "old"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["g.json"]  # no temporary file left


def test_atomic_write_keeps_mode_and_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, "新しい")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "新しい"
    assert real.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.json"
    atomic_write(fresh, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask  # not the 0600 of a temporary file


def test_a_binary_file_is_refused_from_its_first_bytes_never_read_whole(tmp_path: Path) -> None:
    # a pipe whose writer never finishes: reading it whole would wait for ever
    import contextlib
    import threading
    import time

    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as fh:
            fh.write(b"\x00" + b"x" * 69_999)  # more than the first 64 KB, then no end of file
            fh.flush()
            stop.wait(30)

    t = threading.Thread(target=writer)
    t.start()
    try:
        started = time.monotonic()
        with pytest.raises(BinaryFileError, match="NUL byte at offset 0"):
            read_document(fifo)
        assert time.monotonic() - started < 20
    finally:
        stop.set()
        t.join()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("本文。" * 1000, encoding="utf-8")
    with pytest.raises(ReadError, match=r"too large \(0.0 MB; the limit is 0.0 MB"):
        read_document(p, max_bytes=100)
    assert read_document(p, max_bytes=9000).text == "本文。" * 1000
    # a NUL after the first 64 KB still makes the file binary (the rest is read once the head is text)
    q = tmp_path / "late-nul.txt"
    q.write_bytes(b"a" * 70_000 + b"\x00")
    with pytest.raises(BinaryFileError, match="offset 70000"):
        read_document(q)


def test_stale_temporary_files_of_this_user_are_removed(tmp_path: Path) -> None:
    old, new, foreign = tmp_path / ".glossary-a.tmp", tmp_path / ".glossary-b.tmp", tmp_path / "notes.tmp"
    for p in (old, new, foreign):
        p.write_text("x", encoding="utf-8")
    os.utime(old, (0, 0))
    os.utime(foreign, (0, 0))
    assert remove_stale_temps(tmp_path) == [str(old)]
    assert not old.exists() and new.exists() and foreign.exists()
