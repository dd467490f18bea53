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
    with django_assert_num_queries(7):
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
    # + the current consent version (cold cache here; cached after the first request)
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


def _photo(view, width, height, points):
    from clients.models import PosturePhoto

    return PosturePhoto(view=view, width=width, height=height, landmarks=points)


def _frame_point(place, photo, point):
    """Where a photo pixel lands in the shared frame."""
    scale = place.width / photo.width
    return place.x + scale * point[0], place.y + scale * point[1]


def test_photos_are_aligned_on_the_mid_hip_and_mid_ankle_points():
    # Now: 600 x 900, hips centred at (300, 450), ankles at (300, 850): 400 px apart.
    now = _photo(
        "front",
        600,
        900,
        {
            "trochanter_l": [350, 450],
            "trochanter_r": [250, 450],
            "ankle_l": [340, 850],
            "ankle_r": [260, 850],
        },
    )
    # First: a 1200 x 1800 photo, client further left and nearer: hips at (500, 700),
    # ankles at (500, 1500): 800 px apart -> half size, moved by (300 - 250, 450 - 350).
    first = _photo(
        "front",
        1200,
        1800,
        {
            "asis_l": [560, 700],
            "asis_r": [440, 700],
            "ankle_l": [560, 1500],
            "ankle_r": [440, 1500],
        },
    )
    frame = compare.alignment([first, None, now])
    assert (frame["width"], frame["height"]) == (600, 900)
    assert frame["hip"] == (300, 450) and frame["ankle"] == (300, 850)
    placed_first, missing, placed_now = frame["placements"]
    assert missing is None
    assert placed_now == compare.Placement(0, 0, 600, 900, True)
    assert placed_first == compare.Placement(50, 100, 600, 900, True)
    assert _frame_point(placed_first, first, (500, 700)) == (300, 450)
    assert _frame_point(placed_first, first, (500, 1500)) == (300, 850)


def test_side_views_align_on_their_one_hip_and_ankle_and_unmarked_photos_fit_the_height():
    now = _photo("left", 800, 1000, {"trochanter": [420, 500], "ankle": [400, 900]})
    previous = _photo("left", 400, 500, {"psis": [190, 260], "ankle": [200, 460]})
    unmarked = _photo("left", 500, 500, {"ankle": [200, 460]})  # no hip point
    frame = compare.alignment([unmarked, previous, now])
    fitted, aligned, reference = frame["placements"]
    assert reference == compare.Placement(0, 0, 800, 1000, True)
    # previous: hip-ankle 200 px -> 400 px, scale 2; hip (190, 260) -> (420, 500).
    assert aligned == compare.Placement(40, -20, 800, 1000, True)
    # unmarked: the frame's height (scale 2), centred across; flagged as not aligned.
    assert fitted == compare.Placement(-100, 0, 1000, 1000, False)


def test_the_latest_marked_photo_is_the_reference_and_none_marked_means_same_height():
    marked = _photo("back", 600, 800, {"psis_l": [320, 400], "psis_r": [280, 400]})
    marked.landmarks |= {"ankle_l": [320, 700], "ankle_r": [280, 700]}
    unmarked_now = _photo("back", 300, 400, {})
    frame = compare.alignment([marked, unmarked_now])
    assert (frame["width"], frame["height"]) == (600, 800)
    assert frame["placements"][0] == compare.Placement(0, 0, 600, 800, True)
    assert frame["placements"][1] == compare.Placement(0, 0, 600, 800, False)

    nobody = compare.alignment([_photo("back", 300, 400, {}), _photo("back", 600, 600, {})])
    assert nobody["hip"] is None
    # 300 x 400 to the 600 px frame height: scale 1.5, 450 wide, centred.
    assert nobody["placements"][0] == compare.Placement(75, 0, 450, 600, False)


def test_the_comparison_page_draws_each_photo_on_the_aligned_points(three, practitioner_client):
    first, _previous, now = three
    make_photo(
        first,
        points={
            "trochanter_l": [350, 500],
            "trochanter_r": [250, 500],
            "ankle_l": [340, 700],
            "ankle_r": [260, 700],
        },
    )
    make_photo(
        now,
        points={
            "trochanter_l": [350, 450],
            "trochanter_r": [250, 450],
            "ankle_l": [340, 850],
            "ankle_r": [260, 850],
        },
    )
    html = practitioner_client.get(compare_url(now)).content.decode()
    # First: hip-ankle 200 px -> 400 px (scale 2), hip (300, 500) -> (300, 450).
    assert '<image href="' in html
    assert 'x="-300.0" y="-550.0" width="1200.0" height="1800.0"' in html
    assert 'x="0.0" y="0.0" width="600.0" height="900.0"' in html
    assert 'y1="450.0" y2="450.0"' in html and 'y1="850.0" y2="850.0"' in html
    assert "Not aligned" not in html


def test_the_measures_table_gives_each_cell_the_heading_it_sits_under(three):
    first, _previous, now = three
    make_photo(first, points=FRONT_LOW_RIGHT)
    make_photo(now, points=FRONT_LOW_RIGHT)
    (front,) = compare.comparison(now)["views"]
    assert front["table"]["headings"] == [
        "First",
        "Previous",
        "This assessment",
        "Change since first",
        "Change since previous",
    ]
    rows = dict(front["table"]["rows"])
    assert rows["Pelvic (lateral) tilt"] == [
        ("First", "5.7 °, lower on the right"),
        ("Previous", "not measured"),
        ("This assessment", "5.7 °, lower on the right"),
        ("Change since first", "no change"),
        ("Change since previous", "not comparable (not measured)"),
    ]


def test_on_the_page_the_table_stacks_into_labelled_cards_on_a_phone(practitioner_client, three):
    first, _previous, now = three
    make_photo(first, points=FRONT_LOW_RIGHT)
    make_photo(now, points=FRONT_LOW_RIGHT)
    body = practitioner_client.get(compare_url(now)).content.decode()
    # A real table with its headings (read by screen readers, shown at desk width) ...
    assert 'class="table table-sm table-stack table-stack-long-labels compare-measures"' in body
    assert '<caption class="visually-hidden">Front measures: each reading and its change' in body
    assert '<th scope="col">Change since previous</th>' in body
    assert '<th scope="row">Pelvic (lateral) tilt</th>' in body
    # ... and every value says what it is when the row is a card (static/css/layout.css).
    rows = body.count('<th scope="row">')
    assert rows >= 2
    assert body.count("<td data-label=") == rows * 5
    assert '<td data-label="Change since first">no change</td>' in body
