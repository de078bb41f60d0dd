"""Data access for the emulation dashboard, in layers (docs/architecture.md):

- contract: the tables, columns and rules a campaign's files must meet;
- store: the read-only connection, named SQL and the SQL box's sandbox (imports only the contract);
- ingest: files to checked tables to a new database file, published atomically (never analytics);
- analytics: plain typed functions of a connection and filters, returning Polars frames;
- campaign: the one place that joins ingest and analytics (the loader's post-load steps, the
  sample database); admin: the Data page's view of loads; load: the command line.

Nothing in this package imports Streamlit; pages reach it through pages/common/cache.py.
"""

import os

from queries import threads

# Polars reads its pool size once, at its own import; set it before any module imports it.
os.environ.setdefault("POLARS_MAX_THREADS", str(threads.count()))
