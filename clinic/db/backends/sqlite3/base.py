from django.db.backends.sqlite3 import base

from clinic.db.page_stamp import StampedCommits


class DatabaseWrapper(StampedCommits, base.DatabaseWrapper):
    pass
