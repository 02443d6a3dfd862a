"""Write ``store_v1.sql`` and ``store_v1.json`` here: a store of schema version 1, and its JSON export.

Run with glossary at schema 1 (commit c49f19c, before ``key_groups``), from the repository root:
``PYTHONPATH=OLD_CHECKOUT/src python tests/store/data/make_store_v1.py``.  The tests load the SQL dump
into a fresh file (``_store_v1`` in ``test_store.py``) to check that this version reads such a store as
it is, migrates it on its first write, and keeps its contents.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]

import test_store as T  # noqa: E402

import glossary  # noqa: E402
from glossary.dictionary.overrides import parse_overrides  # noqa: E402
from glossary.store.sqlite import SCHEMA_VERSION, GlossaryStore  # noqa: E402
from glossary_helpers import defn  # noqa: E402


def main() -> None:
    assert SCHEMA_VERSION == 1, "run this with glossary at store schema 1"
    rng = random.Random(3)
    concepts = [T._concept(rng, "bk") for _ in range(40)]
    defs = [
        *T.synthetic(60, rng, concepts, range(0, 12)),
        defn("自己符号化器", "autoencoder", "AE", doc="caf\udce9.md"),
    ]
    rules = parse_overrides("split Bakal Encoder | Bakel Encoder\nblock Bukol\npin nothing-at-all\n")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "v1.db"
        with GlossaryStore(path) as store:
            store.build(defs, rules)
            store.update_texts({"a.md": T.DOCS["a.md"], "b.md": T.DOCS["b.md"]})
            store.update(T.synthetic(20, rng, concepts, range(10, 14)))
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        (HERE / "store_v1.sql").write_text("\n".join(conn.iterdump()) + "\n", "utf-8")
        conn.close()
        glossary.load(path).save(HERE / "store_v1.json")


if __name__ == "__main__":
    main()
