"""The demo clinic's public profile: a description, two photos and the practitioners.

The pictures are drawn here with Pillow (soft abstract shapes in the clinic's
colours), so the demo carries no stock photo of unclear licence. Safe to run again:
nothing is added twice and nothing the owner changed is overwritten.
"""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

from clients.models import ClinicPhoto, PractitionerProfile
from clients.profile import pictures, services
from clinic.models import User
from clinic.seed.demo.staff import OWNER, PRACTITIONERS

DESCRIPTION = (
    "We are a small movement clinic for people with sciatica, low-back pain and hip or "
    "pelvis imbalances. Every client starts with an unhurried assessment of posture, "
    "breathing and how the hips and spine move.\n\n"
    "From there we build a program of rehabilitative Pilates and corrective exercise that "
    "you follow in the studio and at home, with your exercises on your phone between visits."
)
PHOTOS = [
    ("A bright studio with reformer beds along a window", (31, 111, 92), 11),
    ("Mats, foam rollers and small balls set out for a class", (176, 120, 64), 23),
]
PROFILES = {
    PRACTITIONERS[0].email: (
        "Rehab Pilates instructor",
        "Priya trained as a dancer before teaching clinical Pilates. She works slowly and "
        "precisely, and loves seeing people trust their backs again.",
        "sciatica, low-back pain, pregnancy and after, returning to running",
        True,
    ),
    PRACTITIONERS[1].email: (
        "Corrective exercise specialist",
        "Sam spent ten years as a strength coach before specialising in hip and pelvis "
        "problems. Expect clear explanations and homework that fits your day.",
        "hip pain, pelvic imbalance, desk-bound stiffness, strength after injury",
        False,
    ),
    OWNER.email: (
        "Physiotherapist and clinic owner",
        "Olivia founded the clinic to bring assessment and exercise under one roof. She "
        "leads the first assessments and reassessments.",
        "assessments, nerve pain, persistent back pain",
        False,
    ),
}


def _picture(size: tuple[int, int], colour: tuple[int, int, int], seed: int) -> bytes:
    """Overlapping soft circles on a pale ground: abstract, and clearly not a photo."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - shapes for a demo picture
    image = Image.new("RGB", size, (246, 248, 247))
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = size
    for _ in range(14):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        alpha = rng.randint(40, 120)
        shade = tuple(min(255, max(0, c + rng.randint(-30, 40))) for c in colour)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*shade, alpha))
    image = image.filter(ImageFilter.GaussianBlur(radius=3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("demo.png", content, content_type="image/png")


def seed(out) -> None:
    owner = User.objects.get(email__iexact=OWNER.email)
    profile = services.clinic_profile()
    if not profile.description:
        profile.description = DESCRIPTION
        services.save_description(profile, by=owner)
    if not ClinicPhoto.objects.exists():
        for position, (alt, colour, seed_value) in enumerate(PHOTOS, 1):
            picture = pictures.clinic_photo(_upload(_picture((1200, 900), colour, seed_value)))
            photo = ClinicPhoto(alt_text=alt, position=position, published=True)
            services.add_photo(photo, picture, by=owner)
    for position, (email, (title, bio, helps_with, with_photo)) in enumerate(PROFILES.items(), 1):
        user = User.objects.get(email__iexact=email)
        if PractitionerProfile.objects.filter(user=user).exists():
            continue
        practitioner = PractitionerProfile(
            user=user,
            display_name=user.get_full_name(),
            title=title,
            bio=bio,
            helps_with=helps_with,
            position=position,
            published=True,
        )
        portrait = None
        if with_photo:
            portrait = pictures.portrait(_upload(_picture((600, 600), (31, 111, 92), position)))
        services.save_practitioner_profile(practitioner, by=owner, portrait=portrait)
    out.write(
        f"Clinic profile ready: {ClinicPhoto.objects.count()} photos, "
        f"{PractitionerProfile.objects.count()} practitioner profiles."
    )
