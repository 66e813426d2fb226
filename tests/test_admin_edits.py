"""Edits made in the admin keep what the services derive (rendered HTML, search documents)."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts.tests.factories import UserFactory
from forums.models import Post
from networks.models import Network
from networks.selectors import catalogue
from networks.tests.factories import MembershipFactory, NetworkFactory
from resources.models import Resource
from resources.tests.factories import resource_share

pytestmark = pytest.mark.django_db


def _save_in_admin(model, instance):
    """What the admin does after saving the object itself: its related objects."""
    form = SimpleNamespace(instance=instance, save_m2m=lambda: None)
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    admin.site._registry[model].save_related(request, form, formsets=[], change=True)


def test_network_edited_in_admin_is_found_and_rendered_anew():
    network = NetworkFactory()
    network.description = "Uczymy **astronomii** w plenerze."
    network.save()
    _save_in_admin(Network, network)
    network.refresh_from_db()
    assert "<strong>astronomii</strong>" in network.description_html
    assert list(catalogue(AnonymousUser(), text="astronomia")) == [network]


def test_material_edited_in_admin_is_found_and_rendered_anew():
    network = NetworkFactory()
    member = MembershipFactory(network=network).user
    resource = resource_share(network=network, author=member)
    resource.description = "Karta pracy o *wulkanach*."
    resource.save()
    _save_in_admin(Resource, resource)
    resource.refresh_from_db()
    assert "<em>wulkanach</em>" in resource.description_html
    assert Resource.objects.filter(pk=resource.pk, search_vector="wulkan").exists()


def test_post_text_cannot_be_changed_in_admin():
    post_admin = admin.site._registry[Post]
    assert "body" in post_admin.get_readonly_fields(RequestFactory().get("/"))
