"""A hostile campaign: the sample campaign with names, titles and descriptions that hold
markdown, HTML, spreadsheet formulas, very long strings and repeated names, loaded the
loader's way. Every page must show these as text: no link, no image, no request, no formula.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from queries import campaign

EVIL = "evil.example"
LINK = f"[Session expired, sign in](http://{EVIL}/x)"
IMAGE = f"![x](http://{EVIL}/x.png)"
HTML_LINK = f"<a href='http://{EVIL}/a'>click</a>"
HTML_IMAGE = f"<img src=http://{EVIL}/i.png onerror=alert(1)>"
FORMULA = f'=HYPERLINK("http://{EVIL}","x")'
LONG = "Very long name " + "of a mill " * 30  # ~315 characters
# Cells a spreadsheet would read as a formula.
FORMULAS = (FORMULA, "+1+1", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1")

UNIT_NAMES_EN = (LINK, IMAGE, HTML_LINK, HTML_IMAGE, FORMULA, LONG)
UNIT_NAMES_ZH = (IMAGE, HTML_IMAGE, LINK, HTML_LINK, "=1+1", "很长的名字" * 60)


def _hostile(df: pl.DataFrame, column: str, values: tuple[str, ...]) -> pl.DataFrame:
    """Give the first len(values) rows of a text column the hostile values, in order."""
    n = min(len(values), df.height)
    col = df[column].to_list()
    col[:n] = values[:n]
    return df.with_columns(pl.Series(column, col, dtype=pl.String))


def write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    src = campaign.SAMPLE_DIR
    units = pl.read_csv(src / "units.csv", infer_schema=False)
    units = _hostile(units, "name_en", UNIT_NAMES_EN)
    units = _hostile(units, "name_zh", UNIT_NAMES_ZH)
    # Two units with one English name, as the contract allows.
    names = units["name_en"].to_list()
    names[7] = names[6]
    units = units.with_columns(pl.Series("name_en", names))
    # Every unit of the first bureau gets a hostile bureau name.
    first = units["bureau_en"][0]
    units = units.with_columns(
        bureau_en=pl.when(pl.col("bureau_en") == first)
        .then(pl.lit(f"Bureau {IMAGE} {HTML_LINK}"))
        .otherwise(pl.col("bureau_en"))
    )
    units.write_csv(folder / "units.csv")
    texts = {
        "workshops": {"name_en": (LINK, HTML_IMAGE, *FORMULAS), "name_zh": (IMAGE, HTML_LINK)},
        "teams": {"name_en": (HTML_LINK, IMAGE, *FORMULAS), "name_zh": (LINK, HTML_IMAGE)},
        "proposals": {"title_en": (*FORMULAS, LINK, IMAGE), "title_zh": (HTML_IMAGE, *FORMULAS)},
        "events": {"title_en": (IMAGE, LINK, HTML_LINK), "title_zh": (HTML_IMAGE, IMAGE)},
        "accidents": {
            "description_en": (HTML_IMAGE, LINK, *FORMULAS),
            "description_zh": (IMAGE, HTML_LINK),
        },
        "output_units": {"name_en": (HTML_LINK,), "name_zh": (IMAGE,)},
    }
    for table, columns in texts.items():
        df = pl.read_csv(src / f"{table}.csv", infer_schema=False)
        for column, values in columns.items():
            df = _hostile(df, column, values)
        df.write_csv(folder / f"{table}.csv")
    (folder / "daily_output.parquet").write_bytes((src / "daily_output.parquet").read_bytes())
    return folder


def build(tmp: Path) -> Path:
    """The hostile campaign as the app's loader publishes it."""
    db = tmp / "hostile.duckdb"
    campaign.load(write(tmp / "hostile_src"), db)
    return db
