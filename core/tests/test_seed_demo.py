import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_creates_the_fixed_logins():
    call_command("seed_demo")
    call_command("seed_demo")
    emails = set(User.objects.values_list("email", flat=True))
    assert {
        "koordynator@example.org",
        "nauczycielka@example.org",
        "bibliotekarz@example.org",
        "admin@example.org",
    } <= emails
    assert User.objects.filter(email="admin@example.org", is_staff=True).exists()
    assert User.objects.get(email="nauczycielka@example.org").check_password("sieci-demo-2026")
    # The fixed logins, plus the people of the library network (networks.demo), who cannot sign in.
    assert (
        not User.objects.exclude(email__endswith="@example.org")
        .exclude(email__endswith="@bp.example.org")
        .exists()
    )
    assert (
        User.objects.filter(email__endswith="@bp.example.org", password__startswith="!").count()
        == 43
    )


def test_seed_demo_refuses_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
