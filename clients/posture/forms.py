"""Posture forms: the photo upload (camera or file) and the landmark editor's save."""

from __future__ import annotations

import json

from django import forms

from clients.models import PosturePhoto
from clients.posture import photos
from clinic.once import new_key

ACCEPT = "image/jpeg,image/png,image/webp"


class PhotoUploadForm(forms.Form):
    """One view's photo: taken with the device's camera (``capture`` opens it on phones
    and tablets) or chosen from files. The upload is checked and re-encoded in ``clean``;
    ``processed`` holds the result."""

    camera = forms.FileField(
        required=False,
        label="Take a photo",
        widget=forms.FileInput(attrs={"accept": ACCEPT, "capture": "environment"}),
    )
    upload = forms.FileField(
        required=False,
        label="Or choose a photo file",
        help_text="JPEG, PNG or WebP, up to 15 MB and 40 megapixels.",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, view: str, **kwargs):
        kwargs.setdefault("prefix", view)
        # A one-time key: a page served again from the page cache gets a new one.
        kwargs.setdefault("initial", {"token": new_key()})
        super().__init__(*args, **kwargs)
        self.view = view
        self.view_label = PosturePhoto.View(view).label
        self.processed: photos.ProcessedPhoto | None = None

    def clean(self):
        data = super().clean()
        chosen = [name for name in ("camera", "upload") if data.get(name)]
        if not chosen:
            self.add_error("upload", "Take a photo or choose a photo file first.")
        elif len(chosen) == 2:
            self.add_error("upload", "Use either the camera or a file, not both.")
        else:
            try:
                self.processed = photos.process(data[chosen[0]])
            except forms.ValidationError as error:
                self.add_error(chosen[0], error)
        return data


class PointsForm(forms.Form):
    """The editor posts its points and scale as JSON (the page's script fills these)."""

    points = forms.CharField(widget=forms.HiddenInput, required=False)
    scale = forms.CharField(widget=forms.HiddenInput, required=False)

    def _json(self, name: str, default):
        raw = self.cleaned_data.get(name) or ""
        if not raw.strip():
            return default
        try:
            return json.loads(raw)
        except ValueError:
            raise forms.ValidationError(
                "The points could not be read. Reload the page and place them again."
            ) from None

    def clean_points(self):
        return self._json("points", {})

    def clean_scale(self):
        return self._json("scale", {})
