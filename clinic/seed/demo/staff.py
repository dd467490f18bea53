"""Demo accounts for ``seed_demo``. Each app may have a ``demo.py`` with ``seed(out)``."""

from __future__ import annotations

from dataclasses import dataclass

from clinic.models import Role, User

# Published in the README on purpose: the demo clinic is for trying the app out.
DEMO_PASSWORD = "movewell-demo-2026"  # noqa: S105  # nosec B105


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str


OWNER = DemoUser("owner@example.com", "Olivia", "Hart", Role.OWNER)
PRACTITIONERS = [
    DemoUser("priya@example.com", "Priya", "Nair", Role.PRACTITIONER),
    DemoUser("sam@example.com", "Sam", "Okafor", Role.PRACTITIONER),
]
CLIENTS = [
    DemoUser("alex@example.com", "Alex", "Morgan", Role.CLIENT),
    DemoUser("jordan@example.com", "Jordan", "Lee", Role.CLIENT),
    DemoUser("casey@example.com", "Casey", "Brown", Role.CLIENT),
]
ALL_USERS = [OWNER, *PRACTITIONERS, *CLIENTS]


def ensure_user(demo: DemoUser) -> User:
    """Create the demo user once; a second run leaves it exactly as it is."""
    user = User.objects.filter(email__iexact=demo.email).first()
    if user is None:
        user = User.objects.create_user(
            demo.email,
            DEMO_PASSWORD,
            first_name=demo.first_name,
            last_name=demo.last_name,
            role=demo.role,
            is_staff=demo.role == Role.OWNER,
            is_superuser=demo.role == Role.OWNER,
        )
    return user


def seed(out) -> None:
    for demo in ALL_USERS:
        ensure_user(demo)
    out.write(f"Demo users ready ({len(ALL_USERS)}).")


def logins_text() -> str:
    lines = ["Demo logins (password for all: " + DEMO_PASSWORD + "):"]
    for demo in ALL_USERS:
        lines.append(f"  {demo.role:<13} {demo.email}")
    return "\n".join(lines)
