"""The package's architecture: subpackages along the data path, no import cycle, the registry, the old paths.

The layers and independences themselves are import-linter contracts in ``pyproject.toml``
(``lint-imports``, run by ``scripts/test.sh``); here the same are checked from the test suite,
plus what import-linter does not check: cycles inside a layer, and the paths of 0.1 still working.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import glossary
from glossary import _compat, registry

ROOT = Path(__file__).resolve().parents[1]
SUBPACKAGES = ("text", "extract", "dictionary", "store", "exports", "check", "cli", "spacy")


def _import_graph() -> dict[str, set[str]]:
    grimp = pytest.importorskip("grimp")  # installed with import-linter (the test extras)
    graph = grimp.build_graph("glossary", exclude_type_checking_imports=True)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), ignoring a module's imports of
    the packages that contain it (Python imports those first anyway)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def edges(m: str) -> list[str]:
        return sorted(t for t in graph[m] if t in graph and not m.startswith(t + "."))

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_lazy_imports_included() -> None:
    graph = _import_graph()
    assert "glossary.extract.analyse" in graph and "glossary.dictionary.glossary" in graph
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "p.q": {"p"}, "p": {"p.q"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_the_import_contracts_are_kept() -> None:
    pytest.importorskip("importlinter")
    r = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports as f; sys.exit(f())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "3 kept, 0 broken" in r.stdout


def test_lower_layers_do_not_load_higher_ones() -> None:
    """A glossary built, saved as JSON, loaded and pickled needs neither the exports nor the store."""
    code = (
        "import pickle, sys, tempfile, os\n"
        "import glossary\n"
        "g = glossary.build({'a.md': '隠れマルコフモデル(Hidden Markov Model、HMM)を使う。'})\n"
        "d = tempfile.mkdtemp(); p = os.path.join(d, 'g.json'); g.save(p)\n"
        "assert glossary.load(p) == g\n"
        "pickle.loads(pickle.dumps(g.entries[0].occurrences[0]))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('glossary.exports', 'glossary.store', "
        "'glossary.cli', 'glossary.check', 'glossary.console'))))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_every_subpackage_says_what_it_owns_and_may_import() -> None:
    for name in SUBPACKAGES:
        doc = importlib.import_module(f"glossary.{name}").__doc__
        assert doc and "import" in doc, name


def test_the_registry_finds_the_higher_layer_on_first_use() -> None:
    from glossary.exports.html import definition_html

    assert registry.lookup("repr_html.definition") is definition_html
    assert set(registry.provided()) >= {"pickle.part", "repr_html.entry", "store", "export", "to_pandas"}
    (d,) = glossary.find_definitions("隠れマルコフモデル(Hidden Markov Model、HMM)を使う。")
    assert d._repr_html_() == definition_html(d)


def test_a_registry_slot_can_be_bound_to_another_provider() -> None:
    (d,) = glossary.find_definitions("隠れマルコフモデル(Hidden Markov Model、HMM)を使う。")
    before = registry.provided()["repr_html.definition"]
    try:
        registry.provide("repr_html.definition", "builtins:repr")
        assert d._repr_html_() == repr(d)
    finally:
        registry.provide("repr_html.definition", before)
    assert d._repr_html_().startswith("<")


def test_an_unknown_slot_and_a_bad_target_say_what_is_wrong() -> None:
    with pytest.raises(LookupError, match="nothing provides 'nope'"):
        registry.lookup("nope")
    with pytest.raises(ValueError, match=r"expected 'package\.module:attribute'"):
        registry.provide("x", "glossary.exports.html")


@pytest.mark.parametrize("old", sorted(_compat.MOVED))
def test_an_old_module_path_imports_the_new_module_and_warns(
    old: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = _compat.MOVED[old]
    module = importlib.import_module(new)
    monkeypatch.delitem(sys.modules, old, raising=False)
    monkeypatch.delitem(vars(glossary), old.rpartition(".")[2], raising=False)
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated .*: use {new} "):
        assert importlib.import_module(old) is module  # the same module, not a second copy


def test_a_submodule_of_a_moved_package_is_the_same_module(monkeypatch: pytest.MonkeyPatch) -> None:
    import glossary.text.formats.markdown as markdown

    for name in ("glossary.formats", "glossary.formats.markdown"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from glossary.formats.markdown import parse_markdown
    assert parse_markdown is markdown.parse_markdown
    assert any("glossary.formats.markdown is deprecated" in str(w.message) for w in caught)


@pytest.mark.parametrize(
    ("package", "name", "home"),
    [
        ("glossary.dictionary", "Glossary", "glossary.dictionary.glossary"),
        ("glossary.dictionary", "Entry", "glossary.dictionary.entries"),
        ("glossary.dictionary", "GlossaryFormatError", "glossary.dictionary.entries"),
        ("glossary.store", "GlossaryStore", "glossary.store.sqlite"),
        ("glossary.check", "check_documents", "glossary.check.rules"),
        ("glossary.cli", "iter_inputs", "glossary.io"),
    ],
)
def test_an_old_module_name_is_found_in_its_new_home_with_a_warning(
    package: str, name: str, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = importlib.import_module(package)
    monkeypatch.delitem(vars(pkg), name, raising=False)  # getattr would ask the forwarder
    with pytest.warns(DeprecationWarning, match=f"{package}.{name} is deprecated .*: use {home}.{name} "):
        value = getattr(pkg, name)
    assert value is getattr(importlib.import_module(home), name)
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        pkg.no_such_name  # noqa: B018


def test_the_new_paths_do_not_warn() -> None:
    code = (
        "import glossary, glossary.cli, glossary.dictionary.glossary, glossary.store.sqlite\n"
        "import glossary.check.rules, glossary.exports.formats, glossary.spacy.component\n"
        "import glossary.extract.parallel, glossary.dask\n"
        "g = glossary.build(['隠れマルコフモデル(Hidden Markov Model、HMM)を使う。'])\n"
        "g.export('csv'); g._repr_html_()\n"
    )
    r = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
