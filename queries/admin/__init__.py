"""Administration: what the Data page shows of loads (history, warnings) and does (rollback,
upload through the app's loader).

Rule: sits above ingest, analytics and queries.campaign; nothing below imports it.
"""
