"""The merging tiers: definitions grouped into entries (see :mod:`glossary.dictionary.glossary`).

A union-find over the definitions' keys (strong, fuzzy, attach, spelled alike),
split by the user's overrides, then one :class:`~glossary.dictionary.entries.Entry`
per group with its canonical surfaces, pins applied, ids assigned and links found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from glossary.dictionary.entries import (
    LINK_FANOUT,
    Entry,
    KeyMemo,
    _def_order,
    _sorted_defs,
)
from glossary.dictionary.ids import _assign_ids
from glossary.dictionary.normalize import fold, key
from glossary.dictionary.overrides import Matcher, Overrides, Rule
from glossary.models import ROLES, Definition, Role

# (definition, surfaces after block rules, strong group's first, it has English, anchor group's first, ditto)
TracedNode = tuple[Definition, tuple[tuple[Role, str, str], ...], Definition, bool, Definition, bool]
_new_object = object.__new__
_set_attribute = object.__setattr__
FUZZY_MERGE = 92.0  # rapidfuzz ratio above which two English keys are a typo apart
JA_FUZZY_ATTACH = 85.0  # rapidfuzz ratio of Japanese keys that counts as one spelling


_fuzz_module: Any = None


def _fuzz() -> Any:
    """``rapidfuzz.fuzz``, imported on first use (a small extract never needs it) and then kept: an
    import statement of a package's module costs microseconds each time it runs, and the merging
    tiers compare keys pair by pair."""
    global _fuzz_module
    if _fuzz_module is None:
        from rapidfuzz import fuzz

        _fuzz_module = fuzz
    return _fuzz_module


# --- the build -------------------------------------------------------------------------------------


def _identity_key(d: Definition) -> tuple[Any, ...]:
    """Where a definition was found and what it says; the score and notes are not part of it."""
    return (d.doc or "", d.start, d.end, d.pattern, tuple((p.start, p.end, p.role, p.text) for p in d.parts))


def _dedupe(definitions: Iterable[Definition]) -> frozenset[Definition]:
    """One definition per place, so a glossary loaded from JSON (scores rounded) merges with its source.

    Of two definitions at the same place the higher score wins (ties: a fixed order).
    """
    best: dict[tuple[Any, ...], Definition] = {}
    for d in definitions:
        if not isinstance(d, Definition):
            raise TypeError(f"Glossary.from_definitions() needs Definition objects, got {type(d).__name__}")
        k = _identity_key(d)
        old = best.get(k)
        if old is None or (d.score, d.sentence, d.notes) > (old.score, old.sentence, old.notes):
            best[k] = d
    return frozenset(best.values())


@dataclass(slots=True)
class _Node:
    raw: Definition
    d: Definition  # after block rules
    surfaces: list[tuple[Role, str, str]]  # (role, clean surface, key)


_NO_HITS: frozenset[tuple[int, int]] = frozenset()


class _Components:
    """Union-find over definition nodes that refuses unions a ``split`` rule forbids."""

    def __init__(self, nodes: list[_Node], splits: list[tuple[Rule, list[Matcher]]]) -> None:
        self.parent = list(range(len(nodes)))
        # (rule, surface) pairs each component matches; most match none and share one empty set
        self.hits: list[frozenset[tuple[int, int]]] = [_NO_HITS] * len(nodes)
        for i, node in enumerate(nodes):
            h = {
                (ri, mi)
                for ri, (_, matchers) in enumerate(splits)
                for mi, m in enumerate(matchers)
                if any(m.matches(s, r, k) for r, s, k in node.surfaces)
            }
            if h:
                self.hits[i] = frozenset(h)
        self.refused: set[int] = set()

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ha, hb = self.hits[ra], self.hits[rb]
        both = ha | hb if ha and hb else ha or hb
        per_rule: dict[int, set[int]] = defaultdict(set)
        for ri, mi in both:
            per_rule[ri].add(mi)
        clash = [ri for ri, ms in per_rule.items() if len(ms) > 1]
        if clash:
            self.refused.update(clash)
            return False
        lo, hi = min(ra, rb), max(ra, rb)
        self.parent[hi] = lo
        self.hits[lo] = both
        return True

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


@dataclass(frozen=True)
class BuildContext:
    """What a build of one region of a glossary must know about the entries outside it.

    :mod:`glossary.store.sqlite` rebuilds only the entries an update can change;
    a key shared with many groups outside the region (an acronym with dozens
    of meanings) is not pulled in whole, so the region's build is told how
    many groups outside hold it: ``strong`` counts the groups with English
    after the strong merges (the fuzzy step's fan-out), ``anchors`` those
    after the fuzzy merges (the candidates a group without English attaches
    to), ``apart`` the groups without English that attached to none (the
    fan-out of merging them by spelling).  A full build has an empty context.
    """

    strong: Mapping[tuple[str, str], int] = field(default_factory=dict)
    anchors: Mapping[tuple[str, str], int] = field(default_factory=dict)
    apart: Mapping[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class BuildTrace:
    """How a build grouped its definitions, for :mod:`glossary.store.sqlite`'s incremental updates.

    For each definition that became a node, under ``id()`` of the object
    (hashing a million definitions would take seconds): the definition, its
    surfaces (role, clean text, key) after block rules, the first definition
    of its group after the strong merges and after the fuzzy merges, and
    whether those groups have English.  ``memo`` holds the keys the build
    computed.
    """

    memo: KeyMemo = field(default_factory=lambda: KeyMemo())
    nodes: dict[int, TracedNode] = field(default_factory=dict)


def _build(
    defs: frozenset[Definition],
    ov: Overrides,
    context: BuildContext | None = None,
    trace: BuildTrace | None = None,
    finish: bool = True,
    links: bool = True,
) -> tuple[list[Entry], list[Definition], list[str]]:
    """Entries, the definitions left out (in order), and warnings about the overrides.

    ``context`` and ``trace`` serve the store's region builds; without
    ``finish`` the entries keep empty ids and no links (the store assigns
    both across the whole glossary); without ``links`` they get their ids
    but no links (what reads only the grouping: ``glossary check``).
    """
    ctx = context or BuildContext()
    warnings: list[str] = []
    blocks = [(r, Matcher.of(r.surfaces[0])) for r in ov.of("block")]
    used_blocks: set[Rule] = set()
    memo = trace.memo if trace is not None else KeyMemo()
    nodes: list[_Node] = []
    dropped: list[Definition] = []
    for raw in _sorted_defs(defs):
        parts = []
        surfaces = []
        for p in raw.parts:
            clean = memo.clean(p.text)
            k = memo.key(clean, p.role)
            if blocks:
                blocked_by = [r for r, m in blocks if m.matches(clean, p.role, k)]
                if blocked_by:
                    used_blocks.update(blocked_by)
                    continue
            parts.append(p)
            surfaces.append((p.role, clean, k))
        if len(parts) < 2:
            dropped.append(raw)  # blocking left nothing to pair
            continue
        d = raw if len(parts) == len(raw.parts) else replace(raw, parts=tuple(parts))
        nodes.append(_Node(raw, d, surfaces))
    for r, _ in blocks:
        if r not in used_blocks:
            warnings.append(f"{r.where()}: block {r.surfaces[0]!r} matched nothing")

    splits = [(r, [Matcher.of(s) for s in r.surfaces]) for r in ov.of("split")]
    uf = _Components(nodes, splits)

    # 1. strong: same long form; same Japanese term with the same acronym
    strong: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        en: set[str] = set()
        ja: set[str] = set()
        abbr: set[str] = set()
        for lang, _, k in n.surfaces:
            if k:
                (en if lang == "en" else ja if lang == "ja" else abbr).add(k)
        for k in en:
            strong[("en", k)].append(i)
        for j in ja:
            for a in abbr:
                strong[("ja+abbr", j, a)].append(i)
    for _, members in sorted(strong.items()):
        for other in members[1:]:
            uf.union(members[0], other)
    strong_roots = [uf.find(i) for i in range(len(nodes))] if trace is not None else []

    # 2. fuzzy: English keys a typo apart, confirmed by a shared Japanese term or acronym
    _fuzzy_merge(nodes, uf, ctx)
    if trace is not None:
        has_en = [any(r == "en" and k for r, _, k in n.surfaces) for n in nodes]
        strong_en = [False] * len(nodes)
        anchor_en = [False] * len(nodes)
        for i, root in enumerate(strong_roots):
            strong_en[root] = strong_en[root] or has_en[i]
            anchor_en[uf.find(i)] = anchor_en[uf.find(i)] or has_en[i]
        for i, n in enumerate(nodes):
            s_root, a_root = strong_roots[i], uf.find(i)
            trace.nodes[id(n.raw)] = (
                n.raw,
                tuple(n.surfaces),
                nodes[s_root].raw,
                strong_en[s_root],
                nodes[a_root].raw,
                anchor_en[a_root],
            )

    # 3. attach groups without English to the one group they belong to
    _attach(nodes, uf, ctx)
    _merge_spelled(nodes, uf, ctx)

    # 4. user's forced merges
    for r in ov.of("merge"):
        roots: list[int] = []
        for surface in r.surfaces:
            m = Matcher.of(surface)
            hit = sorted(
                {
                    uf.find(i)
                    for i, n in enumerate(nodes)
                    if any(m.matches(s, ro, k) for ro, s, k in n.surfaces)
                }
            )
            if not hit:
                warnings.append(f"{r.where()}: merge surface {surface!r} matched nothing")
            roots.extend(hit)
        for other in roots[1:]:
            if not uf.union(roots[0], other):
                warnings.append(f"{r.where()}: merge conflicts with a split rule; the split wins")

    for r, matchers in splits:
        for n in nodes:
            sides = {i for i, m in enumerate(matchers) if any(m.matches(s, ro, k) for ro, s, k in n.surfaces)}
            if len(sides) > 1:
                warnings.append(
                    f"{r.where()}: cannot split: {n.d.doc or '<text>'}:{n.d.start} "
                    "pairs them in one definition"
                )

    groups = sorted(uf.groups().values(), key=lambda g: g[0])
    entries = [_entry(nodes, g) for g in groups]
    entries, pin_warnings = _apply_pins(entries, ov)
    warnings.extend(pin_warnings)
    if finish:
        entries = _assign_ids(entries)
        if links:
            entries = _link(entries, memo)
    return entries, dropped, warnings


def _group_keys(nodes: list[_Node], members: Iterable[int]) -> dict[Role, set[str]]:
    """The non-empty keys of each language over ``members``, in one pass over their surfaces."""
    out: dict[Role, set[str]] = {role: set() for role in ROLES}
    for i in members:
        for r, _, k in nodes[i].surfaces:
            if k:
                out[r].add(k)
    return out


def _fuzzy_merge(nodes: list[_Node], uf: _Components, ctx: BuildContext) -> None:
    groups = uf.groups()
    keys = {root: _group_keys(nodes, m) for root, m in groups.items()}
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    for root, ks in keys.items():
        if not ks["en"]:
            continue
        for role in ("ja", "abbr"):
            for k in ks[role]:
                shared[(role, k)].append(root)
    pairs: set[tuple[int, int]] = set()
    for shared_key, roots in shared.items():
        if len(roots) + ctx.strong.get(shared_key, 0) > LINK_FANOUT:
            continue
        for x in range(len(roots)):
            for y in range(x + 1, len(roots)):
                a, b = sorted((roots[x], roots[y]))
                ka, kb = keys[a], keys[b]
                if ka["abbr"] and kb["abbr"] and not ka["abbr"] & kb["abbr"]:
                    continue  # acronyms disagree: two concepts
                fuzz = _fuzz()
                best = max(fuzz.ratio(ea, eb) for ea in ka["en"] for eb in kb["en"])
                if best >= FUZZY_MERGE and min(len(e) for e in ka["en"] | kb["en"]) >= 6:
                    pairs.add((a, b))
    for a, b in sorted(pairs):
        uf.union(a, b)


def _attach(nodes: list[_Node], uf: _Components, ctx: BuildContext) -> None:
    groups = uf.groups()
    keys = {root: _group_keys(nodes, m) for root, m in groups.items()}
    anchors = {root for root, ks in keys.items() if ks["en"]}
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for root in sorted(anchors):
        for role in ("ja", "abbr"):
            for k in keys[root][role]:
                by_key[(role, k)].append(root)
    moves: list[tuple[int, int]] = []
    for root, members in sorted(groups.items()):
        if root in anchors:
            continue
        ks = keys[root]
        target = None
        by_ja = sorted({a for k in ks["ja"] for a in by_key.get(("ja", k), [])})
        # anchors outside a region build (none in a full build) count as candidates elsewhere
        ja_elsewhere = any(ctx.anchors.get(("ja", k)) for k in ks["ja"])
        if by_ja or ja_elsewhere:
            if len(by_ja) == 1 and not ja_elsewhere:
                target = by_ja[0]
            else:
                target = _in_force(nodes, members, by_ja, groups) if by_ja else None
        else:
            by_abbr = sorted({a for k in ks["abbr"] for a in by_key.get(("abbr", k), [])})
            abbr_elsewhere = any(ctx.anchors.get(("abbr", k)) for k in ks["abbr"])
            same_doc = _in_force(nodes, members, by_abbr, groups) if by_abbr else None
            if same_doc is not None and (
                _ja_agree(ks["ja"], keys[same_doc]["ja"])
                or _ja_elliptic(ks["ja"], keys[same_doc]["ja"])
                or _ja_glosses(ks["ja"], keys[same_doc]["en"])
                or _spelled_alike(nodes, members, groups[same_doc])
            ):
                # in force here, and the Japanese spells or translates that sense: ランダムフォレスト(RF)
                # after Random Forest (RF) joins it; 交差検証(CV) after Computer Vision (CV) does not
                target = same_doc
            elif (
                len(by_abbr) == 1
                and not abbr_elsewhere
                and (
                    _ja_agree(ks["ja"], keys[by_abbr[0]]["ja"])
                    or _spelled_alike(nodes, members, groups[by_abbr[0]])
                )
            ):
                target = by_abbr[0]  # the only meaning of this acronym, and the Japanese agrees
        if target is not None:
            moves.append((target, root))
    for target, root in moves:
        uf.union(target, root)


def _surfaces(nodes: list[_Node], members: Iterable[int], role: Role) -> set[str]:
    return {s for i in members for r, s, _ in nodes[i].surfaces if r == role and s}


def _spelled_alike(nodes: list[_Node], a: list[int], b: list[int]) -> bool:
    """True when the two groups share an acronym that a Japanese term of each spells with the
    same English words, letter by letter (画像生成 / 画像ジェネレーション, IG)."""
    from glossary.extract.align import spell_alike

    shared = _surfaces(nodes, a, "abbr") & _surfaces(nodes, b, "abbr")
    ja_a, ja_b = _surfaces(nodes, a, "ja"), _surfaces(nodes, b, "ja")
    return any(spell_alike(x, y, abbr) for abbr in sorted(shared) for x in ja_a for y in ja_b if x != y)


def _merge_spelled(nodes: list[_Node], uf: _Components, ctx: BuildContext) -> None:
    """Groups without English that share an acronym become one when their Japanese terms are
    spelling variants or spell the acronym with the same English words."""
    groups = uf.groups()
    keys = {root: _group_keys(nodes, m) for root, m in groups.items()}
    by_abbr: dict[str, list[int]] = defaultdict(list)
    for root in sorted(groups):
        if not keys[root]["en"]:
            for k in keys[root]["abbr"]:
                by_abbr[k].append(root)
    pairs: list[tuple[int, int]] = []
    for k, roots in by_abbr.items():
        if len(roots) + ctx.apart.get(("abbr", k), 0) > LINK_FANOUT:
            continue
        for x in range(len(roots)):
            for y in range(x + 1, len(roots)):
                a, b = roots[x], roots[y]
                if (
                    _ja_variants(keys[a]["ja"], keys[b]["ja"])
                    or _spelled_alike(nodes, groups[a], groups[b])
                    or (
                        _ja_elliptic(keys[a]["ja"], keys[b]["ja"])
                        and _one_document(nodes, groups[a] + groups[b])
                    )
                ):
                    pairs.append((a, b))
    for a, b in pairs:
        uf.union(a, b)


def _ja_variants(a: set[str], b: set[str]) -> bool:
    """Japanese keys a transliteration or okurigana apart (not a head and its compound:
    a longer term under the same acronym may be a narrower concept)."""
    fuzz = _fuzz()
    for x in a:
        for y in b:
            short, long = sorted((x, y), key=len)
            if long.startswith(short) or long.endswith(short):
                continue  # a word added before or after: another term, perhaps a narrower one
            if fuzz.ratio(x, y) >= JA_FUZZY_ATTACH:
                return True
    return False


def _ja_elliptic(a: set[str], b: set[str]) -> bool:
    """True when one Japanese term is the other with words left out (静注 / 静注投与, 耐熱鋼 / 耐熱合金鋼).

    Under one acronym in one document the shorter form is the writer's ellipsis of the longer: it
    keeps the longer one's start (two characters or more; the modifier that tells the concept) and
    perhaps its end.  A head alone (平均誤差 of 重み付き平均誤差) names the broader concept, so it is not one.
    """
    for x in a:
        for y in b:
            short, long = sorted((x, y), key=len)
            if len(short) < 2 or len(short) == len(long):
                continue
            for i in range(2, len(short) + 1):
                if long.startswith(short[:i]) and long.endswith(short[i:]):
                    return True
    return False


def _one_document(nodes: list[_Node], members: list[int]) -> bool:
    """True when every definition of ``members`` comes from one document."""
    return len({nodes[i].d.doc for i in members}) == 1


def _ja_agree(a: set[str], b: set[str]) -> bool:
    """Japanese terms that can name one concept under one acronym.

    True when one side has none, when the spellings are a transliteration or
    okurigana apart (畳込み / 畳み込み), or when one is the head of the other
    (検定 / 仮説検定).
    """
    fuzz = _fuzz()
    if not (a and b):
        return True
    for x in a:
        for y in b:
            short, long = sorted((x, y), key=len)
            if len(short) >= 2 and long.endswith(short):
                return True
            if fuzz.ratio(x, y) >= JA_FUZZY_ATTACH:
                return True
    return False


def _ja_glosses(ja: set[str], en: set[str]) -> bool:
    """True when a loanword in a Japanese term comes from a word of the English (スパース / sparse)."""
    from glossary.extract.japanese import gloss_overlap

    return any(gloss_overlap(x, y) > 0 for x in ja for y in en)


def _in_force(
    nodes: list[_Node], members: list[int], candidates: list[int], groups: dict[int, list[int]]
) -> int | None:
    """The candidate whose definition is in force where ``members`` occur (same document only)."""
    chosen: set[int] = set()
    for i in members:
        d = nodes[i].d
        before: tuple[int, int] | None = None
        after: tuple[int, int] | None = None
        for c in candidates:
            for j in groups[c]:
                o = nodes[j].d
                if o.doc != d.doc:
                    continue
                if o.start <= d.start and (before is None or o.start > before[0]):
                    before = (o.start, c)
                elif o.start > d.start and (after is None or o.start < after[0]):
                    after = (o.start, c)
        pick = before or after
        if pick is None:
            return None
        chosen.add(pick[1])
    return chosen.pop() if len(chosen) == 1 else None


def _entry(nodes: list[_Node], members: list[int]) -> Entry:
    defs = [nodes[i] for i in members]
    if any(n.d is not n.raw for n in defs):
        # nodes are in the order of their raw definitions: re-sort only if blocking changed one
        defs.sort(key=lambda n: _def_order(n.d))
    # (plain dicts: a Counter's constructor and its __missing__ are Python calls, and a build makes
    # an entry for every few definitions)
    counts: dict[str, int] = {}
    first: dict[tuple[Role, str], tuple[str, int, int]] = {}
    per_role: dict[Role, dict[str, int]] = {role: {} for role in ROLES}
    for n in defs:
        seen: set[tuple[Role, str]] = set()
        for role, surface, _ in n.surfaces:
            if (role, surface) in seen:
                continue
            seen.add((role, surface))
            mine = per_role[role]
            mine[surface] = mine.get(surface, 0) + 1
            counts[surface] = counts.get(surface, 0) + 1
            first.setdefault((role, surface), (n.d.doc or "", n.d.start, len(first)))

    def order(role: Role, surface: str) -> tuple[int, tuple[str, int, int]]:
        return -per_role[role][surface], first[(role, surface)]  # most used first, then first seen

    forms: dict[Role, tuple[str, ...]] = {}
    for role in ROLES:
        forms[role] = tuple(sorted(per_role[role], key=partial(order, role)))
    # Entry(...) with its fields written at once (the frozen __init__ sets each through
    # object.__setattr__, and a build makes an entry for every few definitions)
    entry: Entry = _new_object(Entry)
    _set_attribute(
        entry,
        "__dict__",
        {
            "id": "",
            "ja": forms["ja"][0] if forms["ja"] else None,
            "en": forms["en"][0] if forms["en"] else None,
            "abbr": forms["abbr"][0] if forms["abbr"] else None,
            "forms": forms,
            "related": (),
            "occurrences": tuple(n.raw for n in defs),
            "form_counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        },
    )
    return entry


def _apply_pins(entries: list[Entry], ov: Overrides) -> tuple[list[Entry], list[str]]:
    warnings: list[str] = []
    out = list(entries)
    for r in ov.of("pin"):
        m = Matcher.of(r.surfaces[0])
        hit = False
        for i, e in enumerate(out):
            for role in ROLES:
                forms = e.forms.get(role, ())
                exact = [s for s in forms if fold(s).casefold() == m.folded]
                keyed = [s for s in forms if m.matches(s, role, key(s, role))]
                if not (exact or keyed):
                    continue
                hit = True
                chosen = exact[0] if exact else r.surfaces[0]
                new_forms = dict(e.forms)
                new_forms[role] = (chosen, *(s for s in forms if s != chosen))
                changes: dict[str, Any] = {"forms": new_forms, role: chosen}
                e = replace(e, **changes)
                out[i] = e
        if not hit:
            warnings.append(f"{r.where()}: pin {r.surfaces[0]!r} matched nothing")
    return out, warnings


# --- links ------------------------------------------------------------------------------------------


def _link(entries: list[Entry], memo: KeyMemo) -> list[Entry]:
    from glossary.dictionary.links import find_links

    links = find_links(entries, memo=memo)
    return [replace(e, related=tuple(sorted(links[e.id]))) if e.id in links else e for e in entries]
