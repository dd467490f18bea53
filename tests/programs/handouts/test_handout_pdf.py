"""The PDF handout: who may download it, what is in it, what it costs."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from programs.figures import svg
from programs.handouts.pdf import PHASE, PROGRAM, render_handout_pdf
from programs.models import Exercise, ProgramExercise
from tests import factories


def _items(program, *, phase=None):
    return list(
        ProgramExercise.objects.filter(phase=phase or program.current_phase).order_by("position")
    )


def _draw(program, key="bridge"):
    ids = ProgramExercise.objects.filter(phase__program=program).values("exercise_id")
    Exercise.objects.filter(pk__in=ids).update(figure=key)


def _reader(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _sections(reader: PdfReader) -> list[str]:
    """The exercise headings from the PDF's outline (h2 phases hold h3 exercises)."""
    titles = []
    for entry in reader.outline:
        if isinstance(entry, list):
            titles.extend(child.title for child in entry)
    return titles


def _figure_strokes(reader: PdfReader) -> int:
    """How many strokes in the figures' dark colour the pages draw."""
    red, green, blue = (int(svg.NEAR[i : i + 2], 16) / 255 for i in (1, 3, 5))
    operator = f"{red:.6f} {green:.6f} {blue:.6f} RG"
    return sum(
        page.get_contents().get_data().decode("latin-1").count(operator) for page in reader.pages
    )


def _xobjects(reader: PdfReader) -> list[str]:
    kinds = []

    def walk(resources):
        for xobject in (resources or {}).get("/XObject", {}).values():
            xobject = xobject.get_object()
            kinds.append(xobject["/Subtype"])
            walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return kinds


def test_the_pdf_has_one_section_per_exercise_with_text_and_pictures(program, client_record):
    _draw(program)
    items = _items(program)
    reader = _reader(render_handout_pdf(client=client_record, program=program, scope=PHASE))
    assert _sections(reader) == [item.exercise.name for item in items]
    text = _text(reader)
    assert client_record.first_name in text and client_record.last_name in text
    assert "Aligned Movement Clinic" in text and "+1 555 0100" in text
    assert items[0].dosage_text.split(",")[0] in text
    assert "not a diagnosis" in text
    assert items[0].exercise.cue_list[0] in text
    # The drawn start and end of each exercise are in the page as vector drawings
    # (WeasyPrint draws SVG into the page): five dark strokes per picture.
    assert _figure_strokes(reader) == 2 * len(items) * 5


def test_an_exercise_without_a_figure_has_no_drawing(program, client_record):
    reader = _reader(render_handout_pdf(client=client_record, program=program, scope=PHASE))
    assert _figure_strokes(reader) == 0
    assert len(_sections(reader)) == len(_items(program))


def test_the_whole_program_covers_every_phase_in_order(program, client_record):
    reader = _reader(render_handout_pdf(client=client_record, program=program, scope=PROGRAM))
    phases = list(program.phases.order_by("position"))
    expected = [item.exercise.name for phase in phases for item in _items(program, phase=phase)]
    assert _sections(reader) == expected
    assert f"Phase 3: {phases[2].name}" in _text(reader)


def test_an_uploaded_photo_is_embedded_as_an_image(program, client_record, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, format="PNG")
    exercise = _items(program)[0].exercise
    exercise.image = SimpleUploadedFile("a1b2.png", buffer.getvalue())
    exercise.image_alt = "Lying on the back"
    exercise.save()
    reader = _reader(render_handout_pdf(client=client_record, program=program, scope=PHASE))
    assert "/Image" in _xobjects(reader)


def test_a_photo_missing_from_storage_leaves_the_rest_of_the_handout(
    program, client_record, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    Exercise.objects.filter(pk=_items(program)[0].exercise_id).update(image="exercises/gone.png")
    reader = _reader(render_handout_pdf(client=client_record, program=program, scope=PHASE))
    assert len(_sections(reader)) == len(_items(program))


def test_the_pdf_never_fetches_a_url_from_its_content(program, client_record):
    ProgramExercise.objects.filter(phase=program.current_phase).update(
        notes='<img src="file:///etc/passwd">'
    )
    reader = _reader(render_handout_pdf(client=client_record, program=program, scope=PHASE))
    assert '<img src="file:///etc/passwd">' in _text(reader).replace("\n", "")


def test_the_practitioner_downloads_the_pdf_at_a_fixed_query_cost(
    practitioner_client, program, client_record, django_assert_num_queries
):
    # savepoint, session, user, client, active program, an open red flag, the phase's
    # exercises, release
    with django_assert_num_queries(7):
        response = practitioner_client.get(
            reverse("programs:program_handout_pdf", args=[client_record.pk])
        )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="exercises-')
    assert _sections(_reader(response.content)) == [i.exercise.name for i in _items(program)]


def test_the_client_downloads_the_whole_program_from_the_portal(
    portal_client, program, django_assert_num_queries
):
    # savepoint, session, user, client record, active program, phases, exercises, release
    with django_assert_num_queries(8):
        response = portal_client.get(reverse("programs:portal_handout_pdf") + "?scope=program")
    assert response["Content-Disposition"].startswith('attachment; filename="program-')
    assert len(_sections(_reader(response.content))) == ProgramExercise.objects.count()


def test_clients_get_a_404_for_the_practice_download_and_only_see_their_own(
    client, program, client_record, other_client_user
):
    client.force_login(other_client_user)
    url = reverse("programs:program_handout_pdf", args=[client_record.pk])
    assert client.get(url).status_code == 404
    # The portal download is always the signed-in client's own: this one has no program.
    assert client.get(reverse("programs:portal_handout_pdf")).status_code == 404


@pytest.mark.parametrize("name", ["programs:portal_handout_pdf", "programs:portal_handout_email"])
def test_anonymous_visitors_get_no_handout(client, db, name):
    response = client.get(reverse(name)) if "pdf" in name else client.post(reverse(name))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_client_with_no_program_gets_a_404(portal_client, client_record):
    assert portal_client.get(reverse("programs:portal_handout_pdf")).status_code == 404


def test_the_client_asks_for_the_link_by_email(portal_client, program, client_record):
    response = portal_client.post(reverse("programs:portal_handout_email"), follow=True)
    assert "on its way" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [client_record.email]
    assert "http://testserver/portal/program/handout.pdf" in message.body
    assert b"%PDF" not in message.body.encode()
    assert not message.attachments


def test_the_practitioner_emails_the_link_only_to_a_client_with_a_portal_account(
    practitioner_client, practitioner, db
):
    record = factories.ClientFactory(practitioner=practitioner, email="nope@example.org")
    url = reverse("programs:program_handout_email", args=[record.pk])
    response = practitioner_client.post(url, follow=True)
    assert "no portal account yet" in response.content.decode()
    assert not mail.outbox


def test_the_practitioner_emails_the_link_to_their_client(
    practitioner_client, program, client_record
):
    url = reverse("programs:program_handout_email", args=[client_record.pk])
    response = practitioner_client.post(url)
    assert response.status_code == 302
    assert mail.outbox[0].to == [client_record.email]


def test_the_handout_pages_link_to_both_pdfs(client, practitioner, client_user, program):
    client.force_login(practitioner)
    practice = client.get(reverse("programs:program_handout", args=[program.client_id]))
    client.force_login(client_user)
    portal = client.get(reverse("programs:portal_program_print"))
    for response, name in ((practice, "program_handout_pdf"), (portal, "portal_handout_pdf")):
        body = response.content.decode()
        assert "PDF of this phase" in body and "?scope=program" in body
        assert "data-print" in body
        assert (
            reverse(
                f"programs:{name}",
                **({"args": [program.client_id]} if name.startswith("program_") else {}),
            )
            in body
        )


def test_a_server_without_pango_says_so_and_sends_the_client_back_to_print(
    portal_client, program, monkeypatch
):
    from programs.handouts import pdf

    def missing():
        raise pdf.HandoutUnavailable("PDF handouts are not available on this server yet")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    response = portal_client.get(reverse("programs:portal_handout_pdf"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("programs:portal_program_print")
    body = response.content.decode()
    assert "not available on this server" in body
    assert "data-print" in body


def test_a_pdf_that_cannot_be_made_is_explained_not_a_500(monkeypatch):
    import builtins

    from programs.handouts import pdf

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name.startswith("weasyprint"):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(pdf.HandoutUnavailable, match="Pango"):
        pdf._weasyprint()


@pytest.mark.parametrize("door", ["practice", "portal"])
def test_no_pdf_while_exercise_is_stopped_by_an_open_red_flag(
    door, request, program, client_record
):
    from tests.factories import RedFlagFactory

    RedFlagFactory(client=client_record)
    # Both sign-in fixtures share one test client: take only the one this door needs.
    if door == "practice":
        http = request.getfixturevalue("practitioner_client")
        url = reverse("programs:program_handout_pdf", args=[client_record.pk])
        back = reverse("programs:program_handout", args=[client_record.pk])
    else:
        http = request.getfixturevalue("portal_client")
        url = reverse("programs:portal_handout_pdf")
        back = reverse("programs:portal_program_print")
    response = http.get(url)
    assert response.status_code == 302 and response["Location"] == back
    page = http.get(back).content.decode()
    assert "no handout while exercise is paused" in page
    assert "PDF of this phase" not in page


def test_making_a_pdf_leaves_truncated_uploads_refused(program, client_record):
    """WeasyPrint switches Pillow to accept truncated images when it is imported;
    the handout puts Pillow back, so upload checks still refuse a cut-off photo."""
    from PIL import ImageFile

    render_handout_pdf(client=client_record, program=program, scope=PHASE)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
