"""The loader's command line: check a campaign's files and publish them, roll back, list.

    python -m queries.load SOURCE [SOURCE ...] --db PATH            # replace the whole campaign
    python -m queries.load SOURCE [SOURCE ...] --db PATH --append   # add rows (a new month)
    python -m queries.load --rollback [VERSION] --db PATH           # back to an older version
    python -m queries.load --history --db PATH                      # the versions kept

Rule: words only. The checks are queries.ingest (load, readers, validation, publish); the
post-load steps are the app's, from queries.campaign.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from queries import campaign
from queries.ingest import publish
from queries.ingest.load import (
    SHOWN,
    ContractError,
    Finding,
    Violation,
    _where,
    baseline_period,
)


def _detail(f: Finding) -> str:
    where = f.file or f.table
    if f.row is not None:
        where += f" row {f.row}"
    if f.column:
        where += f", {f.column}"
    return f"{where}: {f.value!r}" if f.value else where


def print_report(kinds: list[Violation], out, heading: str) -> None:
    if not kinds:
        return
    total = sum(v.count for v in kinds)
    print(f"{heading}: {total} in {len(kinds)} kind(s)", file=out)
    for v in kinds:
        print(f"  - {v.message()}", file=out)
        for f in v.findings[:SHOWN]:
            print(f"      {_detail(f)}", file=out)
        if v.count > SHOWN:
            print(f"      … and {v.count - SHOWN} more in the report CSV", file=out)


class ProgressBar:
    """Rows read and checked per table, on stderr: one bar redrawn in place on a terminal,
    a line per table and stage otherwise (a log keeps the start and end of each)."""

    WIDTH = 30

    def __init__(self, out=sys.stderr):
        self.out = out
        self.tty = out.isatty()
        self.last: tuple[str, str] | None = None

    def __call__(self, table: str, stage: str, done: int, total: int) -> None:
        share = min(done / total, 1.0) if total else 1.0
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        verb = "read   " if stage == "read" else "checked"
        line = f"  {table:<13} {verb} [{bar}] {done:>13,} / {total:,} rows"
        finished = done >= total
        if self.tty:
            end = "\n" if finished else ""
            print(f"\r{line}\x1b[K", end=end, file=self.out, flush=True)
        elif finished or self.last != (table, stage):
            print(line, file=self.out, flush=True)
        self.last = (table, stage)


def _history(db_path: Path) -> int:
    versions = publish.history(db_path)
    if not versions:
        print(f"{db_path} has no history", file=sys.stderr)
        return 1
    for v in versions:
        mark = "*" if v.current else " "
        m = v.meta
        print(
            f"{mark} {v.id}  {m.get('mode', '?'):7}  {m.get('loaded_at') or '?':21}  "
            f"{m.get('source', '')}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m queries.load",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.split("\n")[2:6]),
    )
    parser.add_argument(
        "source",
        type=Path,
        nargs="*",
        help="folder or files holding the tables (<table>.csv, .xlsx or .parquet)",
    )
    parser.add_argument("--db", type=Path, required=True, help="database to create or replace")
    parser.add_argument(
        "--append", action="store_true", help="add the rows to the current database"
    )
    parser.add_argument(
        "--keep",
        type=int,
        default=None,
        help=f"versions to keep (default {publish.DEFAULT_KEEP}, or ${publish.KEEP_ENV})",
    )
    parser.add_argument(
        "--rollback",
        nargs="?",
        const="",
        default=None,
        metavar="VERSION",
        help="make the previous version (or VERSION) current again",
    )
    parser.add_argument("--history", action="store_true", help="list the versions kept")
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar (rows read and checked per table; shown on a terminal)",
    )
    args = parser.parse_args(argv)
    if args.history:
        return _history(args.db)
    if args.rollback is not None:
        try:
            v = publish.rollback(args.db, args.rollback or None)
        except publish.PublishError as exc:
            print(f"Rollback failed: {exc}", file=sys.stderr)
            return 1
        print(f"Rolled back {args.db} to {v.id} (loaded {v.meta.get('loaded_at')})")
        return 0
    if not args.source:
        parser.error("give a SOURCE folder or files (or --rollback / --history)")
    where = _where(args.source)
    try:
        baseline_period()  # a malformed setting is refused before any file is read
    except ValueError as exc:
        print(f"Refused: {exc}; {args.db} was not changed.", file=sys.stderr)
        return 1
    try:
        result = campaign.load(
            args.source,
            args.db,
            append=args.append,
            keep=args.keep,
            # on a terminal only: a log or a caller reading stderr gets the report alone
            progress=ProgressBar() if sys.stderr.isatty() and not args.quiet else None,
        )
    except ContractError as exc:
        print(
            f"Refused: {where} breaks the data contract; {args.db} was not changed.",
            file=sys.stderr,
        )
        print_report(exc.violations, sys.stderr, "Errors")
        print_report(exc.warnings, sys.stderr, "Warnings")
        print(f"Full report: {publish.report_path(args.db)}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{k} {v:,}" for k, v in result.row_counts.items())
    verb = "Appended" if args.append else "Loaded"
    print(f"{verb} {where} into {result.db_path}: {counts}")
    print_report(result.warnings, sys.stdout, "Warnings (not blocking)")
    if result.version is not None:
        print(
            f"Version {result.version.id} is current; roll back with "
            f"`python -m queries.load --rollback --db {args.db}`. Report: {result.report}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
