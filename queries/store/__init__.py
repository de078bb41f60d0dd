"""The read store: the read-only connection, named SQL files and the SQL box's sandbox.

Rule: imports only the contract (and queries.threads); knows nothing of files or pages.
"""
