"""Every query the app makes of the served database lives here, one module per entity (listing.py:
the filtering, searching, counting and paging they share); routes, views and templates never hold
one.  Writing the database is app/build.py's alone, and the coverage check (app/coverage.py) reads
the seed file itself, not the database."""
