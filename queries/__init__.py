"""Data access for the emulation dashboard: contract, loader, connection, SQL and metrics.

Nothing in this package imports Streamlit; pages reach it through pages/common/data.py.
"""
