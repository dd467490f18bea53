import factory
from axes.models import AccessAttempt

from clients.models import Client
from clinic.models import Role, User

TEST_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.CLIENT
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class PractitionerFactory(UserFactory):
    role = Role.PRACTITIONER


class OwnerFactory(UserFactory):
    role = Role.OWNER


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"client{n}@example.org")
    phone = factory.Sequence(lambda n: f"+1 555 {n:04d}")
    status = Client.Status.ACTIVE
    practitioner = factory.SubFactory(PractitionerFactory)


class ClientUserFactory(UserFactory):
    """A portal user together with the client record it belongs to."""

    role = Role.CLIENT
    client_record = factory.RelatedFactory(
        ClientFactory,
        factory_related_name="user",
        email=factory.SelfAttribute("..email"),
        first_name=factory.SelfAttribute("..first_name"),
        last_name=factory.SelfAttribute("..last_name"),
    )


class AccessAttemptFactory(factory.django.DjangoModelFactory):
    """Failed logins as django-axes records them (5 = locked out with the default limit)."""

    class Meta:
        model = AccessAttempt

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    ip_address = factory.Sequence(lambda n: f"10.0.{n // 250}.{n % 250 + 1}")
    failures_since_start = 5
    user_agent = "test"
    get_data = ""
    post_data = ""
    http_accept = ""
    path_info = "/login/"
