"""`python -m queries.contract` prints the contract as the Markdown of docs/data_contract.md."""

from queries.contract import to_markdown

print(to_markdown())
