"""Uploaded images are served through a view that checks access, in production too
(issue 21, point 10), and they travel with the backup."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from programs import services
from programs.models import Exercise
from tests import factories
from tests.programs.test_library import exercise_data, image_upload

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def exercise(practitioner_client, media):
    data = exercise_data(image=image_upload("bridge.png"), image_alt="A bridge")
    practitioner_client.post(reverse("programs:exercise_create"), data)
    return Exercise.objects.get(name="Wall sit")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_practitioner_sees_the_uploaded_image_from_the_library_page(
    practitioner_client, exercise, media
):
    page = practitioner_client.get(exercise.get_absolute_url()).content.decode()
    assert f'src="{exercise.image.url}"' in page
    response = practitioner_client.get(exercise.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "no-store"  # signed in: never kept by the browser
    body = _body(response)
    assert body == (media / exercise.image.name).read_bytes()
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (40, 30)


def test_a_client_sees_images_of_their_own_programs_exercises_only(
    client, exercise, client_user, other_client_user, practitioner
):
    template = factories.build_template(phases=1, exercises_per_phase=0)
    factories.TemplateExerciseFactory(phase=template.phases.get(), exercise=exercise)
    services.assign_program(
        client=client_user.client_record,
        template=template,
        start_date=timezone.localdate(),
        by=practitioner,
    )
    client.force_login(client_user)
    portal = client.get(reverse("programs:portal_home")).content.decode()
    assert exercise.image.url in portal
    assert client.get(exercise.image.url).status_code == 200
    client.force_login(other_client_user)
    assert client.get(exercise.image.url).status_code == 404
    client.logout()
    assert client.get(exercise.image.url).url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "path",
    ["exercises/nothing-here.png", "../clinic/settings.py", "exercises/../../manage.py", ""],
)
def test_unknown_or_crafted_names_are_a_404(practitioner_client, exercise, path):
    assert practitioner_client.get(f"/media/{path}").status_code == 404


def test_behind_nginx_the_file_is_handed_to_the_proxy(practitioner_client, exercise, settings):
    settings.CLINIC_MEDIA_ACCEL = "nginx"
    response = practitioner_client.get(exercise.image.url)
    assert response["X-Accel-Redirect"] == f"/protected-media/{exercise.image.name}"
    assert response.content == b""


def test_behind_apache_the_file_is_handed_over_with_x_sendfile(
    practitioner_client, exercise, settings, media
):
    settings.CLINIC_MEDIA_ACCEL = "apache"
    response = practitioner_client.get(exercise.image.url)
    assert response["X-Sendfile"] == str(media / exercise.image.name)
    assert response.content == b""


@pytest.mark.parametrize("count", [1, 20])
def test_serving_an_image_costs_the_same_queries_whatever_the_library_holds(
    practitioner_client, exercise, django_assert_num_queries, count
):
    factories.ExerciseFactory.create_batch(count)
    # session, user, the exercise with that image
    with django_assert_num_queries(2):
        assert practitioner_client.get(exercise.image.url).status_code == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file round trip")
@pytest.mark.django_db(transaction=True)
def test_uploaded_images_are_in_the_backup_and_come_back_with_restore(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    exercise = factories.ExerciseFactory()
    exercise.image.save("x.png", image_upload(), save=True)
    original = (settings.MEDIA_ROOT / exercise.image.name).read_bytes()

    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out)
    database_file = Path(out.getvalue().strip())
    archive = database_file.with_name(database_file.name + ".media.tar")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    restored_media = tmp_path / "restored-media"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(restored_media),
        "CLINIC_ERASURE_LEDGER": str(tmp_path / "ledger.jsonl"),
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed argv
        [sys.executable, "manage.py", "restore", str(database_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (restored_media / exercise.image.name).read_bytes() == original


def test_a_tampered_media_archive_cannot_write_outside_the_media_folder(tmp_path, settings):
    import tarfile

    from clinic.backups import restore_media

    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "evil.media.tar"
    with tarfile.open(archive, "w") as tar:
        payload = tmp_path / "payload"
        payload.write_bytes(b"x")
        tar.add(payload, arcname="../outside.txt")
    with pytest.raises(tarfile.OutsideDestinationError):
        restore_media(archive=archive)
    assert not (tmp_path / "outside.txt").exists()


def test_private_files_travel_with_the_backup_and_go_back_to_private_storage(tmp_path, settings):
    """Posture photos live in the private storage, outside MEDIA_ROOT: the media tar
    carries them under their own prefix and restore puts them back there, never
    where MEDIA_URL could reach them."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from clinic.backups import PRIVATE_PREFIX, backup_media, restore_media

    settings.MEDIA_ROOT = tmp_path / "media"
    private = storages["private"]
    name = private.save("posture/abc.jpg", ContentFile(b"photo bytes"))
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "exercise.png").write_bytes(b"png bytes")
    archive = backup_media(target=tmp_path / "b.media.tar")
    private.delete(name)
    (tmp_path / "media" / "exercise.png").unlink()

    assert restore_media(archive=archive) == 2
    assert private.open(name).read() == b"photo bytes"
    assert (tmp_path / "media" / "exercise.png").read_bytes() == b"png bytes"
    assert not (tmp_path / "media" / PRIVATE_PREFIX.rstrip("/")).exists()


def test_a_tampered_private_entry_cannot_write_outside_private_storage(tmp_path, settings):
    import tarfile

    from clinic.backups import PRIVATE_PREFIX, restore_media

    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "evil.media.tar"
    with tarfile.open(archive, "w") as tar:
        payload = tmp_path / "payload"
        payload.write_bytes(b"x")
        tar.add(payload, arcname=PRIVATE_PREFIX + "../../outside.txt")
    with pytest.raises(tarfile.OutsideDestinationError):
        restore_media(archive=archive)
    assert not (tmp_path / "outside.txt").exists()
