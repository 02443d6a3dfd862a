"""JMdict lexicon: shipped lookups, NFKC queries, lazy thread-safe loading, graceful absence of the data."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from glossary.extract import lexicon


@pytest.mark.parametrize(
    ("form", "any_of"),
    [
        ("原則", {"principle"}),
        ("権限", {"authority", "privilege"}),
        ("最小", {"least", "minimum"}),
        ("複雑さ", {"complexity"}),
        ("範囲", {"scope", "range"}),
        ("測定", {"measurement"}),
        ("共変", {"covariant"}),
        ("暗号化", {"encryption"}),
        ("ことば", {"word", "language"}),  # kana-only spelling (a reading of 言葉)
        ("コンピューター", {"computer"}),  # katakana loanword
        ("Tシャツ", {"t-shirt"}),  # JMdict spells it full-width; the table keeps the NFKC form
    ],
)
def test_known_words(form: str, any_of: set[str]) -> None:
    words = lexicon.english_words(form)
    assert isinstance(words, frozenset)
    assert words & any_of, (form, sorted(words))


def test_words_are_lowercased_content_words() -> None:
    for form in ("原則", "権限", "測定", "ことば"):
        words = lexicon.english_words(form)
        assert all(word == word.lower() and " " not in word for word in words)
        assert not words & {"the", "a", "of", "to", "one's", "someone", "something"}


def test_hyphenated_words_are_kept_whole_and_split() -> None:
    assert {"t-shirt", "shirt"} <= lexicon.english_words("Tシャツ")


@pytest.mark.parametrize("form", ["", " ", "xyzzy", "存在しない語彙項目", "原則原則原則原則原則原則原則"])
def test_unknown_forms_give_an_empty_set(form: str) -> None:
    assert lexicon.english_words(form) == frozenset()


@pytest.mark.parametrize(
    ("query", "plain"),
    [("Ｔシャツ", "Tシャツ"), ("ﾃｽﾄ", "テスト"), ("ＰＣ", "PC"), (" 原則 ", "原則")],
)
def test_queries_are_nfkc_normalised(query: str, plain: str) -> None:
    assert lexicon.english_words(plain)
    assert lexicon.english_words(query) == lexicon.english_words(plain)


def test_table_forms_are_already_normalised() -> None:
    forms = [line.partition(b"\t")[0].decode("utf-8") for line in lexicon.lines()]
    assert all(unicodedata.normalize("NFKC", form) == form and 0 < len(form) <= 12 for form in forms)


def test_each_shard_is_sorted_and_holds_its_own_forms() -> None:
    """Lookups bisect a shard's lines: they must be in order, in the right shard, and each form found."""
    table = lexicon._loaded()
    for i in range(lexicon.SHARDS):
        shard = table.shard(i)
        assert shard and all(a < b for a, b in itertools.pairwise(shard))
        assert all(lexicon.shard_of(line.partition(b"\t")[0].decode("utf-8")) == i for line in shard)
        for line in shard[::97]:
            form, _, words = line.decode("utf-8").partition("\t")
            assert lexicon.english_words(form) == frozenset(words.split()), form


def test_a_lookup_decompresses_only_its_shard() -> None:
    code = (
        "import glossary.extract.lexicon as lexicon\n"
        "assert lexicon.english_words('原則')\n"
        "loaded = [i for i, s in enumerate(lexicon._table.shards) if s is not None]\n"
        "assert loaded == [lexicon.shard_of('原則')], loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_write_table_round_trips(tmp_path: Path) -> None:
    rows = [("原則", "principle rule"), ("測定", "measurement"), ("ＡＢ", ""), ("Tシャツ", "t-shirt")]
    path = tmp_path / "t.bin"
    lexicon.write_table(rows, path)
    first = path.read_bytes()
    lexicon.write_table(reversed(rows), path)
    assert path.read_bytes() == first  # the same rows give the same bytes
    with pytest.raises(ValueError, match="tab or newline"):
        lexicon.write_table([("a\tb", "x")], tmp_path / "bad.bin")


def test_data_file_ships_with_the_package() -> None:
    assert lexicon.available()


def test_load_stats_are_positive() -> None:
    seconds, forms = lexicon.load_stats()
    assert seconds > 0
    assert forms > 100_000


def test_import_does_not_load_the_table() -> None:
    code = (
        "import glossary.extract.lexicon as lexicon\n"
        "assert lexicon._table is None, 'loaded at import'\n"
        "assert lexicon.english_words('原則')\n"
        "assert lexicon._table is not None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _point_at(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Swap the packaged table for ``path`` (and forget the loaded one) for one test."""
    monkeypatch.setattr(lexicon, "_resource", lambda: path)
    monkeypatch.setattr(lexicon, "_table", None)


def test_missing_data_degrades_to_empty_sets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _point_at(monkeypatch, tmp_path / "missing.bin")
    assert not lexicon.available()
    assert lexicon.english_words("原則") == frozenset()
    assert lexicon.load_stats()[1] == 0


def test_corrupt_data_is_not_swallowed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.bin"
    corrupt.write_bytes(b"not a lexicon at all")
    _point_at(monkeypatch, corrupt)
    with pytest.raises(lexicon.LexiconFormatError, match="bad header"):
        lexicon.english_words("原則")
    good = tmp_path / "good.bin"
    lexicon.write_table([("原則", "principle")], good)
    data = bytearray(good.read_bytes())
    start, size = lexicon._INDEX.unpack_from(data, len(lexicon.MAGIC))[2 * lexicon.shard_of("原則") :][:2]
    data[start : start + size] = b"x" * size  # a damaged shard
    corrupt.write_bytes(bytes(data))
    monkeypatch.setattr(lexicon, "_table", None)
    with pytest.raises(lexicon.LexiconFormatError, match="damaged"):
        lexicon.english_words("原則")
    corrupt.write_bytes(bytes(data[: len(data) - 10]))
    monkeypatch.setattr(lexicon, "_table", None)
    with pytest.raises(lexicon.LexiconFormatError, match="truncated"):
        lexicon.english_words("原則")


def test_concurrent_first_lookups_load_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    small = tmp_path / "small.bin"
    lexicon.write_table([("原則", "principle rule"), ("測定", "measurement")], small)
    _point_at(monkeypatch, small)
    reads = []
    read_table = lexicon._read_table

    def counting_read() -> lexicon._Table:
        reads.append(1)
        return read_table()

    monkeypatch.setattr(lexicon, "_read_table", counting_read)
    results: list[frozenset[str]] = []
    threads = [
        threading.Thread(target=lambda: results.append(lexicon.english_words("原則"))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1
    assert results == [frozenset({"principle", "rule"})] * 8
    assert lexicon.load_stats()[1] == 2


def _bisected(table: lexicon._Table, form: str) -> frozenset[str]:
    """A lookup by bisection of the shard's sorted lines (what the hash index stands in for)."""
    import bisect

    query = unicodedata.normalize("NFKC", form).strip()
    lines = table.shard(lexicon.shard_of(query))
    key = (query + "\t").encode("utf-8", "surrogatepass")
    k = bisect.bisect_left(lines, key)
    if k < len(lines) and lines[k].startswith(key):
        words = lines[k][len(key) :].decode("utf-8")
        return frozenset(words.split())
    return frozenset()


def test_the_hash_index_answers_as_the_bisection_for_every_form() -> None:
    table = lexicon._loaded()
    for i in range(lexicon.SHARDS):
        slots, mask = table.index(i)
        assert len(slots) == mask + 1 >= 2 * len(table.shard(i))
    forms = [line.partition(b"\t")[0].decode("utf-8") for line in lexicon.lines()]
    queries = [*forms, "存在しない語句", "ｘ", " 原則 ", "原", "原則原則", "\udc80", "🙂"]
    for form in queries:
        assert lexicon._lookup(table, form) == _bisected(table, form), form


def test_a_shard_is_indexed_only_after_many_lookups(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a form with two lines keeps the first (the bisection's); a one-line text never builds an index
    rows = [("原則", "principle"), ("原則", "rule"), ("原", "field"), ("原則論", "doctrine")]
    small = tmp_path / "small.bin"
    lexicon.write_table(rows, small)
    _point_at(monkeypatch, small)
    shard = lexicon.shard_of("原則")
    answers = []
    for n in range(lexicon._INDEX_AFTER + 3):
        lexicon.clear_memo()
        found = (lexicon.english_words("原則"), lexicon.english_words("原則論"), lexicon.english_words("原X"))
        answers.append(found)
        assert lexicon._table is not None
        if n < lexicon._INDEX_AFTER // 3 - 1:
            assert lexicon._table.indexes[shard] is None
    assert lexicon._table.indexes[shard] is not None
    assert set(answers) == {(frozenset({"principle"}), frozenset({"doctrine"}), frozenset())}
