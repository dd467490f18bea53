"""The clinic profile: the owner edits it; visitors see the published parts."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients.models import ClinicPhoto, ClinicProfile, PractitionerProfile
from tests.clients.booking.booking_support import make_bookable
from tests.clients.profile.support import make_clinic_photo, make_practitioner_profile, png_upload


@pytest.mark.django_db
def test_the_owner_writes_the_description_and_the_home_page_shows_it(owner_client, owner, client):
    response = owner_client.post(
        reverse("clients:clinic_profile"),
        {"description": "A calm studio by the harbour.\n\nWe see adults of every age."},
    )
    assert response.status_code == 302
    profile = ClinicProfile.objects.get()
    assert profile.history.latest().history_user == owner
    owner_client.logout()
    body = client.get(reverse("home")).content.decode()
    assert "<p>A calm studio by the harbour.</p>" in body
    assert "<p>We see adults of every age.</p>" in body


@pytest.mark.django_db
def test_a_too_long_description_is_refused_next_to_the_field(owner_client):
    response = owner_client.post(reverse("clients:clinic_profile"), {"description": "x" * 2001})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not ClinicProfile.objects.exists()


@pytest.mark.django_db
def test_a_photo_is_re_encoded_and_published_photos_are_public(owner_client, client, owner):
    response = owner_client.post(
        reverse("clients:clinic_photo_add"),
        {
            "image": png_upload((3000, 2000)),
            "alt_text": "Reformers by the window",
            "position": 1,
            "published": "on",
        },
    )
    assert response.status_code == 302
    photo = ClinicPhoto.objects.get()
    assert photo.image.startswith("clinic-profile/") and photo.image.endswith(".jpg")
    assert (photo.width, photo.height) == (1280, 853)
    assert photo.history.latest().history_user == owner
    owner_client.logout()
    home = client.get(reverse("home")).content.decode()
    url = reverse("clients:clinic_photo_file", args=[photo.pk])
    assert f'src="{url}" alt="Reformers by the window"' in home
    picture = client.get(url)
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/jpeg"
    assert picture["Cache-Control"] == "public, max-age=300"


@pytest.mark.django_db
def test_an_unpublished_photo_is_hidden_from_visitors_but_not_from_staff(
    client, practitioner_client, owner
):
    photo = make_clinic_photo(owner, published=False, alt="Not ready yet")
    url = reverse("clients:clinic_photo_file", args=[photo.pk])
    assert practitioner_client.get(url).status_code == 200
    practitioner_client.logout()
    assert client.get(url).status_code == 404
    assert "Not ready yet" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile(
                "x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml"
            ),
            "SVG drawings are not accepted",
        ),
        (
            SimpleUploadedFile("x.jpg", b"not a picture", content_type="image/jpeg"),
            "not a picture we can read",
        ),
    ],
)
def test_a_bad_file_is_refused_next_to_the_field_and_nothing_is_saved(
    owner_client, upload, message
):
    response = owner_client.post(
        reverse("clients:clinic_photo_add"),
        {"image": upload, "alt_text": "Studio", "position": 1, "published": "on"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClinicPhoto.objects.exists()


@pytest.mark.django_db
def test_removing_a_photo_deletes_its_file_and_keeps_the_history(
    owner_client, owner, django_capture_on_commit_callbacks
):
    photo = make_clinic_photo(owner)
    name = photo.image
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("clients:clinic_photo_remove", args=[photo.pk]))
    assert response.status_code == 302
    assert not ClinicPhoto.objects.exists()
    assert ClinicPhoto.history.filter(id=photo.pk, history_type="-").exists()
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_the_owner_writes_a_practitioner_profile_shown_when_booking(
    owner_client, practitioner, client
):
    make_bookable(practitioner)
    response = owner_client.post(
        reverse("clients:practitioner_profile_edit", args=[practitioner.pk]),
        {
            "display_name": "Priya Nair",
            "title": "Rehab Pilates instructor",
            "bio": "Former dancer.",
            "helps_with": "sciatica, , low-back pain",
            "position": 1,
            "published": "on",
            "new_photo": png_upload((600, 400)),
        },
    )
    assert response.status_code == 302
    profile = PractitionerProfile.objects.get(user=practitioner)
    assert profile.topics == ["sciatica", "low-back pain"]
    assert profile.photo.startswith("clinic-profile/")
    owner_client.logout()
    photo_url = reverse("clients:practitioner_photo", args=[profile.pk])
    assert client.get(photo_url).status_code == 200
    for page in ("home", "clients:book"):
        body = client.get(reverse(page)).content.decode()
        assert "Priya Nair" in body and "Rehab Pilates instructor" in body, page
        assert "<strong>Helps with:</strong> sciatica, low-back pain" in body, page
        assert photo_url in body, page


@pytest.mark.django_db
def test_a_new_photo_replaces_the_old_file(
    owner_client, practitioner, django_capture_on_commit_callbacks
):
    profile = make_practitioner_profile(practitioner)
    old = profile.photo
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            reverse("clients:practitioner_profile_edit", args=[practitioner.pk]),
            {"display_name": "P", "position": 1, "published": "on", "new_photo": png_upload()},
        )
    profile.refresh_from_db()
    assert profile.photo != old and default_storage.exists(profile.photo)
    assert not default_storage.exists(old)


@pytest.mark.django_db
def test_an_unpublished_profile_and_its_photo_stay_hidden(client, practitioner):
    make_bookable(practitioner)
    profile = make_practitioner_profile(practitioner, published=False, display_name="Hidden Person")
    assert "Hidden Person" not in client.get(reverse("home")).content.decode()
    assert "Hidden Person" not in client.get(reverse("clients:book")).content.decode()
    assert client.get(reverse("clients:practitioner_photo", args=[profile.pk])).status_code == 404


@pytest.mark.django_db
def test_only_practice_staff_have_profiles(owner_client, client_user):
    url = reverse("clients:practitioner_profile_edit", args=[client_user.pk])
    assert owner_client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_home_page_reads_the_profile_in_three_queries_however_many(
    client, owner, practitioner, other_practitioner, django_assert_num_queries
):
    for _ in range(3):
        make_clinic_photo(owner)
    make_practitioner_profile(practitioner)
    make_practitioner_profile(other_practitioner, photo=False)
    with django_assert_num_queries(3):
        body = client.get(reverse("home")).content.decode()
    assert body.count("clinic/photos/") == 3
    assert ">PR<" not in body  # a photo, not initials, for the practitioner who has one


@pytest.mark.django_db
def test_the_profile_page_lists_every_practitioner_in_a_flat_number_of_queries(
    owner_client, practitioner, other_practitioner, owner, django_assert_num_queries
):
    make_practitioner_profile(practitioner)
    make_clinic_photo(owner)
    # savepoint, session, user, profile, photos, staff with profiles, release
    with django_assert_num_queries(6):
        body = owner_client.get(reverse("clients:clinic_profile")).content.decode()
    assert "No profile yet" in body  # the other practitioner and the owner
    assert body.count("profile-card") == 3
