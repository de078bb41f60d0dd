"""The weekly briefing: headline figures, the week's alerts, the best and worst units and
two charts for a bureau or the whole campaign, as HTML and PDF, sent by email.

Rule: a command above queries/ (like queries.load), reading the data through the same
analytics functions as the pages (queries.analytics, queries.alerts) and wording it with
the pages' catalog (pages.common.catalog, alert_text); it never imports Streamlit or the
cached layer. `python -m briefing --help`.
"""
