"""Who may see what: the access policy (config/access.toml) and what it grants a signed-in user.

Rule: imports only the contract. Login itself is Streamlit's (st.login, with [auth] in
.streamlit/secrets.toml); this package turns the identity's claims into a Grant (a role and
the unit ids it may see), which the cached layer sets on every Filters value
(Filters.within) and the SQL box reads through a database holding only those units
(queries.store.scoped).
"""
