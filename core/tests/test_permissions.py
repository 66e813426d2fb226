import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory

from accounts.tests.factories import UserFactory
from core.permissions import require, resolve


def test_require_hides_with_404_and_refuses_with_403():
    require(True)
    with pytest.raises(Http404):
        require(False, hide=True)
    with pytest.raises(PermissionDenied):
        require(False)


def test_resolve_rejects_a_malformed_rule():
    with pytest.raises(ValueError):
        resolve("no_dot")


@pytest.mark.django_db
def test_can_tag_asks_the_apps_permission_function(monkeypatch):
    import core.permissions as module

    monkeypatch.setattr(
        module,
        "import_module",
        lambda name: type("M", (), {"can_see_thing": staticmethod(lambda user, obj: obj == "ok")}),
    )
    request = RequestFactory().get("/")
    request.user = UserFactory()
    template = Template(
        '{% load permissions %}{% can "x.see_thing" value as allowed %}{{ allowed }}'
    )
    assert template.render(Context({"request": request, "value": "ok"})) == "True"
    assert template.render(Context({"request": request, "value": "no"})) == "False"
