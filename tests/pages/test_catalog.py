"""The catalog: both languages for every key, and every key a page asks for exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from pages.common import catalog

ROOT = Path(__file__).resolve().parents[2]
# The code that asks for strings (the catalog modules define them).
SOURCES = [
    ROOT / "dashboard.py",
    *sorted(p for p in (ROOT / "pages").rglob("*.py") if not p.name.startswith("catalog")),
    *sorted((ROOT / "briefing").rglob("*.py")),
]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _english_forms(en) -> list[str]:
    return [en[form] for form in catalog.PLURAL_FORMS] if isinstance(en, dict) else [en]


@pytest.mark.parametrize("key", sorted(catalog.STRINGS))
def test_both_languages_with_the_same_placeholders(key):
    en, zh = catalog.STRINGS[key]
    assert isinstance(zh, str) and zh.strip()
    for form in _english_forms(en):
        assert form.strip()
        assert _fields(form) == _fields(zh)


@pytest.mark.parametrize(
    "key", sorted(k for k, (en, _) in catalog.STRINGS.items() if isinstance(en, dict))
)
def test_every_plural_entry_has_both_forms_and_takes_its_count(key):
    en, _ = catalog.STRINGS[key]
    assert set(en) == set(catalog.PLURAL_FORMS)
    assert en["one"] != en["other"]
    assert "n" in _fields(en["one"]) | _fields(en["other"])


def test_the_count_picks_the_english_form(monkeypatch):
    entry = ({"one": "{n} team", "other": "{n} teams"}, "{n} 个小组")
    monkeypatch.setitem(catalog.STRINGS, "test.teams", entry)
    assert catalog.t("test.teams", "en", n=1) == "1 team"
    assert catalog.t("test.teams", "en", n="1") == "1 team"
    assert catalog.t("test.teams", "en", n=1.0) == "1.0 team"
    for n in (0, 2, "2", "1,001", 0.5, "—", None):
        assert catalog.t("test.teams", "en", n=n) == f"{n} teams"
    assert catalog.t("test.teams", "zh", n=1) == "1 个小组"
    assert catalog.t("test.teams", "zh", n=2) == "2 个小组"
    with pytest.raises(TypeError, match="pass the count as n="):
        catalog.t("test.teams", "zh")


def test_an_alias_shares_the_entry_of_a_key_of_its_own():
    for key, target in catalog.ALIASES.items():
        assert target not in catalog.ALIASES, key
        assert catalog.STRINGS[key] is catalog.STRINGS[target]


# --- every key a page asks for, in both languages --------------------------------------------

# The first part of every key: a string in the code that starts so and has a dot is a key.
NAMESPACES = {k.split(".")[0] for k in catalog.STRINGS}
KEY = re.compile(r"^[a-z_]+(\.[A-Za-z0-9_]+)+$")
TREES = {path: ast.parse(path.read_text()) for path in SOURCES}


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _literal_keys() -> set[str]:
    """Keys written out in the code: t("..."), and any key-like string (kept in a tuple,
    a dict, a PageSpec) that a t() call receives later."""
    keys = set()
    for tree in TREES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    keys.add(first.value)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and KEY.match(node.value)
                and node.value.split(".")[0] in NAMESPACES
            ):
                keys.add(node.value)
    return keys


def _pattern(node: ast.JoinedStr) -> tuple[str, ast.expr] | None:
    """'prefix.{}.suffix' and the expression in the braces, for an f-string that builds a key."""
    parts = node.values
    if not (parts and isinstance(parts[0], ast.Constant) and "." in parts[0].value):
        return None
    if parts[0].value.split(".")[0] not in NAMESPACES:
        return None
    holes = [p for p in parts if isinstance(p, ast.FormattedValue)]
    assert len(holes) == 1, ast.unparse(node)
    text = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in parts)
    return text, holes[0].value


def _constants(node: ast.expr) -> list | None:
    """The values an expression can take, when the code spells them out; else None."""
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _constants(node.body), _constants(node.orelse)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("int", "list"):
        return _constants(node.args[0]) if node.args else None
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("choice", "select"):
        return _items(node.args[2])
    return None


def _items(node: ast.expr) -> list | None:
    """The items a loop over node takes, when they are spelled out."""
    if isinstance(node, (ast.Tuple, ast.List)):
        out = []
        for element in node.elts:
            values = _constants(element)
            if values is None:
                return None
            out += values
        return out
    return None


def _bound(tree: ast.AST, node: ast.expr) -> ast.expr:
    """A name's literal value where the module assigns it, or the node itself."""
    if isinstance(node, ast.Name):
        for stmt in ast.walk(tree):
            targets = [getattr(t, "id", None) for t in getattr(stmt, "targets", ())]
            if isinstance(stmt, ast.Assign) and targets == [node.id]:
                return stmt.value
    return node


def _loop_values(tree: ast.AST, loop: ast.For | ast.comprehension, name: str) -> list | None:
    target = loop.target
    if isinstance(target, ast.Name):
        return _items(_bound(tree, loop.iter)) if target.id == name else None
    names = [getattr(e, "id", None) for e in getattr(target, "elts", ())]
    if name not in names:
        return None
    at = names.index(name)
    it = loop.iter
    if isinstance(it, ast.Call) and getattr(it.func, "id", None) == "zip":
        return _items(_bound(tree, it.args[at]))
    rows = _bound(tree, it)
    if isinstance(rows, (ast.Tuple, ast.List)) and all(isinstance(r, ast.Tuple) for r in rows.elts):
        return _items(ast.Tuple([r.elts[at] for r in rows.elts]))
    return None


def _resolve(tree: ast.AST, hole: ast.expr, parents: dict) -> list | None:
    """The values the name in a key's braces takes, read from the code around it: the
    options of the choice whose format function it is in, the items of the loop it is the
    variable of, or what the module assigns it."""
    if not isinstance(hole, ast.Name):
        return None
    name, node = hole.id, hole
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Lambda) and name in [a.arg for a in node.args.args]:
            call = parents.get(node)
            if isinstance(call, ast.keyword):
                call = parents.get(call)
            method = getattr(getattr(call, "func", None), "attr", None)
            if method in ("choice", "select"):
                return _items(call.args[2])
            if method == "radio":
                return _items(call.args[1])
            return None
        if isinstance(node, (ast.ListComp, ast.DictComp, ast.GeneratorExp, ast.For)):
            for loop in node.generators if hasattr(node, "generators") else [node]:
                values = _loop_values(tree, loop, name)
                if values is not None:
                    return values
    found: list = []
    for stmt in ast.walk(tree):
        targets = [getattr(t, "id", None) for t in getattr(stmt, "targets", ())]
        if isinstance(stmt, ast.Assign) and targets == [name]:
            values = _constants(stmt.value)
            if values is None:
                return None
            found += values
    return found or None


def _built_keys() -> dict[str, tuple[set, list[str]]]:
    """Every key pattern the code builds at run time: the values read from the code around
    it (none when they come from elsewhere) and where it is built."""
    found: dict[str, tuple[set, list[str]]] = {}
    for path, tree in TREES.items():
        parents = _parents(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and (pattern := _pattern(node)):
                text, hole = pattern
                values, where = found.setdefault(text, (set(), []))
                values |= set(_resolve(tree, hole, parents) or ())
                where.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _constant(path: str, name: str):
    for node in ast.parse((ROOT / path).read_text()).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
            name
        ]:
            return ast.literal_eval(node.value)
    raise LookupError(f"{path} has no constant {name}")


def _run_time_values() -> dict[str, set]:
    """The values of the keys built from what the code does not spell out where it builds
    them: the contract's and the queries' constants, the pages' own tables."""
    from queries.access import policy
    from queries.admin import data_state
    from queries.alerts import config as alert_config
    from queries.alerts import rules as alert_rules
    from queries.alerts import view as alert_view
    from queries.analytics import explore, productivity
    from queries.store import sandbox

    return {
        "access.role.{}": set(policy.ROLES),
        "explore.mode.{}": {"build", "sql"},
        # what a click on a line of a chart split by bureau, industry or unit opens
        # (selection.kind_of_split of the splits the pages offer)
        "click.{}.point": {"bureau", "industry", "unit"},
        "click.{}.bar": set(_constant("pages/explore.py", "CLICK_KIND").values()),
        "filters.{}": {key for key, _, _ in _constant("pages/common/sidebar.py", "FACETS")},
        "grain.{}": set(explore.GRAINS),
        "prod.quota.{}": set(productivity.QUOTA_METHODS),
        # the sections of a page drawn one at a time (url.tabs)
        "prod.view.{}": set(_constant("pages/productivity.py", "SECTIONS")),
        "quality.view.{}": set(_constant("pages/quality.py", "SECTIONS")),
        "rollout.view.{}": set(_constant("pages/rollout.py", "SECTIONS")),
        "proposals.view.{}": set(_constant("pages/proposals.py", "SECTIONS")),
        "cost.view.{}": set(_constant("pages/cost.py", "SECTIONS")),
        "data.rule.{}": set(data_state.RULE_KEYS.values()),
        # a version's load mode: the loader's full or append, publish's adopted file
        "data.mode.{}": {"full", "append", "adopted"},
        # the rollout column of quality.rushed_against_gradual
        "quality.rollout.{}": {"rushed", "gradual"},
        "explore.bool.{}": {"true", "false"},
        "explore.agg.{}": set(explore.AGGREGATES),
        "explore.source.{}": set(explore.SOURCES),
        "explore.sql.refused.{}": {
            sandbox.EMPTY,
            sandbox.MULTIPLE,
            sandbox.NOT_SELECT,
            sandbox.PARSE,
            sandbox.TABLE,
            sandbox.TABLE_FUNCTION,
            sandbox.FUNCTION,
            sandbox.UNCHECKED,
            sandbox.TOO_LONG,
            sandbox.TOO_DEEP,
            sandbox.MEMORY,
            sandbox.BUSY,
        },
        # the alert rules, their severities, statuses and the views they open
        "alerts.rule.{}": set(alert_rules.RULES),
        "alerts.what.{}": set(alert_rules.RULES),
        "alerts.severity.{}": set(alert_config.SEVERITIES),
        "alerts.status.{}": set(alert_view.STATUSES),
        "alerts.view.{}": {"rollout", "quality", "unit", "productivity", "proposals"},
        # every column and metric of every source: test_explore_columns_and_metrics_have_labels
        "explore.col.{}": set(),
        "explore.metric.{}": set(),
    }


def _label_keys() -> set[str]:
    """The keys label(kind, code) asks for: the contract's codes and those of the sample data."""
    import polars as pl

    from queries import contract

    sample = ROOT / "sample_data"
    codes = {
        "ownership": contract.OWNERSHIPS,
        "severity": contract.SEVERITIES,
        "status": contract.PROPOSAL_STATUSES,
        "event": contract.EVENT_KINDS,
        "industry": pl.read_csv(sample / "units.csv")["industry"].unique(),
        "province": pl.read_csv(sample / "units.csv")["province"].unique(),
        "cause": pl.read_csv(sample / "accidents.csv")["cause"].unique(),
        "category": pl.read_csv(sample / "proposals.csv")["category"].unique(),
        "harm": ["no_injury"],  # quality.harm_label: an accident that hurt nobody
    }
    return {f"{kind}.{code}" for kind, values in codes.items() for code in values}


def test_every_literal_key_used_in_the_pages_exists():
    used = _literal_keys()
    assert len(used) > 300, "few catalog keys found: the search is broken"
    assert sorted(k for k in used if k not in catalog.STRINGS) == []


def test_every_key_built_at_run_time_is_enumerated_and_exists():
    built = _built_keys()
    elsewhere = _run_time_values()
    assert sorted(set(elsewhere) - set(built)) == [], "patterns no longer built"
    # a new pattern needs its values, from the code around it or from _run_time_values
    unknown = {p: w for p, (values, w) in built.items() if not values and p not in elsewhere}
    assert unknown == {}
    missing = [
        (pattern.format(value), where)
        for pattern, (values, where) in built.items()
        for value in values | elsewhere.get(pattern, set())
        if pattern.format(value) not in catalog.STRINGS
    ]
    assert missing == []


def test_the_run_time_enumeration_reads_the_pages():
    """Spot checks that the values come from the pages' code."""
    built = {p: values for p, (values, _) in _built_keys().items()}
    assert built["rollout.split.{}"] == {"all", "bureau", "industry"}
    assert built["proposals.kpi.{}"] == {
        "submitted",
        "decided",
        "adopted",
        "implemented",
        "rejected",
        "pending",
    }
    assert built["quality.quadrant.{}"] >= {"more_worse", "more_riskier", "less_safer"}
    assert built["prod.effect.pretrend.{}"] == {"pass", "fail"}
    assert built["quality.hover.{}"] == {
        "defect_rate",
        "accident_frequency_rate",
        "severity_rate",
        "deaths",
    }
    assert built["col.{}"] == {"bureau", "industry", "unit"}
    assert built["data.upload.{}"] == {"replace", "append"}


def _explore_keys(con) -> set[str]:
    """The labels of every column and metric of every Explore source."""
    from queries.analytics import explore

    keys = set()
    for source in explore.SOURCES:
        cols = explore.columns(con, source)
        keys |= {f"explore.col.{c}" for c in cols}
        for m in explore.metrics_for(cols):
            keys |= {f"explore.metric.{m.name}", f"explore.col.{m.numerator}"}
            keys.add(f"explore.col.{m.denominator}")
    return keys


def test_explore_columns_and_metrics_have_labels(fixture_con):
    keys = _explore_keys(fixture_con)
    assert len(keys) > 60
    assert sorted(k for k in keys if k not in catalog.STRINGS) == []


def test_every_key_is_asked_for(fixture_con):
    """No key outlives its last use (a merged or renamed key, a string no page shows)."""
    used = _literal_keys() | _label_keys() | _explore_keys(fixture_con)
    elsewhere = _run_time_values()
    for pattern, (values, _) in _built_keys().items():
        used |= {pattern.format(v) for v in values | elsewhere.get(pattern, set())}
    used |= {catalog.ALIASES[k] for k in used if k in catalog.ALIASES}
    assert sorted(set(catalog.STRINGS) - used) == []


def test_category_codes_are_translated():
    assert sorted(k for k in _label_keys() if k not in catalog.STRINGS) == []


def test_unknown_code_is_shown_as_is():
    assert catalog.label("industry", "glassworks", "zh") == "glassworks"


# --- each text defined once --------------------------------------------------------------

# Keys that are different terms worded alike today (each says why in the catalog).
WORDED_ALIKE = [{"industry.machinery", "cause.machinery"}]


def test_no_text_is_defined_under_two_keys():
    keys: dict[tuple, set[str]] = {}
    for key, forms, zh in _entries():
        keys.setdefault((tuple(f.casefold() for f in forms), zh), set()).add(key)
    twice = [k for k in keys.values() if len(k) > 1]
    assert sorted(map(sorted, twice)) == sorted(map(sorted, WORDED_ALIKE))


# --- one rendering per term --------------------------------------------------------------

GLOSSARY_FILE = ROOT.parent / "shared" / "glossary.md"
# Glossary terms the catalog may shorten in running text, where the short form is the
# dashboard's own word for the same thing ("Productivity index", "units").
SHORT_FORMS = {
    "劳动生产率": ("productivity",),
    "合理化建议": ("proposal",),
    "厂矿": ("unit", "factory", "factories", "mine"),
}
# Chinese that stands for two English texts of one term: Chinese marks no tense.
SAME_CHINESE = {"开展竞赛日期": {"launched on", "launches on"}}


def _entries():
    """(key, English forms, Chinese) of every entry defined in its own right."""
    for key, (en, zh) in catalog.STRINGS.items():
        if key not in catalog.ALIASES:
            yield key, _english_forms(en), zh


def _number(text: str) -> str:
    """English without case and plural -s, so 'Teams' and 'team' read as one word."""
    return re.sub(r"(?<=\w)s\b", "", text.casefold()).replace(
        "factorie and mine", "factory or mine"
    )


def test_one_english_text_has_one_chinese_rendering():
    renderings: dict[str, dict[str, list[str]]] = {}
    for key, forms, zh in _entries():
        for form in forms:
            renderings.setdefault(form.casefold(), {}).setdefault(zh, []).append(key)
    twice = {en: zhs for en, zhs in renderings.items() if len(zhs) > 1}
    assert twice == {}


def test_one_chinese_text_renders_one_english_term():
    renderings: dict[str, dict[str, list[str]]] = {}
    for key, forms, zh in _entries():
        renderings.setdefault(zh, {}).setdefault(_number(forms[-1]), []).append(key)
    twice = {
        zh: ens
        for zh, ens in renderings.items()
        if len(ens) > 1 and set(ens) != {_number(e) for e in SAME_CHINESE.get(zh, ())}
    }
    assert twice == {}


def test_glossary_terms_standing_alone_use_the_glossary_rendering():
    for key, forms, zh in _entries():
        for term, renderings in catalog.GLOSSARY:
            english = [f.casefold() in renderings for f in forms]
            if zh == term:
                assert all(english), (key, forms, zh)
            if any(english):
                assert zh == term, (key, forms, zh)


@pytest.mark.parametrize(
    ("term", "renderings"),
    [(zh, en) for zh, en in catalog.GLOSSARY if len(en[0].split()) > 1],
)
def test_glossary_phrases_in_running_text_keep_their_rendering(term, renderings):
    """Where the Chinese says a phrase of the report, the English says it too."""
    accepted = renderings + SHORT_FORMS.get(term, ())
    missing = [
        key
        for key, forms, zh in _entries()
        if term in zh and not all(any(a in f.casefold() for a in accepted) for f in forms)
    ]
    assert missing == []


def test_the_glossary_is_the_shared_one():
    if not GLOSSARY_FILE.exists():
        pytest.skip(f"{GLOSSARY_FILE} is not here")
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", GLOSSARY_FILE.read_text(), re.M)
    shared = {}
    assert rows[0] == ("中文", "English")
    for zh, en in rows[1:]:
        # "事故 / 轻伤 / ..." rows give several terms at once; "(campaign)" is optional
        en = re.sub(r" \(.*\)", "", en)
        for z, e in zip(zh.split(" / "), en.split(" / "), strict=True):
            shared[z] = e.casefold()
    ours = {zh: en[0] for zh, en in catalog.GLOSSARY}
    assert ours == shared


# --- plurals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "values", "one", "two"),
    [
        ("count.teams", {}, "1 team", "2 teams"),
        ("count.days", {}, "1 day", "2 days"),
        (
            "prod.effect.hover",
            {"e": 3, "effect": "+5%", "low": "+1%", "high": "+9%"},
            "week 3: +5% (95% CI +1% to +9%) · 1 team",
            "week 3: +5% (95% CI +1% to +9%) · 2 teams",
        ),
        (
            "quality.accidents.count",
            {"injured": 1, "deaths": 0, "lost": "9 working days lost"},
            "1 accident: 1 injured, 0 killed, 9 working days lost.",
            "2 accidents: 1 injured, 0 killed, 9 working days lost.",
        ),
        (
            "proposals.search.count",
            {},
            "1 proposal submitted in the period matches.",
            "2 proposals submitted in the period match.",
        ),
        ("unit.download.rows", {"table": "teams"}, "teams: 1 row", "teams: 2 rows"),
        (
            "filters.scope",
            {"units": 1},
            "1 of 1 factory or mine in scope",
            "1 of 2 factories and mines in scope",
        ),
    ],
)
def test_one_and_two_take_their_forms(key, values, one, two):
    assert catalog.t(key, "en", n=1, **values) == one
    assert catalog.t(key, "en", n=2, **values) == two
    # fmt.num writes counts with separators; the form follows the number
    assert catalog.t(key, "en", n="1", **values) == one
    # one Chinese form, whatever the count
    zh = catalog.STRINGS[key][1]
    assert catalog.t(key, "zh", n=1, **values) == zh.format(n=1, **values)


def test_a_sentence_counts_its_second_noun_on_its_own():
    one_team = catalog.t(
        "unit.timeline.not_joined", "en", n=1, workers=catalog.t("count.workers", "en", n=1)
    )
    assert one_team == "1 team (1 worker) has not joined."
    teams = catalog.t(
        "unit.timeline.not_joined", "en", n=3, workers=catalog.t("count.workers", "en", n="1,204")
    )
    assert teams == "3 teams (1,204 workers) have not joined."
    zh = catalog.t(
        "unit.timeline.not_joined", "zh", n=3, workers=catalog.t("count.workers", "zh", n=12)
    )
    assert zh == "尚有 3 个小组（12 名职工）未参赛。"
    summary = catalog.t(
        "rollout.preparing.summary",
        "en",
        n=1,
        workers=catalog.t("count.workers", "en", n=40),
        teams=catalog.t("count.teams", "en", n=1),
    )
    assert summary == "1 unit with 40 workers in 1 team is not yet reached."


def _page_constant(page: str, name: str):
    for node in ast.parse((ROOT / "pages" / page).read_text()).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
            name
        ]:
            return ast.literal_eval(node.value)
    raise LookupError(f"{page} has no constant {name}")


def _options_labelled(key: str) -> list[str]:
    """The options of every shell.choice whose options are labelled by t(key, ...)."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "choice"):
                continue
            labels = [a for a in node.args if isinstance(a, ast.Lambda)]
            if labels and any(getattr(c, "value", None) == key for c in ast.walk(labels[0])):
                found += ast.literal_eval(node.args[2])
    return found


def test_counts_kept_in_one_english_form_are_never_one():
    """Caps, thresholds and minimums fixed above one keep one English form (see the catalog's
    docstring): 'at most {cap} rows', 'more than {days} days', 'fewer than {min} teams'."""
    from queries.admin import data_state
    from queries.analytics import did, explore, productivity, proposals
    from queries.store import sandbox

    fixed = {
        "data.warnings.caption": data_state.EXAMPLES_PER_KIND,
        "explore.filters.help": explore.OPTION_CAP,
        "explore.capped": explore.ROW_CAP,
        "explore.sql.caption, explore.sql.capped": sandbox.ROW_CAP,
        "explore.sql.caption, explore.sql.timeout": sandbox.TIME_LIMIT,
        "prod.effect.small_waves": productivity.MIN_WAVE_TEAMS,
        "prod.effect.none": did.MIN_COMPARISON_TEAMS,
        "prod.many_units (past this many lines)": _page_constant("productivity.py", "MANY_LINES"),
        "proposals.backlog.x": proposals.AGE_BIN_DAYS,
        "proposals.search.limited (past this many)": proposals.ROW_LIMIT,
        "unit.proposals.backlog": proposals.OVERDUE_DAYS,
    }
    assert {k: v for k, v in fixed.items() if not v > 1} == {}
    # proposals.backlog.summary/overdue/recent and quality.ba.caption: the days chosen
    days = _options_labelled("count.days")
    assert len(days) >= 5
    assert all(int(d) > 1 for d in days)
