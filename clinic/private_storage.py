"""Local-disk storage for private files (settings.STORAGES["private"]).

It has no URL on purpose: asking for one is a programming error, because private files
are only ever streamed by a view that has checked who is asking.
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name):
        raise NotImplementedError("Private files have no URL; stream them through a view.")
