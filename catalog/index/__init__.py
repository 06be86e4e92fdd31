"""The catalog index: one flat row per live entry, which search, browse and export read.

documents.py (the row each entry contributes), backend.py (the small interface and shared SQL)
over postgres.py and sqlite.py, sync.py (kept in step with the pages), rebuild.py (in bulk).
"""

# Each registers its database's index with backend.index_backend, whichever module asks first.
from catalog.index import postgres, sqlite  # noqa: F401
