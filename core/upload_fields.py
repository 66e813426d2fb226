"""The form fields every file upload of the site uses: each file goes through check_upload().

Their cleaned value is a CheckedUpload (or a list of them), the only thing the
services store, so no form can hand a service a file that skipped the check.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import ngettext_lazy

from core.uploads import DOCUMENTS, UploadPolicy, check_upload, upload_help


class UploadField(forms.FileField):
    """One file, checked by content; a refusal is this field's error and the form keeps the rest."""

    def __init__(self, *args, policy: UploadPolicy = DOCUMENTS, **kwargs):
        self.policy = policy
        kwargs.setdefault("help_text", upload_help(policy))
        # An empty file gets our message, which names the file, not Django's generic one.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", policy.accept)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return check_upload(value, policy=self.policy)
        return value


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files in one field; each is checked on its own and every refusal is listed."""

    def __init__(self, *args, max_files: int | None = None, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not items:
            super().clean(None, initial)  # says "required" when the field is
            return []
        if self.max_files is not None and len(items) > self.max_files:
            raise ValidationError(
                ngettext_lazy(
                    "Attach at most %(count)d file.",
                    "Attach at most %(count)d files.",
                    "count",
                ),
                code="too_many_files",
                params={"count": self.max_files},
            )
        checked, errors = [], []
        for item in items:
            try:
                checked.append(super().clean(item, initial))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return checked
