from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.upload_fields import MultipleUploadField
from core.uploads import upload_help
from forums.app_settings import MAX_ATTACHMENTS
from forums.models import ForumSettings
from networks.models import Network

BODY_HELP = _(
    "Markdown: **bold**, *italics*, > quote, - list, [link](https://…). "
    "Type @ and a name to mention a member."
)


def body_field(label=None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Your post"),
        max_length=20_000,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": "true", "autocomplete": "off"}),
    )


def _attachments_help() -> str:
    about = gettext(
        "Up to %(count)s files: pictures (JPEG, PNG, WebP) are shown in the post, "
        "documents as links. Only members can open them."
    ) % {"count": MAX_ATTACHMENTS}
    return f"{about} {upload_help()}"


def files_field() -> MultipleUploadField:
    return MultipleUploadField(
        label=_("Attachments"),
        max_files=MAX_ATTACHMENTS,
        # Lazy, so that it is said in the reader's language, not the one at start-up.
        help_text=lazy(_attachments_help, str)(),
    )


class _PostingForm(forms.Form):
    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        if not network.allow_anonymous_posts:
            del self.fields["anonymous"]

    def anonymous_value(self) -> bool:
        return bool(self.cleaned_data.get("anonymous", False))


ANONYMOUS_HELP = _(
    "Everyone, the coordinators included, sees “anonymous participant”. Only in a serious "
    "case may a coordinator or the platform staff reveal who wrote it, giving a reason; "
    "that is logged and you are told."
)


class ThreadForm(_PostingForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = body_field(_("First post"))
    anonymous = forms.BooleanField(
        label=_("Post anonymously"), required=False, help_text=ANONYMOUS_HELP
    )
    files = files_field()


class ReplyForm(_PostingForm):
    body = body_field()
    anonymous = forms.BooleanField(
        label=_("Post anonymously"), required=False, help_text=ANONYMOUS_HELP
    )
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput)
    files = files_field()


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Thread title"), max_length=200)
    body = body_field()

    def __init__(self, *args, with_title: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to members in place of the post)"), max_length=500
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MoveForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Move to network"), queryset=Network.objects.none(), empty_label=None
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.filter(pk__in=[n.pk for n in networks])


class ForumSettingsForm(forms.ModelForm):
    class Meta:
        model = ForumSettings
        fields = ["approve_first_posts"]


class RejectForm(forms.Form):
    """The optional reason for rejecting a waiting post (the pages send none; a request may)."""

    reason = forms.CharField(max_length=500, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to know who wrote it?"),
        max_length=500,
        help_text=_(
            "Required. The reason is written to the moderation log, and the author is told "
            "that you revealed it and why."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why you need to know who wrote the post; the author will read it.")
        },
    )
