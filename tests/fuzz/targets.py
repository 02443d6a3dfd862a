"""Fuzz targets: each takes raw bytes, builds a hostile input from them and checks invariants.

The same functions run under atheris (coverage-guided, ``run.py``) and under
hypothesis (``st.binary()``), so a crash found by either replays in the
other.  A target may raise only the documented user-error exceptions; any
other exception or a broken invariant is a finding.
"""

from __future__ import annotations

import copy
import json
import math
import os
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from glossary.dictionary.entries import GlossaryFormatError
from glossary.dictionary.glossary import Glossary
from glossary.dictionary.overrides import OverridesError, parse_overrides
from glossary.exports.formats import export
from glossary.extract import find_definitions
from glossary.io import ReadError, check_encoding, decode_bytes
from glossary.models import Definition, Part
from glossary.text.brackets import CLOSERS, OPENERS, find_brackets


class Reader:
    """Draws small choices from the fuzzer's bytes (zeros once they run out)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.i = 0

    def byte(self) -> int:
        if self.i >= len(self.data):
            return 0
        self.i += 1
        return self.data[self.i - 1]

    def below(self, n: int) -> int:
        if n <= 1:
            return 0
        value = self.byte() | (self.byte() << 8) if n > 256 else self.byte()
        return value % n

    def pick(self, items: list[Any]) -> Any:
        return items[self.below(len(items))]

    def rest(self) -> bytes:
        out = self.data[self.i :]
        self.i = len(self.data)
        return out

    @property
    def left(self) -> int:
        return len(self.data) - self.i


# --- text made of tokens that matter to the extractor ---------------------------------------------------

TOKENS = [
    *"()（）[]［］「」、,・。 \n`$<>|#*-",
    "確率的勾配降下法",
    "学習率",
    "スパース・オートエンコーダ",
    "相互情報",
    "実証",
    "を使う。",
    "は",
    "の",
    "Stochastic Gradient Descent",
    "sparse autoencoders",
    "learning rate",
    "Mutual Information",
    "SGD",
    "SAE",
    "PoC",
    "e.g.",
    "```\n",
    "$$",
    "http://x.y/(a)",
    "<b>",
    "[x](y)",
    "㍿",
    "ﬁ",
    "ｶﾞ",
    "Ｓｔｏｃｈａｓｔｉｃ",
    "😀",
    "\u0301",
    "\u200d",
    "\ufeff",
    "\x00",
    "\x01",
    "\x7f",
    "\ud800",
    "\udfff",
    "\r\n",
    "\t",
]


def token_text(r: Reader, limit: int = 400) -> str:
    """A text of up to ``limit`` tokens, or (first byte odd) the bytes decoded leniently."""
    if r.byte() & 1:
        return r.rest().decode("utf-8", "surrogateescape")
    out = []
    while r.left and len(out) < limit:
        b = r.byte()
        out.append(TOKENS[b % len(TOKENS)] if b < 200 else chr(0x3000 + r.byte() * 37 % 0xD000))
    return "".join(out)


# --- targets -----------------------------------------------------------------------------------------------


def brackets(data: bytes) -> None:
    """find_brackets: matched pairs of one kind, properly nested, depth and parent consistent."""
    text = token_text(Reader(data))
    found = find_brackets(text)
    by_open = {b.open: b for b in found}
    assert [b.open for b in found] == sorted(by_open)
    for b in found:
        assert 0 <= b.open < b.close < len(text)
        assert OPENERS[text[b.open]] == CLOSERS[text[b.close]] == b.kind
        if b.parent is not None:
            p = by_open.get(b.parent)
            if p is not None:
                assert p.open < b.open and b.close < p.close and b.depth == p.depth + 1
        else:
            assert b.depth == 0
    for a in found:
        for c in found:
            # never crossing: disjoint or nested
            assert not (a.open < c.open < a.close < c.close)


def extract(data: bytes) -> None:
    """find_definitions: no exception; every part is an exact slice inside its definition."""
    text = token_text(Reader(data))
    for d in find_definitions(text, keep_low=True):
        assert 0 <= d.start <= d.end <= len(text)
        for p in d.parts:
            assert text[p.start : p.end] == p.text, (p, text[p.start : p.end])
            assert d.start <= p.start < p.end <= d.end


ENCODINGS = [None, None, None, "utf-8", "cp932", "euc_jp", "utf-16", "utf-16-le", "latin-1", "iso2022_jp"]
PREFIXES = [b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x1b$B"]


def decode(data: bytes) -> None:
    """decode_bytes: a str that encodes as UTF-8, or a ReadError naming the input; never garbage types."""
    r = Reader(data)
    enc = r.pick(ENCODINGS)
    raw = r.pick(PREFIXES) + r.rest()
    try:
        got = decode_bytes(raw, name="fuzz.txt", encoding=enc)
    except ReadError as exc:
        assert str(exc).startswith("fuzz.txt: ")
        return
    assert isinstance(got.text, str)
    if enc is None:
        got.text.encode("utf-8")  # detection never yields lone surrogates
        if got.encoding == "utf_8" and not got.bom:
            assert got.text == raw.decode("utf-8")
    else:
        assert got.encoding == check_encoding(enc)


def _seed() -> dict[str, Any]:
    defs = []
    for i, (ja, en, ab) in enumerate(
        [
            ("確率的勾配降下法", "Stochastic Gradient Descent", "SGD"),
            ("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE"),
            ("スタック型オートエンコーダ", "Stacked Autoencoder", "SAE"),
            ("相互情報", "Mutual Information", None),
            ("推定相互情報", "Estimated Mutual Information", "EMI"),
        ]
    ):
        parts = [Part(ja, 0, len(ja), "ja"), Part(en, len(ja) + 1, len(ja) + 1 + len(en), "en")]
        if ab:
            parts.append(Part(ab, len(ja) + len(en) + 2, len(ja) + len(en) + 2 + len(ab), "abbr"))
        defs.append(Definition(tuple(parts), "seed", 0.9, 0, parts[-1].end + 1, sentence=ja, doc=f"d{i}.md"))
    ov = parse_overrides("pin SGD\nsplit Sparse Autoencoder | Stacked Autoencoder\nblock 推定手法\n", "seed")
    return Glossary.from_definitions(defs, overrides=ov).to_dict()


SEED = _seed()
VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**70,
    1.5,
    math.nan,
    math.inf,
    "",
    "x",
    "ja",
    "abbr",
    "<script>&]]>",
    "\ud800",
    "\x00\x01",
    [],
    [None],
    ["x"],
    {},
    {"text": "x", "start": 0, "end": 1, "role": "ja"},
    {"type": "broader", "id": "nowhere", "why": ""},
    {"kind": "pin", "surfaces": ["SGD"]},
]


def _paths(obj: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*here, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*here, i))
    return out


def mutate(doc: Any, r: Reader) -> Any:
    """One structural change at a path the fuzzer picks: delete, replace, duplicate or rename."""
    paths = _paths(doc)
    path = r.pick(paths[1:]) if len(paths) > 1 else ()
    if not path:
        return r.pick(VALUES)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = r.below(4)
    if action == 0:
        del parent[last]
    elif action == 1:
        parent[last] = copy.deepcopy(r.pick(VALUES))
    elif action == 2 and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif action == 3 and isinstance(parent, dict):
        parent[str(last) + r.pick(["", "_", "X"])] = parent.pop(last)
    else:
        parent[last] = copy.deepcopy(r.pick(VALUES))
    return doc


_TMP = Path(tempfile.mkdtemp(prefix="glossary-fuzz-"))


def exercise(g: Glossary) -> None:
    """What users do with a loaded glossary: every export, lookups, merge, save again."""
    for fmt in ("json", "jsonl", "csv", "tsv", "tbx", "skos", "anki", "md"):
        out = export(g, fmt)
        out.encode("utf-8")
        if fmt == "tbx":
            ET.fromstring(out.encode("utf-8"))
    for e in list(g)[:3]:
        for s in e.surfaces()[:2]:
            g.lookup(s)
    g.lookup("sgd")
    merged = g.merge(g)
    assert merged.merge(g) == merged
    path = _TMP / "again.json"
    merged.save(path)
    assert Glossary.load(path) == merged


def load(data: bytes) -> None:
    """Glossary.load on a mutated saved glossary (or raw bytes): loads and works, or a clear error."""
    r = Reader(data)
    mode = r.below(4)
    if mode == 3:
        raw = r.rest()
    else:
        doc: Any = copy.deepcopy(SEED)
        for _ in range(1 + r.below(3)):
            doc = mutate(doc, r)
        text = json.dumps(doc, ensure_ascii=bool(r.byte() & 1), indent=r.pick([None, 1]))
        if mode == 2:
            text = text[: r.below(len(text) + 1)]
        raw = text.encode("utf-8", "surrogatepass")
    path = _TMP / f"fuzz-{os.getpid()}.json"
    path.write_bytes(raw)
    try:
        g = Glossary.load(path)
    except GlossaryFormatError as exc:
        assert str(exc).startswith(str(path)), exc
        return
    exercise(g)


OVERRIDE_TOKENS = ["pin ", "merge ", "split ", "block ", "Pin ", "pni ", " | ", "|", "#", "\n", "  ", "\r\n"]
SURFACES = [
    "SGD",
    "Stochastic Gradient Descent",
    "確率的勾配降下法",
    "SAE",
    "Sparse Autoencoder",
    "Stacked Autoencoder",
    "相互情報",
    "x",
    "\ud800",
    "<&>",
    "😀",
]


def overrides(data: bytes) -> None:
    """parse_overrides: rules or an error with the line; rules always apply to a build."""
    r = Reader(data)
    parts = []
    while r.left and len(parts) < 60:
        parts.append(r.pick(OVERRIDE_TOKENS) if r.byte() & 1 else r.pick(SURFACES))
    try:
        ov = parse_overrides("".join(parts), "fuzz.txt")
    except OverridesError as exc:
        assert str(exc).startswith("fuzz.txt:"), exc
        return
    g = Glossary.from_dict(SEED).with_overrides(ov)
    exercise(g)


def long_line(data: bytes) -> None:
    """find_definitions on one long line: the fuzzer's text without line breaks, repeated.

    Reaches what short inputs never do: every per-bracket look-back to the
    line start, and stacks of unmatched brackets hundreds of thousands long.
    Offsets stay exact, and the whole line costs about four times its first
    quarter (a quadratic step would cost sixteen).
    """
    r = Reader(data)
    copies = 1 + r.below(4096)
    seed = token_text(r, limit=4000).replace("\n", " ").replace("\r", " ")
    if not seed:
        return
    text = (seed * copies)[:LONG_LINE_CHARS]
    started = time.perf_counter()
    find_definitions(text[: len(text) // 4])
    quarter = time.perf_counter() - started
    started = time.perf_counter()
    found = find_definitions(text, keep_low=True)
    whole = time.perf_counter() - started
    for d in found:
        for p in d.parts:
            assert text[p.start : p.end] == p.text
    if len(text) >= 100_000:
        assert whole < 10 * quarter + 1.0, f"{len(text)} characters: {whole:.2f} s, a quarter {quarter:.2f} s"


LONG_LINE_CHARS = 400_000
# longer inputs than the default (atheris 4,096 bytes, hypothesis 2,048) for the targets that need them
MAX_LEN: dict[str, int] = {"long_line": 65_536}

TARGETS: dict[str, Callable[[bytes], None]] = {
    "brackets": brackets,
    "extract": extract,
    "long_line": long_line,
    "decode": decode,
    "load": load,
    "overrides": overrides,
}
