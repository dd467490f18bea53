"""Posture over time: beside the first and previous assessment, shared pairs, the export."""

import json
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import PostureShare
from clients.posture import compare
from tests import factories
from tests.clients.posture.support import make_photo

pytestmark = pytest.mark.django_db

FRONT_LOW_RIGHT = {
    "asis_l": [400, 400],
    "asis_r": [200, 420],
    "shoulder_l": [400, 200],
    "shoulder_r": [200, 200],
}  # pelvis 5.7° lower on the right; level shoulders


@pytest.fixture
def three(client_record):
    today = timezone.localdate()
    return [
        factories.AssessmentFactory(client=client_record, assessed_on=today - timedelta(days=d))
        for d in (60, 30, 0)
    ]


def compare_url(assessment):
    return reverse("clients:posture_compare", args=[assessment.client_id, assessment.pk])


def test_each_measure_is_compared_with_the_first_and_previous_with_the_rules(three):
    first, previous, now = three
    make_photo(first, points=FRONT_LOW_RIGHT)
    # Previous: pelvis now lower on the LEFT (a change of side), shoulders not placed.
    make_photo(previous, points={"asis_l": [400, 410], "asis_r": [200, 400]})
    # Now: pelvis 2.9° lower on the right; shoulders 2.9° lower on the left.
    make_photo(
        now,
        points={
            "asis_l": [400, 400],
            "asis_r": [200, 410],
            "shoulder_l": [400, 210],
            "shoulder_r": [200, 200],
        },
    )
    result = compare.comparison(now)
    assert [name for name, _a in result["headings"]] == ["First", "Previous", "This assessment"]
    (front,) = result["views"]
    rows = {row.label: row for row in front["rows"]}
    pelvis = rows["Pelvic (lateral) tilt"]
    assert [str(r) for r in pelvis.readings] == [
        "5.7 °, lower on the right",
        "2.9 °, lower on the left",
        "2.9 °, lower on the right",
    ]
    assert pelvis.changes == [
        "-2.8 °",
        "changed side: lower on the left → lower on the right",
    ]
    shoulders = rows["Shoulder tilt"]
    # Level at first, then not measured: never counted as an improvement.
    assert str(shoulders.readings[1]) == "not measured"
    assert shoulders.changes == [
        "+2.9 °",  # level (0°) to 2.9°
        "not comparable (not measured)",
    ]


def test_the_compare_page_shows_photos_side_by_side_and_offers_sharing(practitioner_client, three):
    first, _previous, now = three
    before = make_photo(first, points=FRONT_LOW_RIGHT)
    after = make_photo(now, points=FRONT_LOW_RIGHT)
    body = practitioner_client.get(compare_url(now)).content.decode()
    assert body.count('class="compare-photo"') == 3
    assert (
        reverse("clients:posture_photo_image", args=[first.client_id, first.pk, before.pk]) in body
    )
    assert "No front photo" in body  # the previous assessment has none
    assert "Share first and now with the client" in body
    assert "Change since first" in body and "no change" in body
    assert f'name="before" value="{before.pk}"' in body and f'value="{after.pk}"' in body


@pytest.mark.parametrize("earlier", [1, 6])
def test_the_compare_page_runs_the_same_queries_however_many_assessments(
    practitioner_client, client_record, django_assert_num_queries, earlier
):
    today = timezone.localdate()
    for days in range(earlier, 0, -1):
        old = factories.AssessmentFactory(
            client=client_record, assessed_on=today - timedelta(days=days)
        )
        make_photo(old, points=FRONT_LOW_RIGHT)
    now = factories.AssessmentFactory(client=client_record, assessed_on=today)
    make_photo(now, points=FRONT_LOW_RIGHT)
    # 1 session, 2 user, 3 assessment with client, 4 first and previous, 5 their photos,
    # 6 the client's shared pairs, 7-8 the request's savepoint pair
    with django_assert_num_queries(8):
        practitioner_client.get(compare_url(now))


def test_a_shared_pair_shows_in_the_portal_and_only_shared_photos_open(
    practitioner_client, client_user, three
):
    client = HttpClient()  # the portal, beside the practitioner's own session
    first, previous, now = three
    before, middle, after = (make_photo(a) for a in three)
    response = practitioner_client.post(
        reverse("clients:posture_share", args=[now.client_id]),
        {"before": before.pk, "after": after.pk},
    )
    assert response.url == compare_url(now)
    practitioner_client.post(
        reverse("clients:posture_share", args=[now.client_id]),
        {"before": before.pk, "after": after.pk},
    )  # a double tap shares once
    share = PostureShare.objects.get()
    client.force_login(client_user)
    portal = client.get(reverse("clients:portal_posture")).content.decode()
    assert portal.count('class="compare-photo"') == 2
    for photo, status in ((before, 200), (after, 200), (middle, 404)):
        url = reverse("clients:portal_posture_image", args=[photo.pk])
        assert client.get(url).status_code == status
    # Stop sharing: gone from the portal, and its photos no longer open.
    practitioner_client.post(reverse("clients:posture_unshare", args=[now.client_id, share.pk]))
    assert (
        "has not shared any photos"
        in client.get(reverse("clients:portal_posture")).content.decode()
    )
    assert client.get(reverse("clients:portal_posture_image", args=[after.pk])).status_code == 404


def test_another_client_never_sees_a_shared_photo(client, other_client_user, three, practitioner):
    from clients.posture import services

    before, after = make_photo(three[0]), make_photo(three[2])
    services.share_pair(before=before, after=after, by=practitioner)
    client.force_login(other_client_user)
    assert client.get(reverse("clients:portal_posture_image", args=[after.pk])).status_code == 404
    assert "has not shared" in client.get(reverse("clients:portal_posture")).content.decode()


def test_a_pair_is_two_photos_of_the_same_view_of_one_client(practitioner_client, three):
    before = make_photo(three[0], view="front")
    other_view = make_photo(three[2], view="back")
    stranger = make_photo(factories.AssessmentFactory(), view="front")
    url = reverse("clients:posture_share", args=[three[0].client_id])
    practitioner_client.post(url, {"before": before.pk, "after": other_view.pk})
    assert (
        practitioner_client.post(url, {"before": before.pk, "after": stranger.pk}).status_code
        == 404
    )
    assert practitioner_client.post(url, {"before": "x", "after": "1"}).status_code == 404
    assert not PostureShare.objects.exists()


@pytest.mark.parametrize("pairs", [1, 4])
def test_the_portal_page_runs_the_same_queries_however_many_pairs(
    client, client_user, client_record, practitioner, django_assert_num_queries, pairs
):
    from clients.posture import services

    for _ in range(pairs):
        a = factories.AssessmentFactory(client=client_record)
        services.share_pair(
            before=make_photo(a), after=make_photo(a, view="front"), by=practitioner
        )
    client.force_login(client_user)
    # 1 session, 2 user, 3 shared pairs with both photos' assessments, 4-5 savepoint pair
    with django_assert_num_queries(5):
        response = client.get(reverse("clients:portal_posture"))
    assert len(response.context["shares"]) == pairs


def test_the_clients_export_includes_photos_and_measures(client, client_user, client_record):
    make_photo(factories.AssessmentFactory(client=client_record), points=FRONT_LOW_RIGHT)
    client.force_login(client_user)
    response = client.get(reverse("programs:portal_export_json"))
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    (photo,) = data["posture_photos"]
    assert photo["view"] == "Front"
    assert {
        "measure": "Pelvic (lateral) tilt",
        "value": 5.7,
        "unit": "°",
        "reads": "lower on the right",
    } in photo["measures"]
    assert photo["image_jpeg_base64"].startswith("/9j/")  # a JPEG
    csv = client.get(reverse("programs:portal_export_csv"))
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert b"Pelvic (lateral) tilt" in body and b"/9j/" not in body
