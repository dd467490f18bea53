"""Django's PostgreSQL and SQLite backends, each with one addition: a transaction that
wrote anything replaces the page cache's stamp just before it commits
(``clinic.page_cache``). ``clinic/settings.py`` swaps them in for Django's own."""
