"""The assessment's five symptom regions become marks on its body chart (0021)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("clients", "0024_body_charts"), ("programs", "0006_exercise_outcome_skip_hurt")]
AFTER = [("clients", "0026_remove_assessment_symptom_regions")]


@pytest.mark.django_db(transaction=True)
def test_the_five_symptom_regions_migrate_into_body_charts():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("clinic", "User")
    Client = apps.get_model("clients", "Client")
    Assessment = apps.get_model("clients", "Assessment")
    by = User.objects.create(email="pat@example.org", role="practitioner")
    client = Client.objects.create(first_name="A", last_name="B", practitioner=by)
    regions = {"low_back": "both", "buttock": "left", "back_of_thigh": "left", "calf": "right"}
    marked = Assessment.objects.create(
        client=client,
        assessed_by=by,
        symptom_regions=regions,
        symptom_kinds=["electric", "dull_ache"],
    )
    plain = Assessment.objects.create(client=client, assessed_by=by, symptom_regions={})

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    BodyChart = apps.get_model("clients", "BodyChart")
    chart = BodyChart.objects.get(assessment_id=marked.pk)
    marks = {(m.zone, m.side): m.kind for m in chart.marks.all()}
    assert marks == {
        ("low_back", "left"): "tingling",
        ("low_back", "right"): "tingling",
        ("buttock", "left"): "tingling",
        ("thigh_back", "left"): "tingling",
        ("calf", "right"): "tingling",
    }
    assert chart.furthest_level == 4 and chart.source == "assessment"
    assert chart.client_id == client.pk and chart.recorded_by_id == by.pk
    assert not BodyChart.objects.filter(assessment_id=plain.pk).exists()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
