"""Ingest: a campaign's files to checked tables to a new database file, published atomically.

Rule: never imports analytics; what analytics store after a load comes in as PostLoad steps
(queries.campaign names them). May read the current database through the store.
"""
