from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.upload_fields import MultipleUploadField, UploadField
from networks.models import Topic
from resources.models import EducationLevel, Licence, Resource, ResourceType, Subject
from resources.selectors import co_author_choices, pending_values


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.public_name


class ResourceForm(forms.Form):
    """Adding or editing a material; files are checked by content here, before anything is stored."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What it is, for whom, how to use it. Markdown is allowed."),
    )
    resource_type = forms.ChoiceField(label=_("Type"), choices=ResourceType.choices)
    files = MultipleUploadField(label=_("Files"))
    external_url = forms.URLField(
        label=_("External link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Instead of or besides files, e.g. a video or an online tool."),
    )
    levels = forms.MultipleChoiceField(
        label=_("Education levels"),
        choices=EducationLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"),
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate with commas, e.g. “fractions, games, grade 5”."),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY,
        widget=forms.RadioSelect,
        help_text=_("Open licences let other teachers use and adapt your work."),
    )
    co_authors = PeopleChoiceField(
        label=_("Co-authors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the network who prepared the material with you."),
    )

    def __init__(self, *args, network, author, resource: Resource | None = None, **kwargs):
        self.resource = resource
        if resource is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": resource.title,
                "description": resource.description,
                "resource_type": resource.resource_type,
                "external_url": resource.external_url,
                "levels": resource.levels,
                "subjects": list(resource.subjects.all()),
                "topic": resource.topic,
                "tags": ", ".join(resource.tags),
                "licence": resource.licence,
                "co_authors": list(resource.co_authors.all()),
                # A published material's authors go on editing the changes waiting for review.
                **pending_values(resource),
            }
        super().__init__(*args, **kwargs)
        if resource is None:
            self.fields["topic"].initial = network.topic_id
        self.fields["co_authors"].queryset = co_author_choices(network).exclude(pk=author.pk)
        if resource is not None:
            self.fields["files"].label = _("Add files")

    def clean_tags(self) -> list[str]:
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]

    def clean(self):
        data = super().clean()
        has_files = bool(data.get("files")) or (
            self.resource is not None and self.resource.files.filter(is_current=True).exists()
        )
        if not self.errors.get("files") and not has_files and not data.get("external_url"):
            raise ValidationError(
                _("Add at least one file or an external link."), code="no_content"
            )
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["uploads"] = data.pop("files")
        return data


class ReplaceFileForm(forms.Form):
    file = UploadField(label=_("New version of the file"))


class CurationForm(forms.Form):
    # Whether the decision is on the material itself or on the changes waiting on it.
    about = forms.ChoiceField(
        choices=[("material", "material"), ("changes", "changes")],
        initial="material",
        required=False,
        widget=forms.HiddenInput,
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish in the bank")), ("return", _("Return to the author"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the author"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the material: say what to improve."),
    )

    def clean_about(self) -> str:
        return self.cleaned_data.get("about") or "material"

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Tell the author why the material is returned."))
        return data


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("What have you changed?"),
        required=False,  # required for a returned material: the service says so
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The coordinator who returned the material reads it before deciding again."),
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
