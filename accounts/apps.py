from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.urls import reverse

        from accounts.first_steps import register_first_step
        from accounts.selectors import profile_complete

        register_first_step(
            "accounts.profile",
            title=_("Complete your profile"),
            description=_("Your name, your institution and your role, so others know who you are."),
            url=lambda: reverse("accounts:profile_edit"),
            done=profile_complete,
            position=10,
        )

    def seed_demo(self) -> None:
        from accounts.demo import seed

        seed()
