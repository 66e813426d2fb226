from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import InstitutionType
from accounts.tests.factories import UserFactory
from networks.models import (
    Meeting,
    MeetingForm,
    MeetingKind,
    Membership,
    Network,
    Role,
    Topic,
    Visibility,
)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Temat {n}")
    slug = factory.Sequence(lambda n: f"temat-{n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    """A public, open network; pass coordinator=<user> to give it one."""

    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sieć {n}")
    slug = factory.Sequence(lambda n: f"siec-{n}")
    topic = factory.SubFactory(TopicFactory)
    description = "Nauczyciele z różnych szkół pracują razem nad jednym tematem."
    goals = "Wymiana doświadczeń."
    institution_name = "Ośrodek Doskonalenia Nauczycieli"
    institution_type = InstitutionType.TEACHER_TRAINING_CENTRE
    voivodeship = "lubelskie"
    visibility = Visibility.PUBLIC
    join_policy = "open"

    @factory.post_generation
    def coordinator(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            MembershipFactory(network=obj, user=extracted, role=Role.COORDINATOR)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PARTICIPANT

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        membership = super()._create(model_class, *args, **kwargs)
        Network.objects.filter(pk=membership.network_id).update(
            member_count=Membership.objects.filter(network_id=membership.network_id).count()
        )
        return membership


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Spotkanie {n}")
    kind = MeetingKind.ONLINE
    form = MeetingForm.WORKSHOP
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    online_url = "https://spotkania.example.org/abc"
