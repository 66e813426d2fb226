from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Category, Frequency


class PreferencesForm(forms.Form):
    """One choice of frequency per category."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = forms.ChoiceField(
                label=category.label, choices=Frequency.choices
            )

    def frequencies(self) -> dict[str, str]:
        return {category: self.cleaned_data[category] for category in Category.values}


FREQUENCY_HELP = [
    (Frequency.IMMEDIATELY.label, _("one e-mail as soon as it happens.")),
    (
        Frequency.DAILY.label,
        _("one e-mail each morning at 7:00 with everything new since the day before."),
    ),
    (Frequency.WEEKLY.label, _("one e-mail on Monday mornings with the week's news.")),
    (Frequency.NEVER.label, _("no e-mail; you still see everything under Notifications.")),
]
