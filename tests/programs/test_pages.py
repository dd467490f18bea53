"""Every programs page: who may open it, what it shows, and how many queries it costs."""

import pytest
from django.urls import reverse

from programs.models import ProgramExercise
from tests import factories


@pytest.fixture
def objects(program, template):
    """One of everything a URL can name, in the client user's (client_record's) program."""
    phase = template.phases.first()
    return {
        "exercise": factories.ExerciseFactory(),
        "template": template,
        "phase": phase,
        "item": phase.items.first(),
        "program": program,
        "program_item": ProgramExercise.objects.filter(phase=program.current_phase).first(),
        "rule": factories.SuggestionRuleFactory(),
    }


def _kwargs(objects, shape):
    return {
        "": {},
        "exercise": {"pk": objects["exercise"].pk},
        "template": {"pk": objects["template"].pk},
        "phase": {"pk": objects["template"].pk, "phase_pk": objects["phase"].pk},
        "item": {"pk": objects["template"].pk, "item_pk": objects["item"].pk},
        "client": {"client_pk": objects["program"].client_id},
        "program_phase": {
            "client_pk": objects["program"].client_id,
            "phase_pk": objects["program"].current_phase_id,
        },
        "program_item": {
            "client_pk": objects["program"].client_id,
            "item_pk": objects["program_item"].pk,
        },
        "rule": {"pk": objects["rule"].pk},
    }[shape]


PAGES = [
    ("exercise_list", ""),
    ("exercise_create", ""),
    ("exercise_detail", "exercise"),
    ("exercise_edit", "exercise"),
    ("rule_list", ""),
    ("rule_edit", "rule"),
    ("template_list", ""),
    ("template_create", ""),
    ("template_detail", "template"),
    ("template_edit", "template"),
    ("template_preview", "template"),
    ("template_phase_add", "template"),
    ("template_phase_edit", "phase"),
    ("template_item_edit", "item"),
    ("program_detail", "client"),
    ("program_assign", "client"),
    ("program_handout", "client"),
    ("program_item_edit", "program_item"),
    ("program_phase_edit", "program_phase"),
]
ACTIONS = [
    ("exercise_archive", "exercise"),
    ("exercise_restore", "exercise"),
    ("rule_remove", "rule"),
    ("template_copy", "template"),
    ("template_archive", "template"),
    ("template_restore", "template"),
    ("template_phase_move", "phase"),
    ("template_phase_remove", "phase"),
    ("template_item_add", "phase"),
    ("template_item_move", "item"),
    ("template_item_remove", "item"),
    ("program_clearance", "client"),
    ("program_phase", "client"),
    ("program_end", "client"),
    ("program_item_add", "program_phase"),
    ("program_item_move", "program_item"),
    ("program_item_remove", "program_item"),
]
ALL = [(name, shape, "get") for name, shape in PAGES] + [
    (name, shape, "post") for name, shape in ACTIONS
]


@pytest.mark.parametrize(("name", "shape", "method"), ALL)
def test_anonymous_visitors_are_sent_to_log_in(client, objects, name, shape, method):
    url = reverse(f"programs:{name}", kwargs=_kwargs(objects, shape))
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "shape", "method"), ALL)
def test_client_users_cannot_see_that_practice_pages_exist(
    portal_client, objects, name, shape, method
):
    url = reverse(f"programs:{name}", kwargs=_kwargs(objects, shape))
    response = getattr(portal_client, method)(url)
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


@pytest.mark.parametrize(("name", "shape"), PAGES)
@pytest.mark.parametrize("staff", ["practitioner_client", "owner_client"])
def test_practice_staff_open_every_page(request, objects, name, shape, staff):
    http = request.getfixturevalue(staff)
    response = http.get(reverse(f"programs:{name}", kwargs=_kwargs(objects, shape)))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"{#" not in response.content and b"{%" not in response.content  # no template leaks


@pytest.mark.parametrize("name", ["program_item_edit", "program_item_move"])
def test_an_item_is_not_reachable_through_another_clients_url(
    practitioner_client, objects, other_client_user, name
):
    kwargs = {
        "client_pk": other_client_user.client_record.pk,
        "item_pk": objects["program_item"].pk,
    }
    method = practitioner_client.get if name.endswith("edit") else practitioner_client.post
    assert method(reverse(f"programs:{name}", kwargs=kwargs)).status_code == 404


def test_a_template_item_is_not_reachable_through_another_template(practitioner_client, objects):
    other = factories.ProgramTemplateFactory()
    url = reverse(
        "programs:template_item_edit", kwargs={"pk": other.pk, "item_pk": objects["item"].pk}
    )
    assert practitioner_client.get(url).status_code == 404


def test_unknown_clients_are_a_404(practitioner_client, db):
    url = reverse("programs:program_detail", kwargs={"client_pk": 999999})
    assert practitioner_client.get(url).status_code == 404


def test_the_navigation_links_to_exercises_and_templates_for_staff_only(
    practitioner_client, client, client_user
):
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert reverse("programs:exercise_list") in body
    assert reverse("programs:template_list") in body
    client.force_login(client_user)
    body = client.get(reverse("programs:portal_home")).content.decode()
    assert reverse("programs:exercise_list") not in body
