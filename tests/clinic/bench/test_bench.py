"""The benchmark's pieces: bench data, bench settings and URLs, and the runner's parsing.

``make bench`` itself (gunicorn + wrk, minutes) is not part of the tests.
"""

import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from clients.models import Assessment, Client, Consultation, RedFlag, WeeklyHours
from clinic.bench.base import (
    BENCH_PASSWORD,
    PAGES,
    BenchSizes,
    BenchTargets,
)
from clinic.bench.run import parse_wrk, write_between_marks
from clinic.models import Role, User
from programs.models import ClientProgram, Exercise, ExerciseCompletion, SessionLog


@pytest.fixture
def bench_clinic(db):
    call_command("seed_bench", scale=0.005, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return BenchTargets.load()


def test_seed_bench_builds_the_clinic_with_its_history_and_bench_logins(bench_clinic):
    sizes = BenchSizes().scaled(0.005)
    assert User.objects.filter(role=Role.PRACTITIONER).count() == sizes.practitioners
    assert Client.objects.count() == sizes.clients
    assert Client.objects.filter(user__isnull=False).count() == sizes.clients
    assert Client.history.filter(history_type="+").count() == sizes.clients
    assert RedFlag.objects.count() == sizes.red_flags
    assert RedFlag.history.count() == sizes.red_flags
    # The accounts the bench logs in as, with the published bench password.
    assert bench_clinic.practitioner.check_password(BENCH_PASSWORD)
    assert bench_clinic.client_user.check_password(BENCH_PASSWORD)
    assert bench_clinic.client.practitioner == bench_clinic.practitioner
    # The bench client's red flags are all resolved, so its portal is the everyday one.
    assert bench_clinic.client.red_flags.count() == 3
    assert not bench_clinic.client.red_flags.unresolved().exists()


def test_seed_bench_builds_the_clinical_records_with_the_bench_client_foremost(bench_clinic):
    sizes = BenchSizes().scaled(0.005)
    client = bench_clinic.client
    assert Assessment.objects.count() == Assessment.history.count() == sizes.assessments
    assert client.assessments.completed().count() >= 6
    assert Exercise.objects.count() == sizes.exercises
    assert ClientProgram.objects.active().count() == sizes.programs
    program = ClientProgram.objects.get(client=client)
    assert program.is_active and program.current_phase.program == program
    assert program.current_phase.items.exists()
    assert SessionLog.objects.count() == sizes.session_logs
    # The bench client's program has the most logs, hundreds of them at full size.
    busiest = SessionLog.objects.values("program").annotate(n=Count("id")).order_by("-n").first()
    assert busiest["program"] == program.pk
    assert ExerciseCompletion.objects.filter(log__program=program).exists()
    assert Consultation.objects.count() == sizes.consultations
    assert WeeklyHours.objects.values("practitioner").distinct().count() == sizes.practitioners


def test_bench_consultations_never_overlap_for_a_practitioner(bench_clinic):
    previous = {}
    for consultation in Consultation.objects.active().order_by("practitioner", "start"):
        last_end = previous.get(consultation.practitioner_id)
        assert last_end is None or consultation.start >= last_end
        previous[consultation.practitioner_id] = consultation.end


def test_the_bench_booking_page_offers_a_week_of_free_times(bench_clinic, client):
    response = client.get(reverse("clients:book"))
    assert response.status_code == 200
    # Weekdays from 9 to 17 with a third of the slots booked: several free times a day.
    assert response.content.count(b'class="btn btn-outline-secondary slot-btn"') >= 20


def test_seed_bench_a_second_time_changes_nothing(bench_clinic):
    counts = (User.objects.count(), Client.objects.count(), RedFlag.objects.count())
    call_command("seed_bench", scale=0.005, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (User.objects.count(), Client.objects.count(), RedFlag.objects.count()) == counts


def test_the_full_bench_sizes_are_the_issues_figures():
    sizes = BenchSizes()
    assert (sizes.practitioners, sizes.clients, sizes.session_logs) == (10, 10_000, 300_000)
    assert (sizes.assessments, sizes.programs, sizes.consultations) == (30_000, 500, 20_000)


def _page_query_counts(client) -> dict[str, int]:
    targets = BenchTargets.load()
    users = {"practitioner": targets.practitioner, "client": targets.client_user}
    counts = {}
    for page in PAGES:
        client.logout()
        if page.login:
            client.force_login(users[page.login])
        url = page.url(targets)
        client.get(url)  # fills per-process caches, as the bench's warm-up does
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, page.name
        assert b"<h1" in response.content, page.name
        counts[page.name] = len(ctx.captured_queries)
    return counts


# Guards every page in the bench's registry as pages and bench data are added.
@pytest.mark.django_db(transaction=True)
def test_every_bench_page_runs_the_same_few_queries_in_a_small_and_a_larger_clinic(client):
    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("seed_bench", scale=0.002, stdout=quiet)
    small = _page_query_counts(client)
    call_command("seed_bench", scale=0.02, flush=True, stdout=quiet)
    # The flush restarts PostgreSQL's sequences: the consent version cached by the first
    # round (60 s) may name another row than the new one, when earlier tests in this
    # process used up ids (the portal then asks the bench client to sign again).
    cache.clear()
    larger = _page_query_counts(client)
    assert larger == small
    over = {name: count for name, count in larger.items() if count > QUERY_TARGET}
    assert over == OVER_TARGET, larger


# Issue 7's target is at most 8 queries per page, session and user included, counted
# here with the session in the database, where it always lives since issue 21.
# Every bench page is within it since issue 20: the session and its user are one query
# (clinic/security/request_user.py), the client page's short lists are columns of the
# client's query (clients/client_page.py; 6 for every client, see
# tests/clients/test_client_pages.py), and the program page's questionnaire summary and
# exercise outcomes ride along in other queries (7; 8 when the client has open red
# flags, see tests/programs/test_client_program.py).
# Listed so that any page going over fails.
QUERY_TARGET = 8
OVER_TARGET = {}


def test_the_production_urls_have_no_bench_view():
    with pytest.raises(Resolver404):
        resolve("/bench/ceiling/")


@pytest.mark.urls("clinic.bench.urls")
def test_the_ceiling_view_answers_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/bench/ceiling/")
    assert response.content == b"ok"
    assert ctx.captured_queries == []


WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:45678/practice/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.90ms    4.10ms  60.02ms   80.12%
    Req/Sec   310.11     40.00   400.00     70.00%
  Latency Distribution
     50%  812.00us
     75%   14.10ms
     90%   17.90ms
     99%    1.20s
  6203 requests in 10.01s, 20.01MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    619.71
Transfer/sec:      2.00MB
"""


def test_wrk_output_is_read_into_milliseconds_and_errors():
    assert parse_wrk(WRK_OUTPUT) == {"rps": 619.71, "p50": 0.812, "p99": 1200.0, "errors": 7}


def test_the_report_replaces_only_its_own_part_of_the_page(tmp_path):
    page = tmp_path / "benchmarks.md"
    write_between_marks(page, "first table\n")
    assert "first table" in page.read_text()
    page.write_text("Why it is fast.\n" + page.read_text() + "What we changed.\n")
    write_between_marks(page, "second table\n")
    text = page.read_text()
    assert text.startswith("Why it is fast.\n# Benchmarks")
    assert text.endswith("second table\n<!-- bench:end -->\nWhat we changed.\n")
    assert "first table" not in text


# A real transaction: PostgreSQL refuses TRUNCATE inside the test's wrapping one.
@pytest.mark.django_db(transaction=True)
def test_seed_bench_with_flush_rebuilds_the_clinic_from_scratch():
    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("seed_bench", scale=0.005, stdout=quiet)
    User.objects.create_user("stray@example.org", "x")
    call_command("seed_bench", scale=0.005, flush=True, stdout=quiet)
    assert not User.objects.filter(email="stray@example.org").exists()
    assert Client.objects.count() == BenchSizes().scaled(0.005).clients


@pytest.mark.urls("clinic.bench.urls")
def test_the_empty_practice_page_costs_only_the_session_and_the_user(
    client, practitioner, django_assert_num_queries
):
    client.force_login(practitioner)
    with django_assert_num_queries(1):  # the session with its user; no transaction
        response = client.get("/bench/empty-practice-page/")
    assert '<h1 class="h2">Empty page</h1>' in response.content.decode()
    assert 'href="/practice/clients/"' in response.content.decode()  # the practice nav


@pytest.mark.urls("clinic.bench.urls")
def test_the_empty_practice_page_is_closed_to_clients_and_visitors(client, client_user):
    assert client.get("/bench/empty-practice-page/").status_code == 302
    client.force_login(client_user)
    assert client.get("/bench/empty-practice-page/").status_code == 404


def _row(name, ratio, *, login="practitioner", queries=5, p50=10.0, p99=20.0):
    from clinic.bench.run import Row

    row = Row(name, "/x/", login, queries=queries, atomic=False)
    row.runs = [{"rps": 100.0, "ratio": ratio, "p50": p50, "p99": p99, "errors": 0}]
    return row


@pytest.mark.django_db
def test_the_report_judges_issue_20s_targets_and_says_by_how_much():
    from clinic.bench.run import Command

    command = Command()
    command.opts = {
        "runs": 1, "duration": 10, "warmup": 2, "ceiling_duration": 5, "threads": 2,
        "connections": 8, "workers": 2, "page_cache_seconds": 60,
    }  # fmt: skip
    command.load = ["1.0", "1.0"]
    rows = [
        _row("bare view (ceiling)", 1.0, login=None, queries=0),
        _row("1 query, non-atomic", 0.7, login=None, queries=1),
        _row("empty practice page", 0.30, queries=2),
        _row("home (public)", 0.5, login=None, queries=0),
        _row("practice dashboard", 0.12, queries=8),
        _row("client page", 0.2, queries=9),
        _row("portal today", 0.08, p99=50.0),
    ]
    rows[4].cached, rows[4].cached_queries = True, 1
    report = command.report(rows, {}, {})
    # The rendering's count and what a cached copy costs are both in the table.
    assert "| practice dashboard | practitioner | 8 | no | hit, 1 SQL | 100 |" in report
    assert "page cache 60 s" in report
    verdicts = {
        line.split(" | ")[0].lstrip("| "): line.rsplit(" | ", 1)[1].rstrip(" |")
        for line in command.report(rows, {}, {}).splitlines()
        if line.startswith("| ") and " | " in line
    }
    assert verdicts["1 query, non-atomic"] == "reference"
    assert verdicts["empty practice page"] == "**missed**: ratio 0.30 < 0.40"
    assert verdicts["home (public)"] == "met"
    assert verdicts["practice dashboard"] == "**missed**: 0.40 of the empty page < 0.5"
    assert verdicts["client page"] == "**missed**: > 8 queries"  # 0.67 of the floor is met
    assert verdicts["portal today"] == "**missed**: ratio 0.08 < 0.10, p99 > 4×p50"
