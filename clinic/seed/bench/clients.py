"""Bench data: clients with portal logins, and red flags (most resolved).

Clients are shared evenly among the practitioners; the first one (the bench
client, ``CLIENT_EMAIL``) belongs to the bench practitioner.
"""

from __future__ import annotations

from datetime import timedelta

from clients.models import Client, ConsentSignature, ConsentVersion, RedFlag
from clients.vocab import RED_FLAG_QUESTIONS
from clinic.bench.base import CLIENT_EMAIL, BenchData
from clinic.models import Role
from clinic.seed.bench.staff import insert_users

FIRST = ["Alex", "Jordan", "Casey", "Morgan", "Riley", "Sasha", "Jamie", "Robin", "Kim", "Ari"]
FIRST += ["Dana", "Lee", "Noa", "Yusuf", "Mei", "Omar", "Zoe", "Ivan", "Leila", "Tariq"]
LAST = ["Morgan", "Lee", "Brown", "Garcia", "Nguyen", "Okafor", "Smith", "Kowalski", "Haddad"]
LAST += ["Rossi", "Tanaka", "Silva", "Murphy", "Novak", "Khan", "Dubois", "Berg", "Ortiz"]
STATUSES = ["active"] * 7 + ["lead", "paused", "discharged"]
PATTERNS = ["desk", "manual", "mixed", "other", ""]
RED_FLAG_CODES = [code for code, *_ in RED_FLAG_QUESTIONS]


def seed(data: BenchData) -> None:
    rng, now, count = data.rng, data.now, data.sizes.clients
    people = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = CLIENT_EMAIL if i == 0 else f"client{i}@bench.example"
        people.append((first, last, email))

    user_ids = insert_users(data, [(e, f, la) for f, la, e in people], Role.CLIENT)

    practitioners = data.practitioner_ids
    columns = ["first_name", "last_name", "email", "phone", "date_of_birth", "occupation"]
    columns += ["daily_pattern", "goals", "medical_history", "surgeries_injuries", "medications"]
    columns += ["previous_treatments", "imaging", "emergency_contact", "referral_source"]
    columns += ["practitioner_id", "status", "user_id"]
    columns += ["created_at", "updated_at", "version", "archived_at", "archive_reason"]
    columns += ["status_before_archive"]

    def rows():
        for i, ((first, last, email), user_id) in enumerate(zip(people, user_ids, strict=True)):
            created = now - timedelta(days=rng.randrange(1, 3 * 365))
            status = "active" if i == 0 else rng.choice(STATUSES)
            archived = None
            if status == "discharged" and i % 5 == 0:
                archived = created + timedelta(days=200)
            before_archive = ""
            if archived:  # archiving keeps the status to restore to
                before_archive, status = status, "archived"
            yield (
                first,
                last,
                email,
                f"+1 555 {i:06d}",
                (now - timedelta(days=rng.randrange(20 * 365, 75 * 365))).date(),
                "Office work" if i % 3 else "Nurse",
                rng.choice(PATTERNS),
                "Walk the dog without leg pain; sit through a film.",
                "Low-back pain on and off for years.",
                "",
                "",
                ["physio"] if i % 4 == 0 else [],
                "",
                "",
                "",
                practitioners[i % len(practitioners)],
                status,
                user_id,
                created,
                created,
                1,
                archived,
                "Discharged and inactive" if archived else "",
                before_archive,
            )

    data.client_ids = data.insert(Client, columns, rows())
    data.add_creation_history(Client, data.client_ids)

    # Every bench client agreed to the consent text, in the clinic, the day they came.
    version = ConsentVersion.objects.create(number=1, text="The bench clinic's consent text.")
    data.insert(
        ConsentSignature,
        ["client_id", "version_id", "full_name", "how", "signed_at"],
        (
            (client_id, version.pk, f"{first} {last}", "in_clinic", now - timedelta(days=1))
            for client_id, (first, last, _email) in zip(data.client_ids, people, strict=True)
        ),
    )
    data.say(f"  {len(data.client_ids)} clients with portal logins")

    # Red flags: the bench client has three, all resolved (its portal stays usable);
    # the rest are spread over other clients, one in three still open.
    flag_columns = ["client_id", "source", "answers", "details", "raised_at", "raised_by_id"]
    flag_columns += ["resolved_at", "resolved_by_id", "resolution", "resolution_note"]
    flag_columns += ["cleared_by_name"]
    # Bench flags were seen to at once: the scheduled alerts have nothing to send.
    flag_columns += ["notified_at", "acknowledged_at", "acknowledged_by_id", "escalates_from"]

    others = data.client_ids[1:] or data.client_ids

    def flag_rows():
        for i in range(data.sizes.red_flags):
            client_id = data.bench_client_id if i < 3 else rng.choice(others)
            raised = now - timedelta(days=rng.randrange(1, 700))
            practitioner = rng.choice(practitioners)
            open_flag = i >= 3 and i % 30 == 0  # open flags are urgent: few at a time
            yield (
                client_id,
                "assessment" if i % 2 else "check_in",
                [rng.choice(RED_FLAG_CODES)],
                "",
                raised,
                practitioner,
                None if open_flag else raised + timedelta(days=3),
                None if open_flag else practitioner,
                "" if open_flag else "medical_clearance",
                "" if open_flag else "GP examined and cleared exercise.",
                "" if open_flag else "Dr Bench",
                raised,
                raised,
                practitioner,
                raised,
            )

    flag_ids = data.insert(RedFlag, flag_columns, flag_rows())
    data.add_creation_history(RedFlag, flag_ids)
    data.say(f"  {len(flag_ids)} red flags")
