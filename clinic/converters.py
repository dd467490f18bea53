"""The path converter for record ids in URLs: ``<id:pk>``, not ``<int:pk>``.

Django's ``int`` takes any run of digits, and a number past 2^63 then reaches the
database: SQLite's driver raises OverflowError (a 500) and PostgreSQL refuses the
bigint. Up to 18 digits is always below 2^63 - 1, and more than any id the clinic
will ever hand out, so a longer number is a 404 at the URL, before any view runs.
"""

from django.urls import register_converter

# 999,999,999,999,999,999 < 2^63 - 1 = 9,223,372,036,854,775,807
ID_DIGITS = 18


class IdConverter:
    regex = f"[0-9]{{1,{ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
