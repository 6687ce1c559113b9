"""``screener console``: the compliance officer's web console.

A web application served by its own process (``screener console serve``). It materialises the
decisions, orders, review-audit and allow-list topics into a database (SQLite by default,
PostgreSQL in production, one schema managed by Alembic), shows the queue of open holds and each
case with its parties beside the listed entries they hit, and sends signed review commands and
allow-list records back to the workers. Users are named accounts with roles; every action is
recorded with the authenticated user, accepted or refused.

Modules:
- ``settings``: ``SCREENER_CONSOLE_*`` configuration.
- ``models`` / ``store``: the database (SQLAlchemy 2) and its queries; ``migrations``: Alembic.
- ``materialise``: Kafka topics -> database, offsets kept in the database.
- ``watchlist``: the listed entries, replayed from the control topic like a worker does.
- ``auth``: argon2 passwords, sessions, CSRF, roles.
- ``explain``: a hit's explanation in plain words.
- ``app``: the FastAPI application and its pages.
"""
