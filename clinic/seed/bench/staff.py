"""Bench data: the practice staff. The first practitioner is the one the bench logs in as."""

from __future__ import annotations

from collections.abc import Iterable

from clinic.bench.base import PRACTITIONER_EMAIL, BenchData
from clinic.models import Role, User

FIRST_NAMES = ["Priya", "Sam", "Noor", "Ellis", "Mika", "Rosa", "Tom", "Ines", "Kofi", "Lena"]


def insert_users(data: BenchData, people: Iterable[tuple[str, str, str]], role: str) -> list[int]:
    """Users from (email, first name, last name), all with the bench password."""
    columns = ["email", "first_name", "last_name", "role", "password", "is_active", "is_staff"]
    columns += ["is_superuser", "date_joined"]
    return data.insert(
        User,
        columns,
        (
            (email, first, last, role, data.password_hash, True, False, False, data.now)
            for email, first, last in people
        ),
    )


def seed(data: BenchData) -> None:
    people = [
        (
            PRACTITIONER_EMAIL if i == 0 else f"practitioner{i}@bench.example",
            FIRST_NAMES[i % len(FIRST_NAMES)],
            "Bench",
        )
        for i in range(data.sizes.practitioners)
    ]
    data.practitioner_ids = insert_users(data, people, Role.PRACTITIONER)
    data.say(f"  {len(data.practitioner_ids)} practitioners")
