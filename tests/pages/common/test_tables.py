"""pages/common/tables.py: long tables show their first rows and offer every row."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script(rows: int, lang: str) -> None:
    import polars as pl

    from pages.common import tables

    frame = pl.DataFrame({"n": list(range(rows))})
    tables.long_table(frame, lang, key="t", file_name="numbers", limit=1000)


def _open(rows: int, lang: str = "en") -> AppTest:
    at = AppTest.from_function(_script, kwargs={"rows": rows, "lang": lang})
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_long_table_shows_its_first_rows_and_says_how_many_there_are():
    at = _open(2_500)
    shown = at.dataframe[0].value
    assert shown["n"].to_list() == list(range(1000))  # the first 1,000, in order
    assert [c.value for c in at.caption] == [
        "Showing the first 1,000 of 2,500 rows, in the order above; the download has them all."
    ]
    assert at.get("download_button")[0].proto.label == "All rows (CSV)"


def test_the_notice_is_in_chinese_too():
    at = _open(1_001, "zh")
    assert (
        at.caption[0].value == "仅显示前 1,000 行（共 1,001 行，按上表顺序）；下载文件包含全部行。"
    )


def test_a_table_within_the_limit_is_shown_whole_without_a_notice():
    at = _open(1_000)
    assert at.dataframe[0].value.shape == (1000, 1)
    assert not at.caption
    assert not at.get("download_button")


def test_a_long_list_of_names_is_cut_with_a_count_in_both_languages():
    from pages.common import fmt

    names = [f"U{i}" for i in range(13)]
    assert fmt.named_list(names[:3], "en") == "U0, U1, U2"
    assert fmt.named_list(names, "en") == "U0, U1, U2, U3, U4, U5, U6, U7, U8, U9, and 3 more"
    assert fmt.named_list(names, "zh").endswith("U9等（另有 3 个）")
    assert fmt.named_list(names[:10], "zh") == "、".join(names[:10])


def test_every_table_shows_a_missing_value_as_a_dash():
    # Streamlit writes "None" in an empty cell unless told otherwise; every page's tables
    # say "—" instead, as the rest of the dashboard does for a value it does not have.
    import ast
    from pathlib import Path

    pages = Path(__file__).resolve().parents[3] / "pages"
    missing = []
    for path in sorted([*pages.glob("*.py"), *pages.glob("common/*.py")]):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "dataframe":
                continue
            given = {kw.arg for kw in node.keywords}
            spread = [kw.value for kw in node.keywords if kw.arg is None]
            if "placeholder" in given or any(
                isinstance(d, ast.Dict)
                and any(isinstance(k, ast.Constant) and k.value == "placeholder" for k in d.keys)
                for d in spread
            ):
                continue
            missing.append(f"{path.relative_to(pages.parent)}:{node.lineno}")
    assert missing == []
