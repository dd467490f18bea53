"""Who may open each clients page: anonymous -> login, client users -> 404, staff -> content."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

# (url name, kwargs builder, text the page shows to practice staff)
PAGES = [
    ("clients:client_list", lambda r: {}, "Clients"),
    ("clients:client_create", lambda r: {}, "Add a client"),
    ("clients:client_detail", lambda r: {"pk": r.client.pk}, "Timeline"),
    ("clients:client_edit", lambda r: {"pk": r.client.pk}, "Save client"),
    ("clients:client_history", lambda r: {"pk": r.client.pk}, "Change history"),
    ("clients:client_timeline", lambda r: {"pk": r.client.pk}, "Timeline of Robin"),
    ("clients:client_archive", lambda r: {"pk": r.client.pk}, "Why are you archiving"),
    ("clients:assessment_create", lambda r: {"pk": r.client.pk}, "Red-flag screen"),
    (
        "clients:assessment_detail",
        lambda r: {"pk": r.client.pk, "assessment_pk": r.assessment.pk},
        "Outcome measures",
    ),
    (
        "clients:assessment_edit",
        lambda r: {"pk": r.client.pk, "assessment_pk": r.assessment.pk},
        "Oswestry Disability Index",
    ),
    (
        "clients:assessment_print",
        lambda r: {"pk": r.client.pk, "assessment_pk": r.assessment.pk},
        "Assessment summary",
    ),
    (
        "clients:assessment_history",
        lambda r: {"pk": r.client.pk, "assessment_pk": r.assessment.pk},
        "Change history of the assessment",
    ),
    (
        "clients:red_flag_resolve",
        lambda r: {"pk": r.client.pk, "flag_pk": r.red_flag.pk},
        "How was it resolved?",
    ),
]
POST_ONLY = [
    ("clients:consent_handover_start", lambda r: {"pk": r.client.pk}),
    ("clients:client_restore", lambda r: {"pk": r.client.pk}),
    ("clients:note_create", lambda r: {"pk": r.client.pk}),
]
PAGE_IDS = [name for name, *_ in PAGES]
POST_IDS = [name for name, *_ in POST_ONLY]


class Records:
    def __init__(self, practitioner):
        self.client = factories.ClientFactory(practitioner=practitioner, first_name="Robin")
        self.assessment = factories.AssessmentFactory(client=self.client)
        self.red_flag = factories.RedFlagFactory(client=self.client)


@pytest.fixture
def records(practitioner):
    return Records(practitioner)


@pytest.mark.parametrize(("name", "kwargs", "text"), PAGES, ids=PAGE_IDS)
def test_anonymous_visitors_are_sent_to_log_in(client, records, name, kwargs, text):
    url = reverse(name, kwargs=kwargs(records))
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kwargs", "text"), PAGES, ids=PAGE_IDS)
def test_client_users_get_a_404_even_for_their_own_record(
    portal_client, client_record, name, kwargs, text
):
    records = Records(client_record.practitioner)
    records.client = client_record  # their own record: still not a practice page for them
    records.assessment = factories.AssessmentFactory(client=client_record)
    records.red_flag = factories.RedFlagFactory(client=client_record)
    response = portal_client.get(reverse(name, kwargs=kwargs(records)))
    assert response.status_code == 404
    assert "Robin" not in response.content.decode()


@pytest.mark.parametrize("staff", ["practitioner", "owner"])
@pytest.mark.parametrize(("name", "kwargs", "text"), PAGES, ids=PAGE_IDS)
def test_practice_staff_see_the_page(client, request, records, staff, name, kwargs, text):
    client.force_login(request.getfixturevalue(staff))
    response = client.get(reverse(name, kwargs=kwargs(records)))
    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs"), POST_ONLY, ids=POST_IDS)
def test_changes_need_a_post_and_the_right_role(client, client_user, records, name, kwargs):
    url = reverse(name, kwargs=kwargs(records))
    response = client.post(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(client_user)
    assert client.post(url).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), POST_ONLY, ids=POST_IDS)
def test_a_get_on_a_change_url_is_refused(practitioner_client, records, name, kwargs):
    assert practitioner_client.get(reverse(name, kwargs=kwargs(records))).status_code == 405


@pytest.mark.parametrize(
    "name",
    ["clients:client_detail", "clients:assessment_detail", "clients:red_flag_resolve"],
)
def test_records_that_do_not_exist_or_do_not_match_are_404(practitioner_client, records, name):
    other = factories.ClientFactory()
    kwargs = {"pk": other.pk}  # the assessment/flag exists, but under another client
    if name == "clients:assessment_detail":
        kwargs["assessment_pk"] = records.assessment.pk
    elif name == "clients:red_flag_resolve":
        kwargs["flag_pk"] = records.red_flag.pk
    else:
        kwargs["pk"] = 999999
    assert practitioner_client.get(reverse(name, kwargs=kwargs)).status_code == 404
