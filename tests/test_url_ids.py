"""Record ids in URLs are bounded (``clinic.converters``): a number past what the
database holds is a 404 at the URL, never an OverflowError (SQLite) or a bigint
error (PostgreSQL) from the view's query."""

import pytest
from django.urls import Resolver404, resolve, reverse

from tests import factories

pytestmark = pytest.mark.django_db

PROJECT = ("clinic.", "clients.", "programs.")
TOO_LONG = "99999999999999999999"  # 20 digits: past 2^63


@pytest.fixture
def record(practitioner):
    return factories.ClientFactory(practitioner=practitioner)


@pytest.mark.parametrize(
    "path",
    [
        f"/practice/clients/{TOO_LONG}/",
        f"/practice/clients/{TOO_LONG}/program/",
        f"/practice/clients/{TOO_LONG}/assessments/1/",
        "/practice/clients/{record}/assessments/" + TOO_LONG + "/",
        "/practice/clients/{record}/program/",
    ],
)
def test_a_twenty_digit_id_is_a_404_not_a_500(path, record, practitioner_client):
    ok = path.format(record=record.pk)
    if TOO_LONG not in ok:  # the same page with a real id is there (the path is right)
        assert practitioner_client.get(ok).status_code == 200
        ok = ok.replace(f"/{record.pk}/", f"/{TOO_LONG}/")
    response = practitioner_client.get(ok)
    assert response.status_code == 404
    with pytest.raises(Resolver404):
        resolve(ok)


def test_the_longest_id_the_urls_take_is_still_a_plain_404(record, practitioner_client):
    eighteen = "9" * 18
    assert resolve(f"/practice/clients/{eighteen}/").kwargs == {"pk": int(eighteen)}
    assert practitioner_client.get(f"/practice/clients/{eighteen}/").status_code == 404
    assert reverse("clients:client_detail", args=[record.pk]) == f"/practice/clients/{record.pk}/"


def test_every_url_pattern_uses_the_bounded_converter():
    from django.urls import get_resolver

    def walk(resolver):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern)
            else:
                yield pattern

    ours = [p for p in walk(get_resolver()) if p.lookup_str.startswith(PROJECT)]
    assert len(ours) > 100
    assert [str(p.pattern) for p in ours if "<int:" in str(p.pattern)] == []
    assert sum("<id:" in str(p.pattern) for p in ours) > 50
