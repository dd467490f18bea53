"""Vocabularies of the exercise library (codes are stored; labels are shown)."""

from django.db import models


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
