"""Hashed static files (whitenoise), with each file's URL worked out once per process.

``{% static %}`` asks the storage for a URL on every render: looking the hashed
name up in the manifest and joining it to ``STATIC_URL`` was about a quarter of
``base.html``'s rendering time, five times on every page (docs/benchmarks.md,
round 3). The manifest is read once when the process starts, so a file's URL
cannot change while it runs: it is kept after the first time.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
