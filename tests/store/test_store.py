"""The SQLite store: equal to JSON, updates equal to full builds, safe under concurrency and kills."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

import glossary
import glossary.store.sqlite as store_module
from glossary.cli.commands import main
from glossary.dictionary.entries import GlossaryFormatError
from glossary.dictionary.glossary import Glossary
from glossary.dictionary.overrides import parse_overrides
from glossary.models import Definition, Part
from glossary.store.sqlite import GlossaryStore, is_store_path
from glossary_helpers import defn

FORK = multiprocessing.get_context("fork")

DOCS = {
    "a.md": "確率的勾配降下法(Stochastic Gradient Descent、SGD)で学習する。"
    "スパース自己符号化器(Sparse Autoencoder、SAE)も使う。",
    "b.md": "積層自己符号化器(Stacked Autoencoder、SAE)は層を重ねる。"
    "畳み込みニューラルネットワーク(CNN)を比べる。",
    "c.md": "大規模言語モデル(Large Language Model、LLM)と言語モデル(language model)を区別する。",
    "d.md": "注意機構(attention mechanism)と自己注意機構(self-attention mechanism)を説明する。",
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def same(a: Glossary, b: Glossary) -> bool:
    return a.to_dict() == b.to_dict()


# --- synthetic definitions whose keys collide: acronyms with many meanings, shared heads ------------------

_KANA = list("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ")
_HEADS = ["", "", "モデル", "学習", "ネットワーク"]


def _concept(rng: random.Random, letters: str) -> tuple[str, str, str]:
    words = []
    for _ in range(rng.randint(1, 3)):
        words.append(
            rng.choice(letters) + "".join(rng.choice("aeiou") + rng.choice("klmnrst") for _ in range(2))
        )
    if len(words) > 1 and rng.random() < 0.3:  # shared heads: broader / narrower links
        words[-1] = rng.choice(["network", "model", "encoder"])
    en = " ".join(w.capitalize() for w in words)
    abbr = "".join(w[0].upper() for w in words) if len(words) > 1 else words[0][:3].upper()
    ja = "".join(rng.choice(_KANA) for _ in range(rng.randint(2, 4))) + rng.choice(_HEADS)
    return ja, en, abbr


def synthetic(
    n: int, rng: random.Random, concepts: list[tuple[str, str, str]], docs: range
) -> list[Definition]:
    """Definitions in the extractor's shapes: JA(EN、ACR), JA(EN), JA(ACR) (attached by acronym), EN(ACR)."""
    out = []
    for i in range(n):
        ja, en, abbr = rng.choice(concepts)
        start = rng.randrange(0, 2000)
        j = Part(ja, start, start + len(ja), "ja")
        e = Part(en, j.end + 1, j.end + 1 + len(en), "en")
        shape = rng.random()
        if shape < 0.4:
            parts = (j, e, Part(abbr, e.end + 1, e.end + 1 + len(abbr), "abbr"))
        elif shape < 0.55:
            parts = (j, e)
        elif shape < 0.75:
            parts = (j, Part(abbr, j.end + 1, j.end + 1 + len(abbr), "abbr"))
        elif shape < 0.8:  # a longer Japanese term: attaches by its acronym only where that is clear
            j = Part("新" + ja, start, start + len(ja) + 1, "ja")
            parts = (j, Part(abbr, j.end + 1, j.end + 1 + len(abbr), "abbr"))
        elif shape < 0.85:  # a spelling variant left apart: merges with its like by the acronym's spelling
            variant = ja[:-1] + ("ヲ" if ja[-1] != "ヲ" else "ン")
            j = Part(variant, start, start + len(variant), "ja")
            parts = (j, Part(abbr, j.end + 1, j.end + 1 + len(abbr), "abbr"))
        elif shape < 0.92 and len(en) > 8:  # a typo: merges by the fuzzy step unless the acronym is a hub
            typo = en[:-2] + en[-1]
            e = Part(typo, start, start + len(typo), "en")
            parts = (e, Part(abbr, e.end + 1, e.end + 1 + len(abbr), "abbr"))
        else:
            parts = (e, Part(abbr, e.end + 1, e.end + 1 + len(abbr), "abbr"))
        doc = f"doc{rng.choice(docs):03d}.md"
        out.append(
            Definition(parts, "test", round(rng.uniform(0.5, 1), 2), start, parts[-1].end + 1, f"s{i}", doc)
        )
    return out


CURATION = parse_overrides(
    "pin Bakal Network\nmerge Bikam Model | Bokan Model\nsplit Bakal Encoder | Bakel Encoder\nblock Bukol\n"
    "pin nothing-at-all\n"
)


# seeds where leaving out the hub counts (6, 10), the hub's same-document groups (1) or the groups left
# apart (4) gives another glossary than the full build (checked by disabling each)
@pytest.mark.parametrize("seed", [1, 4, 6, 10])
def test_an_incremental_update_equals_a_full_build(tmp_path: Path, monkeypatch, seed: int) -> None:
    """Hubs (acronyms with over 25 meanings), attachments by acronym, typos, renamed ids, links, curation."""
    monkeypatch.setattr(store_module, "FULL_REBUILD_SHARE", 2.0)  # never fall back to a full rebuild
    rng = random.Random(seed)
    letters = "b" if seed % 2 else "bk"
    concepts = [_concept(rng, letters) for _ in range(1500)]
    old = synthetic(2500, rng, concepts, range(0, 300))
    new = synthetic(60, rng, [*concepts, *(_concept(rng, letters) for _ in range(5))], range(295, 310))
    overrides = CURATION if seed % 3 else None
    with GlossaryStore(tmp_path / "g.db") as store:
        store.build(old, overrides)
        report = store.update(new)
        got = store.glossary()
    assert report.incremental and report.added == len(new) and report.removed > 0
    replaced = {d.doc for d in new}
    want = Glossary.from_definitions([d for d in old if d.doc not in replaced] + new, overrides=overrides)
    assert same(got, want)
    # the counts of groups per key, kept by the update, are those a full build writes
    assert _key_groups(tmp_path / "g.db") == _key_groups_recounted(tmp_path / "g.db")


def test_update_without_replacing_keeps_the_better_duplicate(tmp_path: Path) -> None:
    a = defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", doc="x.md", score=0.6)
    better = defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", doc="x.md", score=0.9)
    other = defn("学習率", "learning rate", doc="y.md")
    with GlossaryStore(tmp_path / "g.db") as store:
        store.build([a, other])
        store.update([better], replace_docs=False)
        got = store.glossary()
    assert same(got, Glossary.from_definitions([a, better, other]))
    assert got.lookup("SGD").entry.occurrences[0].score == 0.9


def test_json_store_json_round_trips_exactly(tmp_path: Path) -> None:
    g = glossary.build(DOCS, overrides=None)
    g = g.with_overrides(parse_overrides("pin スパース自己符号化器\nblock 何もない\n"))
    g.save(tmp_path / "a.json")
    loaded = glossary.load(tmp_path / "a.json")
    loaded.save(tmp_path / "g.db")
    back = glossary.load(tmp_path / "g.db")
    assert same(back, loaded) and same(back, g)
    back.save(tmp_path / "b.json")
    assert (tmp_path / "a.json").read_text("utf-8") == (tmp_path / "b.json").read_text("utf-8")


def test_odd_strings_survive_the_store(tmp_path: Path) -> None:
    """A document name that is not UTF-8 (a lone surrogate) and NUL / control characters are kept exactly."""
    d1 = defn("自己符号化器", "autoencoder", "AE", doc="caf\udce9.md")
    d2 = Definition(
        (Part("注意\x00機構", 0, 5, "ja"), Part("attention\u200dmechanism", 6, 25, "en")),
        "test",
        0.8,
        0,
        26,
        "注意\x00機構(attention\u200dmechanism)\udcff",
        "z.md",
        ("note \udc80",),
    )
    g = Glossary.from_definitions([d1, d2])
    g.save(tmp_path / "g.db")
    back = glossary.load(tmp_path / "g.db")
    assert same(back, g) and back.definitions == g.definitions


# --- the live store ---------------------------------------------------------------------------------------


def test_open_gives_a_live_store(tmp_path: Path) -> None:
    path = tmp_path / "terms.sqlite3"
    with glossary.open(path) as store:
        assert len(store) == 0 and store.lookup("SGD").entries == ()
        report = store.update_texts({"a.md": DOCS["a.md"], "b.md": DOCS["b.md"]})
        assert report.entries_before == 0 and report.entries_after == len(store) > 0
        sgd = store.lookup("sgd")
        assert (
            sgd.match == "normalised"
            and sgd.entry is not None
            and sgd.entry.en == "Stochastic Gradient Descent"
        )
        assert store.lookup("SAE").match == "exact" and len(store.lookup("SAE").entries) == 2
        assert {link.type for e in store.lookup("SAE").entries for link in e.related} == {"homonym"}
        assert store.lookup("Stochastic Gradient Decent").match == "fuzzy"
        assert [e.id for e in store] == [
            e.id for e in glossary.build({k: DOCS[k] for k in ("a.md", "b.md")}, overrides=None)
        ]
        assert store["stochastic-gradient-descent"] == sgd.entry and store.get("nope") is None
        assert "確率的勾配降下法" in store and store.documents == ["a.md", "b.md"]
        store.update_texts({"a.md": "何も定義しない文。"})  # read again, it defines nothing now
        assert not store.lookup("SGD", fuzzy=False) and store.documents == ["b.md"]
    with pytest.raises(ValueError, match=r"glossary.load\(\) for JSON"):
        glossary.open(tmp_path / "terms.json")


def test_curation_survives_updates(tmp_path: Path) -> None:
    rules = parse_overrides("split Sparse Autoencoder | Stacked Autoencoder\npin SGD\n")
    with glossary.open(tmp_path / "g.db") as store:
        store.build(glossary.build({"a.md": DOCS["a.md"]}, overrides=None).definitions, rules)
        store.update_texts({"b.md": DOCS["b.md"], "c.md": DOCS["c.md"]})
        assert store.overrides == rules
        got = store.glossary()
    want = glossary.build({k: DOCS[k] for k in ("a.md", "b.md", "c.md")}).with_overrides(rules)
    assert same(got, want) and got.lookup("SGD").entry.forms["abbr"][0] == "SGD"


# --- schema versions -----------------------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def _store_v1(path: Path) -> None:
    """A store of schema 1 as glossary 0.x wrote it (``data/store_v1.sql``: see make_store_v1.py)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript((DATA / "store_v1.sql").read_text("utf-8"))
        conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")


def _version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _key_groups(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT * FROM key_groups ORDER BY role, key").fetchall()


def _key_groups_recounted(path: Path) -> list[tuple[object, ...]]:
    """What a full build writes into key_groups for the store's definitions as they are placed."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TEMP TABLE fresh AS SELECT * FROM key_groups WHERE 0")
        conn.execute(store_module._FILL_KEY_GROUPS.replace("INSERT INTO key_groups", "INSERT INTO fresh"))
        return conn.execute("SELECT * FROM fresh ORDER BY role, key").fetchall()


def test_a_version_1_store_is_read_as_it_is_and_migrated_by_its_first_writer(
    tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    path = tmp_path / "terms.db"
    _store_v1(path)
    before = digest(path)
    want = (DATA / "store_v1.json").read_text("utf-8")  # main's export of the same store
    # readers (show, stats, export, load, a read-only store) read it as it is and leave the file alone
    assert cli("export", str(path), "--format", "json").stdout == want
    assert cli("stats", "-g", str(path)).returncode == 0
    assert cli("show", "SGD", "-g", str(path)).returncode == 0
    assert glossary.load(path).to_dict() == json.loads(want)
    with GlossaryStore(path, readonly=True) as store:
        assert store.version == 1 and len(store) > 0
    assert digest(path) == before and _version(path) == 1
    # the first writer migrates it in one transaction, contents unchanged
    with GlossaryStore(path) as store:
        assert store.version == store_module.SCHEMA_VERSION == 2
    assert _version(path) == 2 and _key_groups(path) == _key_groups_recounted(path) != []
    assert cli("export", str(path), "--format", "json").stdout == want
    # and updates it as a store built by this version
    doc = tmp_path / "c.md"
    doc.write_text(DOCS["c.md"], "utf-8")
    assert cli("extract", str(doc), "--update", str(path), "-q").returncode == 0
    old = Glossary.from_dict(json.loads(want))
    got = glossary.load(path)
    (name,) = set(got.documents) - set(old.documents)  # the file as the command names it
    expected = Glossary.from_definitions(
        [*old.definitions, *glossary.build({name: DOCS["c.md"]}).definitions], overrides=old.overrides
    )
    assert same(got, expected)
    assert _key_groups(path) == _key_groups_recounted(path)


def _migrate_slowly(path: str, ready: object) -> None:
    """Open (and so migrate) a store, stopping inside the migration's transaction until killed."""
    real = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[arg-type]

        def trace(sql: str) -> None:
            if sql.startswith("PRAGMA user_version = 2"):  # the last statement before COMMIT
                ready.set()  # type: ignore[attr-defined]
                time.sleep(60)

        conn.set_trace_callback(trace)
        return conn

    sqlite3.connect = connect  # type: ignore[assignment]
    GlossaryStore(path)
    os._exit(0)


def test_kill_9_mid_migration_leaves_the_version_1_store(tmp_path: Path) -> None:
    path = tmp_path / "terms.db"
    _store_v1(path)
    want = (DATA / "store_v1.json").read_text("utf-8")
    ready = FORK.Event()
    child = FORK.Process(target=_migrate_slowly, args=(str(path), ready))
    child.start()
    assert ready.wait(30)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert _version(path) == 1
    with closing(sqlite3.connect(path)) as conn:
        assert "key_groups" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert glossary.load(path).to_dict() == json.loads(want)
    with GlossaryStore(path) as store:  # the next writer migrates it
        assert store.version == 2
    assert glossary.load(path).to_dict() == json.loads(want) and _version(path) == 2


def test_a_migration_that_fails_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "terms.db"
    _store_v1(path)
    before = digest(path)
    failing = [*store_module._MIGRATIONS[1], "INSERT INTO no_such_table VALUES (1)"]
    monkeypatch.setattr(store_module, "_MIGRATIONS", {1: failing})
    with pytest.raises(GlossaryFormatError, match=r"could not be migrated to schema 2.*it is unchanged"):
        GlossaryStore(path)
    assert _version(path) == 1 and digest(path) == before


def test_a_missing_migration_is_refused_and_a_newer_store_is_left_alone(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "g.db"
    Glossary.from_definitions([defn("勾配", "gradient")]).save(path)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 3)
    with pytest.raises(GlossaryFormatError, match="older glossary store"):
        GlossaryStore(path)
    assert _version(path) == 2
    monkeypatch.setattr(
        store_module,
        "_MIGRATIONS",
        {**store_module._MIGRATIONS, 2: ["ALTER TABLE meta ADD COLUMN note TEXT"]},
    )
    with GlossaryStore(path, readonly=True) as store:  # a reader never writes
        assert store.version == 2 and len(store) == 1
    assert _version(path) == 2
    with GlossaryStore(path) as store:
        assert len(store) == 1
    assert _version(path) == 3
    with closing(sqlite3.connect(path)) as conn:
        assert "note" in [r[1] for r in conn.execute("PRAGMA table_info(meta)")]


def test_a_store_keeps_only_the_indexes_its_rules_read(tmp_path: Path) -> None:
    """Folded surfaces (and their index) only with block, merge or split rules; a writer opening a store
    written by an earlier version drops what no query reads and makes what its rules need; a reader never."""
    path = tmp_path / "g.db"
    old = glossary.build({k: DOCS[k] for k in ("a.md", "b.md")}).definitions

    def indexes() -> set[str]:
        with closing(sqlite3.connect(path)) as conn:
            return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}

    def folded() -> int:
        with closing(sqlite3.connect(path)) as conn:
            return int(conn.execute("SELECT count(*) FROM surfaces WHERE folded != ''").fetchone()[0])

    with GlossaryStore(path) as store:
        store.build(old)
    assert "surfaces_folded" not in indexes() and "links_target" not in indexes() and folded() == 0
    with closing(sqlite3.connect(path)) as conn, conn:  # as an earlier version wrote it
        conn.execute("CREATE INDEX links_target ON links (target)")
        conn.execute("CREATE INDEX surfaces_folded ON surfaces (folded)")
        conn.execute("UPDATE surfaces SET folded = 'x'")
    before = digest(path)
    with GlossaryStore(path, readonly=True) as store:
        assert len(store) > 0
    assert digest(path) == before
    with GlossaryStore(path) as store:
        pass
    assert {"surfaces_folded", "links_target"}.isdisjoint(indexes())

    rules = parse_overrides("split Sparse Autoencoder | Stacked Autoencoder\nblock 何もない\n")
    with GlossaryStore(path) as store:
        assert not store.update([], overrides=rules).incremental  # new rules: rebuilt, folded forms kept
    assert "surfaces_folded" in indexes() and folded() > 0
    with closing(sqlite3.connect(path)) as conn, conn:  # an earlier version's rebuild kept no such index
        conn.execute("DROP INDEX surfaces_folded")
    with GlossaryStore(path) as store:
        report = store.update_texts({"c.md": DOCS["c.md"]})
        got = store.glossary()
    assert report.incremental and "surfaces_folded" in indexes()
    want = glossary.build({k: DOCS[k] for k in ("a.md", "b.md", "c.md")}).with_overrides(rules)
    assert same(got, want) and any("matched nothing" in w for w in got.warnings)


# --- refused files are never modified ---------------------------------------------------------------------


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (name TEXT)")
        conn.execute("INSERT INTO users VALUES ('x')")
    conn.close()


def _newer(path: Path) -> None:
    Glossary.from_definitions([defn("勾配", "gradient")]).save(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()


def _damaged(path: Path) -> None:
    Glossary.from_definitions(
        [defn(f"用語{i}", f"term number {i}", doc=f"d{i}.md") for i in range(300)]
    ).save(path)
    data = bytearray(path.read_bytes())
    page = 4096
    for at in range(2 * page, len(data) - page, page):  # every page but the first: garbage
        data[at + 100 : at + 300] = os.urandom(200)
    path.write_bytes(bytes(data))


def _not_sqlite(path: Path) -> None:
    path.write_text('{"schema": "glossary/1"}', "utf-8")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_foreign, "not a glossary store (tables: users)"),
        (_newer, "newer version of glossary (store schema 99"),
        (_damaged, "damaged glossary store"),
        (_not_sqlite, "not a glossary store (not an SQLite database)"),
    ],
)
def test_foreign_damaged_or_newer_databases_are_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    path = tmp_path / "terms.db"
    make(path)
    before = digest(path)
    doc = tmp_path / "new.md"
    doc.write_text(DOCS["a.md"], "utf-8")
    for argv in (
        ["show", "SGD", "-g", str(path)],
        ["stats", "-g", str(path)],
        ["export", str(path), "--format", "csv"],
        ["extract", str(doc), "--update", str(path), "-q"],
        ["extract", str(doc), "-o", str(path), "-q"],
        ["merge", str(path), str(path), "-o", str(tmp_path / "m.json")],
    ):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 1, (argv, err)
        assert message in err and str(path) in err, (argv, err)
        assert digest(path) == before, argv
    assert not (tmp_path / "m.json").exists()


# --- concurrency and kills --------------------------------------------------------------------------------


def _update_store(path: str, doc: str, text: str, go: object) -> None:
    go.wait()  # type: ignore[attr-defined]
    with GlossaryStore(path) as store:
        store.update_texts({doc: text})
    os._exit(0)


def _update_cli(target: str, doc: str, go: object) -> None:
    go.wait()  # type: ignore[attr-defined]
    os._exit(main(["extract", doc, "--update", target, "-q"]))


TEXTS = [
    "確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。",
    "スパース自己符号化器(Sparse Autoencoder、SAE)を使う。",
    "大規模言語モデル(Large Language Model、LLM)を使う。",
    "畳み込みニューラルネットワーク(Convolutional Neural Network、CNN)を使う。",
    "強化学習(Reinforcement Learning、RL)を使う。",
    "主成分分析(Principal Component Analysis、PCA)を使う。",
]


@pytest.mark.parametrize("suffix", [".db", ".json"])
def test_concurrent_updates_lose_nothing(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"terms{suffix}"
    glossary.build({"seed.md": "注意機構(attention mechanism)を使う。"}).save(target)
    glossary.find_definitions(TEXTS[0])  # the tagger and spaCy load once, before the fork
    go = FORK.Event()
    workers = []
    for i, text in enumerate(TEXTS):
        doc = tmp_path / f"doc{i}.md"
        doc.write_text(text, "utf-8")
        if suffix == ".db":
            args: tuple[object, ...] = (str(target), doc.name, text, go)
            workers.append(FORK.Process(target=_update_store, args=args))
        else:
            workers.append(FORK.Process(target=_update_cli, args=(str(target), str(doc), go)))
    for w in workers:
        w.start()
    go.set()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    g = glossary.load(target)
    assert {"SGD", "SAE", "LLM", "CNN", "RL", "PCA"} <= {e.abbr for e in g}
    assert len(g.documents) == len(TEXTS) + 1


def _slow_update(path: str, defs: list[Definition]) -> None:
    with GlossaryStore(path) as store:
        store.update(defs)
    os._exit(0)


def test_kill_9_mid_update_leaves_the_old_or_the_new_state(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "FULL_REBUILD_SHARE", 2.0)
    rng = random.Random(1)
    concepts = [_concept(rng, "bk") for _ in range(200)]
    old_defs = synthetic(1500, rng, concepts, range(0, 50))
    new_defs = synthetic(1500, rng, concepts, range(40, 90))
    path = tmp_path / "g.db"
    old = Glossary.from_definitions(old_defs)
    replaced = {d.doc for d in new_defs}
    new = Glossary.from_definitions([d for d in old_defs if d.doc not in replaced] + new_defs)
    with GlossaryStore(path) as store:
        store.build(old_defs)
    started = time.perf_counter()
    child = FORK.Process(target=_slow_update, args=(str(path), new_defs))
    child.start()
    child.join(60)
    full = time.perf_counter() - started
    assert child.exitcode == 0 and same(glossary.load(path), new)
    states = set()
    for fraction in (0.2, 0.5, 0.8, 0.95):
        with GlossaryStore(path) as store:
            store.build(old_defs)
        child = FORK.Process(target=_slow_update, args=(str(path), new_defs))
        child.start()
        time.sleep(full * fraction)
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        got = glossary.load(path)
        assert same(got, old) or same(got, new)
        states.add("new" if same(got, new) else "old")
    assert "old" in states  # at least one kill landed inside the transaction


# --- the command line on a store --------------------------------------------------------------------------


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """The command line in this process (the tagger and spaCy load once for the whole test)."""

    def run(*args: str) -> Ran:
        code = main(list(args))
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    for name, text in DOCS.items():
        (root / name).write_text(text, "utf-8")
    return root


def test_every_command_works_on_a_store(docs: Path, tmp_path: Path, cli: Callable[..., Ran]) -> None:
    db, js = tmp_path / "terms.db", tmp_path / "terms.json"
    assert cli("extract", str(docs / "a.md"), str(docs / "b.md"), "-o", str(db), "-q").returncode == 0
    assert cli("extract", str(docs / "a.md"), str(docs / "b.md"), "-o", str(js), "-q").returncode == 0
    r = cli("extract", str(docs / "c.md"), str(docs / "d.md"), "--update", str(db))
    assert r.returncode == 0 and "entries (+" in r.stderr
    assert cli("extract", str(docs / "c.md"), str(docs / "d.md"), "--update", str(js), "-q").returncode == 0
    assert same(glossary.load(db), glossary.load(js))
    for args in (
        ("show", "SAE"),
        ("show", "sgd", "--format", "json"),
        ("show", "Stochastic Gradient Decent"),
        ("stats",),
        ("stats", "--format", "json", "--top", "3"),
    ):
        a, b = cli(*args, "-g", str(db)), cli(*args, "-g", str(js))
        assert (a.returncode, a.stdout) == (b.returncode, b.stdout) and a.stdout, args
    a, b = cli("show", "自己符号", "-g", str(db)), cli("show", "自己符号", "-g", str(js))
    assert a.returncode == b.returncode == 1 and a.stderr.replace(str(db), "G") == b.stderr.replace(
        str(js), "G"
    )
    for fmt in ("csv", "json", "tbx", "md"):
        assert (
            cli("export", str(db), "--format", fmt).stdout == cli("export", str(js), "--format", fmt).stdout
        )
    assert cli("export", str(js), "-o", str(tmp_path / "copy.db")).returncode == 0
    assert same(glossary.load(tmp_path / "copy.db"), glossary.load(js))
    one = tmp_path / "one.json"
    assert cli("extract", str(docs / "d.md"), "-o", str(one), "-q").returncode == 0
    assert cli("merge", str(db), str(one), "-o", str(tmp_path / "m.db"), "-q").returncode == 0
    assert cli("merge", str(js), str(one), "-o", str(tmp_path / "m.json"), "-q").returncode == 0
    assert same(glossary.load(tmp_path / "m.db"), glossary.load(tmp_path / "m.json"))
    r = cli("extract", str(docs / "a.md"), "-o", str(tmp_path / "x.db"), "--format", "csv")
    assert r.returncode == 2 and "--format does not apply" in r.stderr


def test_show_on_a_store_loads_neither_spacy_nor_the_tagger(
    docs: Path, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    db = tmp_path / "terms.db"
    assert cli("extract", str(docs), "-o", str(db), "-q").returncode == 0
    probe = (
        "import sys\nfrom glossary.cli.commands import main\ncode = main(sys.argv[1:])\n"
        "print(code, sorted(m for m in ('spacy', 'fugashi') if m in sys.modules))"
    )
    for term in ("SAE", "確率的勾配降下法", "Large Language Model"):
        r = subprocess.run(
            [sys.executable, "-c", probe, "show", term, "-g", str(db)], capture_output=True, text=True
        )
        assert r.stdout.splitlines()[-1] == "0 []", r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-c", probe, "stats", "-g", str(db)], capture_output=True, text=True)
    assert r.stdout.splitlines()[-1] == "0 []"


@pytest.mark.parametrize("suffix", [".json", ".db"])
@pytest.mark.parametrize("mode", ["-o", "--update"])
def test_a_run_where_every_input_failed_keeps_the_old_file(
    tmp_path: Path, cli: Callable[..., Ran], suffix: str, mode: str
) -> None:
    target = tmp_path / f"terms{suffix}"
    glossary.build({"a.md": DOCS["a.md"]}).save(target)
    before = digest(target)
    r = cli("extract", str(tmp_path / "typo.txt"), mode, str(target))
    assert r.returncode == 1 and f"every input failed; {target} was kept unchanged" in r.stderr
    assert digest(target) == before
    r = cli("extract", str(tmp_path / "typo.txt"), "-o", str(tmp_path / f"new{suffix}"))
    assert (
        r.returncode == 1 and "nothing was written" in r.stderr and not (tmp_path / f"new{suffix}").exists()
    )


def test_is_store_path() -> None:
    assert is_store_path("a/terms.db") and is_store_path("x.SQLite") and is_store_path("x.sqlite3")
    assert not is_store_path("terms.json") and not is_store_path("db")


def test_store_files_hold_the_schema_version_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    Glossary.from_definitions([defn("勾配", "gradient")]).save(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert json.loads(conn.execute("SELECT forms FROM entries").fetchone()[0])["en"] == ["gradient"]
