from django import forms

from clients.models import ClinicPhoto, ClinicProfile, PractitionerProfile
from clients.profile import pictures

ACCEPT = {"accept": "image/jpeg,image/png,image/webp"}
PHOTO_HELP = "A JPEG, PNG or WebP photo of up to 15 MB. It is re-saved without its metadata."


class DescriptionForm(forms.ModelForm):
    class Meta:
        model = ClinicProfile
        fields = ["description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class ClinicPhotoForm(forms.ModelForm):
    image = forms.FileField(
        label="Photo", help_text=PHOTO_HELP, widget=forms.FileInput(attrs=ACCEPT)
    )

    field_order = ["image", "alt_text", "position", "published"]

    class Meta:
        model = ClinicPhoto
        fields = ["alt_text", "position", "published"]
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "max": 1000})}

    def clean_image(self):
        # The checks and re-encoding happen here so a refusal shows next to the field.
        return pictures.clinic_photo(self.cleaned_data["image"])


class ClinicPhotoEditForm(forms.ModelForm):
    class Meta:
        model = ClinicPhoto
        fields = ["alt_text", "position", "published"]
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "max": 1000})}


class PractitionerProfileForm(forms.ModelForm):
    new_photo = forms.FileField(
        label="Photo",
        required=False,
        help_text=PHOTO_HELP,
        widget=forms.FileInput(attrs=ACCEPT),
    )
    remove_photo = forms.BooleanField(label="Remove the current photo", required=False)
    field_order = ["display_name", "title", "new_photo", "remove_photo", "bio", "helps_with"]

    class Meta:
        model = PractitionerProfile
        fields = ["display_name", "title", "bio", "helps_with", "position", "published"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "position": forms.NumberInput(attrs={"min": 0, "max": 1000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean_new_photo(self):
        upload = self.cleaned_data.get("new_photo")
        return pictures.portrait(upload) if upload else None
