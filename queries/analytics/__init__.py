"""Analytics: plain typed functions of a connection and filters, returning Polars frames.

Rule: imports the store and the contract only; every threshold and default of a metric lives
here (metrics.py defines each measure once); nothing here imports Streamlit or ingest.
"""
