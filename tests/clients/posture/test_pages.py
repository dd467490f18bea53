"""The posture pages: upload, the editor, the photo stream, and who may see what."""

import io
import json
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from clients.models import Assessment, PosturePhoto
from clients.posture import photos
from tests import factories
from tests.clients.posture.support import make_photo
from tests.pictures import encode, jpeg_with_gps, picture, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(client_record):
    return factories.AssessmentFactory(client=client_record)


def page_url(assessment):
    return reverse("clients:posture", args=[assessment.client_id, assessment.pk])


def image_url(photo, name="clients:posture_photo_image"):
    return reverse(name, args=[photo.assessment.client_id, photo.assessment_id, photo.pk])


def post_photo(http, assessment, data, view="front", field="upload", token=None, name="p.jpg"):
    return http.post(
        page_url(assessment),
        {
            "view": view,
            f"{view}-token": str(token or uuid.uuid4()),
            f"{view}-{field}": upload(data, name=name),
        },
    )


def stored_files() -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()]


def test_the_posture_page_offers_camera_and_file_for_each_view(practitioner_client, assessment):
    body = practitioner_client.get(page_url(assessment)).content.decode()
    for view in ("front", "back", "left", "right"):
        assert f'name="{view}-camera"' in body and f'name="{view}-upload"' in body
    assert body.count('capture="environment"') == 4
    assert body.count('accept="image/jpeg,image/png,image/webp"') == 8
    assert "plumb line" in body and "hip height" in body  # the capture guide


def test_a_photo_is_saved_reencoded_without_gps_and_opens_the_editor(
    practitioner_client, practitioner, assessment
):
    response = post_photo(practitioner_client, assessment, jpeg_with_gps(), field="camera")
    photo = PosturePhoto.objects.get()
    assert response.status_code == 302 and response.url == photo.get_absolute_url()
    assert (photo.view, photo.uploaded_by, photo.width, photo.height) == (
        "front",
        practitioner,
        600,
        900,
    )
    streamed = practitioner_client.get(image_url(photo))
    assert streamed["Content-Type"] == "image/jpeg"
    assert streamed["Cache-Control"] == "no-store"  # as every signed-in response
    data = b"".join(streamed.streaming_content)
    assert not Image.open(io.BytesIO(data)).getexif()
    assert b"PhoneMaker" not in data
    # Stored outside MEDIA_ROOT, under random names that say nothing.
    files = stored_files()
    assert len(files) == 2
    assert all(len(f.stem) == 32 and "p" != f.stem for f in files)
    assert not str(files[0]).startswith(str(settings.MEDIA_ROOT))
    assert photo.history.first().history_user == practitioner


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"hello, not a picture", "x.jpg", "not a picture we can read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg", "SVG drawings are not accepted"),
        (encode(picture(80, 80)) + b"<script>alert(1)</script>", "x.jpg", "something else"),
    ],
)
def test_a_bad_file_shows_a_message_by_the_field_and_saves_nothing(
    practitioner_client, assessment, data, name, message
):
    response = post_photo(practitioner_client, assessment, data, view="back", name=name)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'id="error_1_id_back-upload"' in body or "id_back-upload" in body
    assert not PosturePhoto.objects.exists()
    assert stored_files() == []


def test_no_photo_chosen_says_so(practitioner_client, assessment):
    response = practitioner_client.post(
        page_url(assessment), {"view": "left", "left-token": str(uuid.uuid4())}
    )
    assert "Take a photo or choose a photo file first." in response.content.decode()
    assert not PosturePhoto.objects.exists()


def test_a_double_tap_saves_one_photo(practitioner_client, assessment):
    token = uuid.uuid4()
    first = post_photo(practitioner_client, assessment, encode(picture()), token=token)
    second = post_photo(practitioner_client, assessment, encode(picture()), token=token)
    assert PosturePhoto.objects.count() == 1
    assert first.url == second.url
    assert len(stored_files()) == 2


def test_a_new_photo_of_a_view_archives_the_earlier_one_and_keeps_it(
    practitioner_client, assessment
):
    post_photo(practitioner_client, assessment, encode(picture()))
    post_photo(practitioner_client, assessment, encode(picture(700, 900)))
    earlier, current = PosturePhoto.objects.order_by("uploaded_at", "id")
    assert earlier.is_archived and not current.is_archived
    assert earlier.archive_reason == "Replaced by a newer photo of the same view"
    body = practitioner_client.get(page_url(assessment)).content.decode()
    assert "Earlier photos in this assessment" in body
    assert practitioner_client.get(image_url(earlier)).status_code == 200  # history kept


def test_the_editor_saves_points_and_fills_the_hip_disparity(
    practitioner_client, practitioner, assessment
):
    photo = make_photo(assessment, view="back", width=600, height=900)
    points = {
        "crest_l": [200, 412],
        "crest_r": [400, 400],
        "shoulder_l": [180, 200],
        "shoulder_r": [420, 200],
    }
    scale = {"a": [20, 100], "b": [20, 600], "mm": 1000}  # 2 mm per pixel
    response = practitioner_client.post(
        photo.get_absolute_url(), {"points": json.dumps(points), "scale": json.dumps(scale)}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    # Left crest lower by 12 px = 24 mm: the right hip is the higher one.
    assert (assessment.elevated_hip, assessment.elevated_hip_side) == (True, "right")
    assert (str(assessment.elevated_hip_magnitude), assessment.elevated_hip_unit) == ("24.0", "mm")
    assert assessment.elevated_hip_photo == photo
    assert assessment.history.first().history_change_reason == "Measured from the Back photo"
    detail = practitioner_client.get(assessment.get_absolute_url()).content.decode()
    assert f'href="{photo.get_absolute_url()}">measured from photo</a>' in detail
    edit = practitioner_client.get(
        reverse("clients:assessment_edit", args=[assessment.client_id, assessment.pk])
    ).content.decode()
    assert "Measured from photo" in edit and photo.get_absolute_url() in edit
    editor = practitioner_client.get(photo.get_absolute_url()).content.decode()
    assert "Pelvic (lateral) tilt" in editor and "24.0 mm" in editor


def test_a_side_photo_fills_the_pelvic_girdle_tilt_and_head_forward(
    practitioner_client, assessment
):
    photo = make_photo(assessment, view="left")
    points = {"asis": [360, 460], "psis": [240, 440], "c7": [300, 150], "ear": [360, 80]}
    practitioner_client.post(photo.get_absolute_url(), {"points": json.dumps(points)})
    assessment.refresh_from_db()
    assert (assessment.pelvic_tilt, assessment.pelvic_tilt_side) == (True, "anterior")
    assert str(assessment.pelvic_tilt_magnitude) == "9.5"
    assert assessment.pelvic_tilt_photo == photo
    assert assessment.posture["head_neck"]["finding"] == "forward_head"


def test_the_practitioner_may_override_and_the_change_is_kept_with_who_and_when(
    practitioner_client, practitioner, assessment
):
    from tests.clients.assessments.test_assessment_pages import _form_data

    photo = make_photo(assessment, view="front")
    practitioner_client.post(
        photo.get_absolute_url(),
        {"points": json.dumps({"asis_l": [400, 420], "asis_r": [200, 400]})},
    )
    assessment.refresh_from_db()
    assert assessment.elevated_hip_photo == photo and assessment.elevated_hip_side == "right"
    url = reverse("clients:assessment_edit", args=[assessment.client_id, assessment.pk])
    practitioner_client.post(url, _form_data(loaded_version=str(assessment.version)))
    assessment.refresh_from_db()
    assert (assessment.elevated_hip_side, str(assessment.elevated_hip_magnitude)) == ("left", "8.0")
    assert assessment.elevated_hip_photo is None  # no longer "measured from photo"
    latest = assessment.history.first()
    assert latest.history_user == practitioner
    assert latest.history_change_reason == "Practitioner overrode the measure from the photo"
    assert latest.history_date is not None
    # The photo keeps what it measured.
    photo.refresh_from_db()
    assert photo.landmarks == {"asis_l": [400.0, 420.0], "asis_r": [200.0, 400.0]}


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ({"asis_l": [9000, 10]}, "outside the photo"),
        ({"c7": [10, 10]}, "is not a point on a Front photo"),
        ({"asis_l": ["a", 1]}, "could not be read"),
    ],
)
def test_bad_points_are_refused_with_a_message_and_nothing_changes(
    practitioner_client, assessment, points, message
):
    photo = make_photo(assessment, view="front")
    version = Assessment.objects.get(pk=assessment.pk).version
    response = practitioner_client.post(photo.get_absolute_url(), {"points": json.dumps(points)})
    assert message in response.content.decode()
    photo.refresh_from_db()
    assert photo.landmarks == {}
    assert Assessment.objects.get(pk=assessment.pk).version == version


def test_garbled_json_is_a_message_not_a_500(practitioner_client, assessment):
    photo = make_photo(assessment)
    response = practitioner_client.post(photo.get_absolute_url(), {"points": "{nope"})
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


# -- Access -------------------------------------------------------------------------------


@pytest.fixture
def photo(assessment):
    return make_photo(assessment)


@pytest.mark.parametrize(
    "name",
    ["clients:posture_photo", "clients:posture_photo_image", "clients:posture_photo_thumb"],
)
def test_photo_urls_are_for_the_practice_only(client, photo, client_user, name):
    url = image_url(photo, name)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(client_user)  # the photo's own client: still not a practice page
    assert client.get(url).status_code == 404


def test_a_photo_of_client_a_is_404_under_client_bs_record(practitioner_client, photo):
    other = factories.AssessmentFactory()
    wrong = reverse("clients:posture_photo_image", args=[other.client_id, other.pk, photo.pk])
    assert practitioner_client.get(wrong).status_code == 404
    wrong = reverse(
        "clients:posture_photo_image", args=[other.client_id, photo.assessment_id, photo.pk]
    )
    assert practitioner_client.get(wrong).status_code == 404


def test_no_media_path_serves_a_photo(practitioner_client, photo, settings):
    assert practitioner_client.get(f"/media/{photo.image_name}").status_code == 404
    assert practitioner_client.get(f"/{photo.image_name}").status_code == 404
    with pytest.raises(NotImplementedError):
        photos.private_storage().url(photo.image_name)


def test_the_posture_js_and_model_load_only_on_the_editor(practitioner_client, photo):
    editor = practitioner_client.get(photo.get_absolute_url())
    body = editor.content.decode()
    assert "js/posture-editor.js" in body and "vendor/mediapipe-pose/" in body
    assert "'wasm-unsafe-eval'" in editor["Content-Security-Policy"]
    detail = practitioner_client.get(photo.assessment.get_absolute_url())
    assert "posture-editor" not in detail.content.decode()
    assert "mediapipe" not in detail.content.decode()
    assert "wasm-unsafe-eval" not in detail["Content-Security-Policy"]
    assert "posture.css" not in detail.content.decode()


# -- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("earlier", [0, 5])
def test_the_posture_page_runs_the_same_queries_whatever_the_photos(
    practitioner_client, assessment, django_assert_num_queries, earlier
):
    for _ in range(earlier):
        for view in ("front", "back", "left", "right"):
            make_photo(assessment, view=view)
    # 1 session, 2 user, 3 assessment with client, 4 current photos, 5 earlier photos
    # with who archived them; 6-7 the transaction's savepoint pair (ATOMIC_REQUESTS)
    with django_assert_num_queries(6):
        response = practitioner_client.get(page_url(assessment))
    assert len(response.context["earlier"]) == max(0, earlier * 4 - 4)


@pytest.mark.parametrize("points", [0, 14])
def test_the_editor_runs_the_same_queries_whatever_the_points(
    practitioner_client, assessment, django_assert_num_queries, points
):
    photo = make_photo(assessment, view="front")
    photo.landmarks = {f"{p}": [10, 10] for p in ["shoulder_l", "shoulder_r", "knee_l"][:points]}
    photo.save()
    # 1 session, 2 user, 3 photo with assessment and client, 4-5 savepoint pair
    with django_assert_num_queries(4):
        practitioner_client.get(photo.get_absolute_url())


def test_streaming_a_photo_takes_three_queries(
    practitioner_client, photo, django_assert_num_queries
):
    # 1 session, 2 user, 3 photo scoped to the practice's clients (read-only: no savepoints)
    with django_assert_num_queries(2):
        practitioner_client.get(image_url(photo))


# -- Erasure -----------------------------------------------------------------------------


def test_erasing_the_client_deletes_the_photo_files_and_their_names(owner, assessment):
    from clients.erasure.services import anonymise_client

    photo = make_photo(assessment, points={"asis_l": [1, 2]})
    make_photo(assessment)  # archives the first: archived photos go too
    assert len(stored_files()) == 4
    record = assessment.client
    record.status = "discharged"
    record.save()
    anonymise_client(client=record, by=owner)
    assert stored_files() == []
    for row in PosturePhoto.objects.all():
        assert (row.image_name, row.thumbnail_name) == ("", "") and row.erased_at
    assert not PosturePhoto.history.exclude(image_name="").exists()
    photo.refresh_from_db()
    assert photo.landmarks == {"asis_l": [1, 2]}  # the clinical content stays


def test_only_the_posture_page_may_use_the_camera_and_only_itself(practitioner_client, assessment):
    page = practitioner_client.get(page_url(assessment))
    policy = page["Permissions-Policy"]
    assert "camera=(self)" in policy  # the live framing view
    assert "microphone=()" in policy and "geolocation=()" in policy
    assert 'data-camera="start"' in page.content.decode()
    photo = make_photo(assessment)
    for other in (photo.get_absolute_url(), assessment.get_absolute_url(), "/practice/"):
        response = practitioner_client.get(other)
        assert "camera=()" in response["Permissions-Policy"], other
