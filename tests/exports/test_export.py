"""Exports: every registered format, CAT-tool CSV safety, TBX structure, SKOS parse-back."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from glossary.cli.commands import FORMATS as CLI_FORMATS
from glossary.dictionary.glossary import Glossary
from glossary.exports.formats import FORMATS, export, export_bytes
from glossary.exports.tables import CSV_HEADER, neutralise_cell
from glossary.exports.tbx import TBX_NS, tbx_id
from glossary_helpers import defn

NS = {"t": TBX_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def g() -> Glossary:
    return Glossary.from_definitions(
        [
            defn(
                "スパース・オートエンコーダ",
                "Sparse Autoencoder",
                "SAE",
                doc="a.md",
                sentence="スパース・オートエンコーダ(Sparse Autoencoder、SAE)を使う。",
            ),
            defn("スパースオートエンコーダー", "sparse autoencoders", "SAEs", doc="b.md"),
            defn("積層オートエンコーダ", "Stacked Autoencoder", "SAE", doc="b.md", start=60),
            defn("オートエンコーダ", "autoencoder", doc="a.md", start=90),
            defn("実証", abbr="PoC", doc="c.md"),
            defn("危険な項目", "=HYPERLINK(1)", doc="c.md", start=40),
            defn("タブ\t入り", "+tab", doc="c.md", start=80),
        ]
    )


def test_registry_lists_the_cli_formats() -> None:
    expected = ["json", "jsonl", "csv", "tsv", "tbx", "tbx-v2", "xlsx", "prh", "skos", "anki", "md", "html"]
    assert list(FORMATS) == expected
    assert set(FORMATS) <= set(CLI_FORMATS)
    for f in FORMATS.values():
        assert f.suffix.startswith(".") and f.media_type and f.description


TEXT_FORMATS = [f for f in FORMATS if not FORMATS[f].binary]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_format_mentions_every_entry(g: Glossary, fmt: str) -> None:
    out = export(g, fmt)
    assert isinstance(out, str) and out.endswith("\n")
    for e in g:
        assert (e.ja or e.en or "") in out or fmt in ("skos", "prh")


def test_binary_format_needs_export_bytes(g: Glossary) -> None:
    with pytest.raises(ValueError, match="export_bytes"):
        export(g, "xlsx")
    assert export_bytes(g, "xlsx").startswith(b"PK")  # a zip container
    assert export_bytes(g, "csv", bom=False) == export(g, "csv", bom=False).encode("utf-8")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format 'pdf'; choose one of json, jsonl"):
        export(Glossary(), "pdf")


def test_json_is_the_saved_form(g: Glossary) -> None:
    assert Glossary.from_dict(json.loads(export(g, "json"))) == g


def test_jsonl_one_entry_per_line(g: Glossary) -> None:
    lines = export(g, "jsonl").splitlines()
    assert len(lines) == len(g)
    assert [json.loads(x)["id"] for x in lines] == [e.id for e in g]
    assert "スパース" in lines[0]  # ensure_ascii=False


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_delimited_rows(g: Glossary, fmt: str, delimiter: str) -> None:
    data = export_bytes(g, fmt)
    assert data.startswith(codecs.BOM_UTF8)  # Excel on Japanese Windows reads UTF-8 only with it
    # read back as a CAT tool's import does: utf-8-sig, header row mapped to fields
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == len(g) + 1
    by_id = {r[0]: dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:]}
    sae = by_id["sparse-autoencoder"]
    assert (sae["ja"], sae["en"], sae["acronym"]) == (
        "スパース・オートエンコーダ",
        "Sparse Autoencoder",
        "SAE",
    )
    assert sae["en variants"] == "sparse autoencoders" and sae["acronym variants"] == "SAEs"
    assert (
        sae["context"] == "スパース・オートエンコーダ(Sparse Autoencoder、SAE)を使う。"
        and sae["source"] == "a.md"
    )
    assert sae["count"] == "2" and "homonym:stacked-autoencoder" in sae["links"].split(";")
    risky = next(r for r in rows[1:] if r[1] == "危険な項目")
    assert risky[2] == "'=HYPERLINK(1)"
    tab = next(r for r in rows[1:] if r[1].startswith("タブ"))
    assert tab[1] == "タブ 入り" and tab[2] == "'+tab"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("＝x", "'＝x"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, expected: str) -> None:
    assert neutralise_cell(cell) == expected


TBX_TERM_NOTES = {
    "administrativeStatus",
    "grammaticalGender",
    "geographicalUsage",
    "partOfSpeech",
    "termLocation",
    "termType",
}
TBX_REF_TYPES = {"relatedConcept", "relatedTerm"}
TBX_AUX = {"descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"}


def check_tbx_basic(root: ET.Element) -> None:
    """The TBX-Basic (DCA) RELAX NG rules our output relies on, checked without the schema file."""

    def local(el: ET.Element) -> str:
        assert el.tag.startswith(f"{{{TBX_NS}}}"), el.tag
        return el.tag.split("}", 1)[1]

    assert local(root) == "tbx"
    assert root.get("style") == "dca" and root.get(XML_LANG) and root.get("type", "").startswith("TBX-")
    assert [local(c) for c in root] == ["tbxHeader", "text"]
    header, text = list(root)
    assert local(header[0]) == "fileDesc"
    source = [c for c in header[0] if local(c) == "sourceDesc"]
    assert source and all(local(p) == "p" for s in source for p in s) and all(len(s) for s in source)
    assert local(text[0]) == "body"
    concepts = list(text[0])
    assert concepts and all(local(c) == "conceptEntry" for c in concepts)
    ids = [c.get("id") for c in concepts]
    assert all(ids) and len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z_][\w.\-]*", i or "") for i in ids)  # xsd:ID (NCName)
    for ce in concepts:
        kids = [local(k) for k in ce]
        first_lang = kids.index("langSec")  # oneOrMore langSec, after the auxiliary information
        assert set(kids[:first_lang]) <= TBX_AUX and set(kids[first_lang:]) == {"langSec"}
        for ref in ce.findall("t:ref", NS):
            assert ref.get("type") in TBX_REF_TYPES and ref.get("target") in ids  # IDREF resolves
        for ls in ce.findall("t:langSec", NS):
            assert ls.get(XML_LANG)
            assert len(ls) and all(local(ts) == "termSec" for ts in ls)
            for ts in ls:
                kinds = [local(k) for k in ts]
                assert kinds[0] == "term" and (ts[0].text or "").strip()
                assert set(kinds[1:]) <= {"termNote"} | TBX_AUX
                for note in ts.findall("t:termNote", NS):
                    assert note.get("type") in TBX_TERM_NOTES


def test_tbx_structure(g: Glossary) -> None:
    text = export(g, "tbx")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "TBX-Basic_integrated.rng" in text
    root = ET.fromstring(text.split("?>", 3)[-1])
    check_tbx_basic(root)
    assert root.get("type") == "TBX-Basic"
    concepts = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert [c.get("id") for c in concepts] == [tbx_id(e.id) for e in g]
    sae = next(c for c in concepts if c.get("id") == "sparse-autoencoder")
    langs = {ls.get(XML_LANG): ls for ls in sae.findall("t:langSec", NS)}
    assert set(langs) == {"ja", "en"}
    for ls in langs.values():
        for ts in ls.findall("t:termSec", NS):
            notes = {n.get("type"): n.text for n in ts.findall("t:termNote", NS)}
            assert notes["termType"] in ("fullForm", "acronym")
            assert notes["administrativeStatus"] in ("preferredTerm-admn-sts", "admittedTerm-admn-sts")
    terms = {
        ts.find("t:term", NS).text: {n.get("type"): n.text for n in ts.findall("t:termNote", NS)}  # type: ignore[union-attr]
        for ts in langs["en"].findall("t:termSec", NS)
    }
    assert terms["SAE"] == {"termType": "acronym", "administrativeStatus": "preferredTerm-admn-sts"}
    assert terms["SAEs"]["administrativeStatus"] == "admittedTerm-admn-sts"
    assert terms["Sparse Autoencoder"]["termType"] == "fullForm"
    assert "stacked-autoencoder" in [r.get("target") for r in sae.findall("t:ref", NS)]


def test_tbx_checker_rejects_broken_structure(g: Glossary) -> None:
    root = ET.fromstring(export(g, "tbx").split("?>", 3)[-1])
    root.find("t:text/t:body/t:conceptEntry/t:ref", NS).set("type", "crossReference")  # type: ignore[union-attr]
    with pytest.raises(AssertionError):
        check_tbx_basic(root)


@pytest.mark.parametrize(("eid", "expected"), [("sae", "sae"), ("3d-unet", "c-3d-unet"), ("_x", "_x")])
def test_tbx_ids_are_ncnames(eid: str, expected: str) -> None:
    assert tbx_id(eid) == expected


def test_skos_parses_back(g: Glossary) -> None:
    from rdflib import RDF, SKOS, Graph, Literal

    graph = Graph().parse(data=export(g, "skos"), format="turtle")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == len(g)
    by_id = {str(graph.value(c, SKOS.notation)): c for c in concepts}
    sae = by_id["sparse-autoencoder"]
    prefs = set(graph.objects(sae, SKOS.prefLabel))
    assert prefs == {
        Literal("スパース・オートエンコーダ", lang="ja"),
        Literal("Sparse Autoencoder", lang="en"),
    }
    assert Literal("SAE", lang="en") in set(graph.objects(sae, SKOS.altLabel))
    for c in concepts:  # one prefLabel per language tag
        tags = [lit.language for lit in graph.objects(c, SKOS.prefLabel)]
        assert len(tags) == len(set(tags))
    assert by_id["autoencoder"] in set(graph.objects(sae, SKOS.broader))
    assert sae in set(graph.objects(by_id["autoencoder"], SKOS.narrower))


def test_anki_import_file(g: Glossary) -> None:
    lines = export(g, "anki").splitlines()
    assert lines[:3] == ["#separator:tab", "#html:false", "#guid column:1"]
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    assert len(rows) == len(g) and all(len(r) == 4 for r in rows)
    assert [r[0] for r in rows] == [f"glossary:{e.id}" for e in g]
    sae = next(r for r in rows if r[0] == "glossary:sparse-autoencoder")
    assert sae[1] == "スパース・オートエンコーダ" and sae[2].startswith("Sparse Autoencoder / SAE")
    assert "doc::a" in sae[3].split()


def test_markdown(g: Glossary) -> None:
    md = export(g, "md")
    assert md.startswith("# Glossary\n")
    assert "## スパース・オートエンコーダ — Sparse Autoencoder / SAE" in md
    assert "- Homonym: [積層オートエンコーダ — Stacked Autoencoder / SAE](#stacked-autoencoder)" in md
    assert '<a id="sparse-autoencoder"></a>' in md


# --- CAT tools: XLSX, TBX context, TBX v2 -------------------------------------------------------------


def test_xlsx_reads_back_with_openpyxl(g: Glossary) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(io.BytesIO(export_bytes(g, "xlsx")))
    ws = wb["glossary"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert tuple(rows[0]) == CSV_HEADER and ws.freeze_panes == "A2"
    by_id = {r[0]: dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:]}
    sae = by_id["sparse-autoencoder"]
    assert (sae["ja"], sae["en"], sae["acronym"], sae["count"]) == (
        "スパース・オートエンコーダ",
        "Sparse Autoencoder",
        "SAE",
        2,
    )
    assert sae["context"].startswith("スパース・オートエンコーダ(") and sae["source"] == "a.md"
    # a cell that looks like a formula is stored as text, unchanged
    risky = next(r for r in rows[1:] if r[1] == "危険な項目")
    assert risky[2] == "=HYPERLINK(1)" and ws.cell(row=rows.index(risky) + 1, column=3).data_type == "s"


def test_xlsx_without_openpyxl_names_the_extra(g: Glossary, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(RuntimeError, match=r"pip install 'glossary\[xlsx\]'"):
        export_bytes(g, "xlsx")


def test_tbx_carries_context_and_source(g: Glossary) -> None:
    root = ET.fromstring(export(g, "tbx").split("?>", 3)[-1])
    check_tbx_basic(root)
    sae = next(c for c in root.iter(f"{{{TBX_NS}}}conceptEntry") if c.get("id") == "sparse-autoencoder")
    ja = next(ls for ls in sae.findall("t:langSec", NS) if ls.get(XML_LANG) == "ja")
    grp = ja.find("t:termSec/t:descripGrp", NS)
    assert grp is not None
    assert (
        grp.find("t:descrip[@type='context']", NS).text
        == "スパース・オートエンコーダ(Sparse Autoencoder、SAE)を使う。"
    )  # type: ignore[union-attr]
    assert grp.find("t:admin[@type='source']", NS).text == "a.md"  # type: ignore[union-attr]


def test_tbx_v2_martif(g: Glossary) -> None:
    text = export(g, "tbx-v2")
    assert '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' in text
    root = ET.fromstring(text.split("\n", 2)[2])
    assert root.tag == "martif" and root.get("type") == "TBX-Basic-V1"
    assert [c.tag for c in root] == ["martifHeader", "text"]
    entries = root.findall("text/body/termEntry")
    assert [e.get("id") for e in entries] == [tbx_id(e.id) for e in g]
    sae = next(e for e in entries if e.get("id") == "sparse-autoencoder")
    terms = {
        tig.findtext("term"): {n.get("type"): n.text for n in tig.findall("termNote")}
        for ls in sae.findall("langSet")
        for tig in ls.findall("tig")
    }
    assert terms["SAE"] == {"termType": "acronym", "administrativeStatus": "preferredTerm-admn-sts"}
    assert terms["スパースオートエンコーダー"]["administrativeStatus"] == "admittedTerm-admn-sts"
    assert sae.find("langSet/tig/descripGrp/descrip[@type='context']") is not None
    assert all(r.get("target") in {e.get("id") for e in entries} for r in sae.findall("ref"))


# --- prh ------------------------------------------------------------------------------------------------


def test_prh_rules(g: Glossary) -> None:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(export(g, "prh"))
    assert data["version"] == 1
    by_expected = {r["expected"]: r for r in data["rules"]}
    sae = by_expected["スパース・オートエンコーダ"]
    assert sae["patterns"] == ["/スパースオートエンコーダー/"] and "sparse-autoencoder" in sae["prh"]
    assert sae["specs"] == [{"from": "スパースオートエンコーダー", "to": "スパース・オートエンコーダ"}]
    # plurals and case are the canonical form in a sentence, not variants
    assert "Sparse Autoencoder" not in by_expected and "SAE" not in by_expected


def test_prh_pattern_escapes_and_never_matches_inside_the_canonical_form() -> None:
    g = Glossary.from_definitions(
        [
            defn("スケジューラー", "scheduler", doc="a.md"),
            defn("スケジューラー", "scheduler", doc="b.md"),
            defn("スケジューラ", "scheduler", doc="c.md"),
            defn("C++テンプレート", "C++ template", doc="a.md", start=50),
            defn("C++テンプレート", "C++ template", doc="b.md", start=50),
            defn("C++・テンプレート", "C++ template", doc="c.md", start=50),
        ]
    )
    text = export(g, "prh")
    assert '"/(?!スケジューラー)スケジューラ/"' in text
    assert '"/(?<![A-Za-z0-9])C\\\\+\\\\+・テンプレート/"' in text


def test_prh_pattern_is_not_applied_inside_another_entrys_term() -> None:
    g = Glossary.from_definitions(
        [
            defn("スケジューラー", "scheduler", doc="a.md"),
            defn("スケジューラー", "scheduler", doc="b.md"),
            defn("スケジューラ", "scheduler", doc="c.md"),
            defn("タスクグラフ・スケジューラ", "Task Graph Scheduler", doc="a.md", start=50),
        ]
    )
    assert '"/(?!スケジューラー)(?!(?<=タスクグラフ・)スケジューラ)スケジューラ/"' in export(g, "prh")


def test_every_sub_cell_is_neutralised() -> None:
    # variants and document names are joined with ";", a field separator in many locales
    assert neutralise_cell("a.md;=cmd|' /C calc'!A0") == "a.md;'=cmd|' /C calc'!A0"
    assert neutralise_cell("=x; +y,@z, －w") == "'=x; '+y,'@z, '－w"
    assert neutralise_cell("a;b, c") == "a;b, c"
