import pytest

from clients.consent import services
from clients.erasure.services import anonymise_client
from clients.models import Client, ConsentSignature
from tests import factories

pytestmark = pytest.mark.django_db


def test_erasure_wipes_the_typed_names_now_and_in_the_history_and_keeps_the_facts(owner):
    version = services.save_consent_text(
        text="We agree.", change_note="", by=owner, expected_number=None
    )
    client = factories.ClientFactory(status=Client.Status.DISCHARGED, first_name="Robin")
    kept = factories.ClientFactory(first_name="Kim")
    services.sign_consent(client=client, version=version, full_name="Robin Quayle", how="portal")
    services.sign_consent(client=kept, version=version, full_name="Kim Other", how="portal")
    anonymise_client(client=client, by=owner)
    client.refresh_from_db()
    signature = ConsentSignature.objects.get(client=client)
    assert (signature.full_name, signature.how, signature.version) == ("", "portal", version)
    assert not ConsentSignature.history.filter(full_name__icontains="Quayle").exists()
    assert ConsentSignature.objects.get(client=kept).full_name == "Kim Other"
    with pytest.raises(services.ConsentError, match="closed"):
        services.sign_consent(client=client, version=version, full_name="Robin", how="portal")
