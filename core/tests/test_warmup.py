"""The server's parent process loads what workers would each load on their first requests."""

import pytest
from django.template.loader import get_template

from core import fragments, warmup


def test_the_project_templates_are_listed():
    names = warmup.templates()
    assert {"base.html", "forums/thread_detail.html", "resources/bank.html"} <= set(names)
    assert not any(name.startswith("django/forms/") for name in names)  # Django's own


@pytest.mark.django_db
def test_warm_up_compiles_every_template_and_asks_the_database_nothing(
    monkeypatch, django_assert_num_queries
):
    compiled = []

    def compile_template(name):
        compiled.append(name)
        return get_template(name)

    monkeypatch.setattr(warmup, "get_template", compile_template)
    fragments.code_version.cache_clear()
    with django_assert_num_queries(0):
        warmup.warm_up()
    assert compiled == warmup.templates()
    assert fragments.code_version.cache_info().currsize == 1
