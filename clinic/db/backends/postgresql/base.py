from django.db.backends.postgresql import base

from clinic.db.page_stamp import StampedCommits


class DatabaseWrapper(StampedCommits, base.DatabaseWrapper):
    pass
