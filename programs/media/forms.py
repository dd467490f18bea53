"""The upload and caption forms of an exercise's media page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from programs.media import services
from programs.media.models import ExerciseMedia

CLIP_TYPES = "video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov"
PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class MediaUploadForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ExerciseMedia.Kind.choices,
        widget=forms.RadioSelect,
        initial=ExerciseMedia.Kind.PHOTO,
        label="What are you adding?",
    )
    file = forms.FileField(
        label="File",
        help_text="A photo (JPEG, PNG or WebP, at most 5 MB) or a clip (MP4, WebM or "
        "QuickTime, at most 60 seconds and 100 MB).",
        widget=forms.ClearableFileInput(attrs={"accept": f"{PHOTO_TYPES},{CLIP_TYPES}"}),
    )
    caption = forms.CharField(
        max_length=200,
        help_text="Say what it shows, for example “Start: lying on the side, knees bent”. "
        "Screen readers read it out, and it is shown under the picture.",
    )

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload and kind:
            try:
                cleaned["prepared"] = services.prepare_upload(kind, upload)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned


class CaptionForm(forms.Form):
    caption = forms.CharField(max_length=200, label="Caption")
