"""A read compiled once answers as its queryset would, for whatever values each run gives."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.tests.factories import UserFactory
from core import statements

pytestmark = pytest.mark.django_db


def test_a_compiled_read_answers_as_its_queryset_for_each_runs_values():
    people = UserFactory.create_batch(4)
    read = statements.CompiledRead(
        lambda: (
            User.objects.filter(pk__in=statements.ids("ids"), is_active=statements.value("on"))
            .order_by("pk")
            .values_list("pk", "display_name")
        )
    )
    first, second = [people[0].pk, people[2].pk], [people[1].pk, people[3].pk]
    for chosen in (first, second, []):
        expected = list(
            User.objects.filter(pk__in=chosen).order_by("pk").values_list("pk", "display_name")
        )
        assert read.rows(ids=chosen, on=True) == expected
    assert read.rows(ids=first, on=False) == []
    with CaptureQueriesContext(connection) as captured:
        read.rows(ids=first, on=True)
    assert len(captured) == 1


def test_a_compiled_read_refuses_columns_the_orm_would_convert():
    # The ORM turns this column's values into floats after reading them; rows() would not.
    read = statements.CompiledRead(
        lambda: User.objects.filter(pk__in=statements.ids("ids")).values_list(
            Cast("pk", output_field=FloatField())
        )
    )
    with pytest.raises(ImproperlyConfigured):
        read.rows(ids=[1])


def test_a_list_of_texts_is_given_at_each_run():
    people = UserFactory.create_batch(3)
    read = statements.CompiledRead(
        lambda: (
            User.objects.filter(email__in=statements.texts("emails"))
            .order_by("pk")
            .values_list("pk")
        )
    )
    assert read.rows(emails=[people[0].email, people[2].email]) == [
        (people[0].pk,),
        (people[2].pk,),
    ]
    assert read.rows(emails=["nikt@example.org"]) == []
