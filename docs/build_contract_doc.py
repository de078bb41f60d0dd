"""Regenerate the generated sections of docs/data_contract.md.

    python docs/build_contract_doc.py           # rewrite the marked sections in place
    python docs/build_contract_doc.py --check   # exit 1 if the doc is stale

Two sections are generated, each between a pair of HTML comment markers:
``contract`` holds ``queries.contract.to_markdown()`` exactly, and ``metrics`` holds one row
per metric of ``queries.analytics.metrics.METRICS``. Everything outside the markers is written by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from queries import contract
from queries.analytics import metrics

DOC = Path(__file__).resolve().parent / "data_contract.md"
SECTIONS = ("contract", "metrics")


class StaleMarkers(ValueError):
    """The doc lacks a begin/end marker pair, or has it more than once or out of order."""


def markers(section: str) -> tuple[str, str]:
    return f"<!-- {section}:begin -->", f"<!-- {section}:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"


def _small(m: metrics.Metric) -> str:
    parts = []
    if m.small_numerator:
        parts.append(f"{m.numerator} < {_number(m.small_numerator)}")
    if m.small_denominator:
        parts.append(f"{m.denominator} < {_number(m.small_denominator)}")
    return " or ".join(parts) if parts else "—"


def metrics_markdown() -> str:
    """The metric definitions as Markdown: a note on aggregation, then one row per metric."""
    out = [
        "Every rate is computed by one rule: **sum the numerator, sum the denominator, then "
        "divide** (× scale). Every aggregate, over days, teams, units or bureaus, is therefore "
        "a ratio of sums, never an average of ratios. A rate whose denominator is 0 is empty, "
        "not 0.",
        "",
        "Physical output in different output units (tonnes of coal, MWh, bales of yarn, …) is "
        "never added together. Across output units the dashboard uses gross output value at "
        "1952 constant prices (`output_qty × constant_price_yuan`) instead; physical "
        "productivity is only shown within one output unit.",
        "",
        "A rate resting on little data (the last column) is shown beside its counts and marked "
        "as such, so that a rate of 0 out of 3 is not read like a rate of 0 out of 3,000.",
        "",
        "| metric | definition | numerator | denominator | scale | shown with counts when |",
        "|---|---|---|---|---|---|",
    ]
    for m in metrics.METRICS:
        out.append(
            f"| `{m.name}` | {_cell(m.definition)} | `{m.numerator}` | `{m.denominator}` "
            f"| {_number(m.scale)} | {_cell(_small(m))} |"
        )
    return "\n".join(out) + "\n"


def contract_markdown() -> str:
    text = contract.to_markdown()
    return text if text.endswith("\n") else text + "\n"


def generated() -> dict[str, str]:
    return {"contract": contract_markdown(), "metrics": metrics_markdown()}


def _span(text: str, section: str) -> tuple[int, int]:
    """Start and end offsets of the body between the section's markers."""
    begin, end = markers(section)
    if text.count(begin) != 1 or text.count(end) != 1:
        raise StaleMarkers(f"expected exactly one {begin} and one {end}")
    start = text.index(begin) + len(begin)
    stop = text.index(end)
    if stop < start:
        raise StaleMarkers(f"{end} comes before {begin}")
    return start, stop


def section_body(text: str, section: str) -> str:
    """What the doc holds between the section's markers (without the newline after begin)."""
    start, stop = _span(text, section)
    body = text[start:stop]
    return body[1:] if body.startswith("\n") else body


def render(text: str) -> str:
    """The doc with every marked section replaced by a fresh generation."""
    for section, body in generated().items():
        start, stop = _span(text, section)
        text = text[:start] + "\n" + body + text[stop:]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the doc is stale")
    parser.add_argument("--doc", type=Path, default=DOC, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    current = args.doc.read_text(encoding="utf-8")
    try:
        fresh = render(current)
    except StaleMarkers as exc:
        print(f"{args.doc}: {exc}", file=sys.stderr)
        return 1
    if args.check:
        if fresh != current:
            print(f"{args.doc} is stale: run `python docs/build_contract_doc.py`", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        args.doc.write_text(fresh, encoding="utf-8")
        print(f"Rewrote the generated sections of {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
