"""Reads for the account pages."""

from accounts.models import DataExport, User
from accounts.personal_data import Blocker, erasure_blockers


def data_exports_for(*, user: User) -> list[DataExport]:
    """The person's data exports, newest first (few: expired ones are pruned nightly)."""
    return list(DataExport.objects.filter(user=user).order_by("-created_at", "-pk")[:10])


def account_deletion_blockers(*, user: User) -> list[Blocker]:
    """What the person must settle before deleting the account (networks they coordinate alone)."""
    return erasure_blockers(user)
