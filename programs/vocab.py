"""Vocabularies of the exercise library (codes are stored; labels are shown)."""

import re

from django.core.exceptions import ValidationError
from django.db import models

# Words that name a diagnosis or a cause: kept out of what a client reads (program and
# phase names and goals shown in the portal). Whole words, any case; a stem ending in
# "*" matches any ending ("herniat*": herniated, herniation).
DIAGNOSIS_WORDS = (
    "sciatica",
    "sciatic",
    "disc",
    "discs",
    "disk",
    "herniat*",
    "hernia",
    "bulg*",
    "prolaps*",
    "stenosis",
    "spondyl*",
    "arthritis",
    "osteoarthritis",
    "degenerat*",
    "syndrome",
    "impinge*",
    "radiculopathy",
    "vertebra*",
    "L4",
    "L5",
    "S1",
)
_DIAGNOSIS = re.compile(
    r"\b("
    + "|".join(
        re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in DIAGNOSIS_WORDS
    )
    + r")\b",
    re.IGNORECASE,
)


def validate_client_text(value: str) -> None:
    """Refuse client-facing text that names a diagnosis or cause (see DIAGNOSIS_WORDS)."""
    found = _DIAGNOSIS.search(value or "")
    if found:
        raise ValidationError(
            f"Clients read this, so leave out diagnoses and causes (“{found.group(0)}”). "
            "Describe what the client will do or feel instead.",
            code="diagnosis",
        )


class Category(models.TextChoices):
    """The four kinds of work, in the order a sciatica program moves through them."""

    RELEASE = "release", "Release / self-massage"
    MOBILITY = "mobility", "Mobility / stretch"
    ACTIVATION = "activation", "Activation"
    STRENGTH = "strength", "Strength"


EQUIPMENT = [
    ("none", "No equipment"),
    ("band", "Resistance band"),
    ("chair", "Chair"),
    ("ball", "Massage ball"),
    ("roller", "Foam roller"),
    ("mat", "Mat"),
    ("wall", "Wall"),
]

TARGET_MUSCLES = [
    ("glute_med", "Gluteus medius"),
    ("glute_max", "Gluteus maximus"),
    ("piriformis", "Piriformis"),
    ("hamstrings", "Hamstrings"),
    ("quadriceps", "Quadriceps"),
    ("hip_flexors", "Hip flexors"),
    ("adductors", "Adductors"),
    ("multifidus", "Multifidus"),
    ("deep_core", "Deep core"),
    ("low_back", "Low-back muscles"),
    ("calves", "Calves"),
    ("thoracic", "Thoracic spine"),
]

REGIONS = [
    ("low_back", "Low back"),
    ("pelvis", "Pelvis / SI joint"),
    ("hip", "Hip"),
    ("thigh", "Thigh"),
    ("knee", "Knee"),
    ("lower_leg", "Lower leg and ankle"),
    ("upper_back", "Upper back"),
]

EQUIPMENT_LABELS = dict(EQUIPMENT)
TARGET_LABELS = dict(TARGET_MUSCLES)
REGION_LABELS = dict(REGIONS)
