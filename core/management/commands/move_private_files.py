"""Move files that became private out of the public media storage.

Every model field stored in the private storage (core.files.private_storage) is looked at;
no app is named here, so core imports none. For each stored name:

- already in the private storage: done (a public copy left by an interrupted run is deleted
  once its size matches);
- only in the public storage: copied under the same name, checked by size, then deleted from
  the public storage;
- in neither: reported, the row is left alone.

Safe to run any number of times, and while the site runs (the download views read the
private storage; a file not moved yet is missing for a moment, never exposed).
"""

import os

from django.apps import apps
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand
from django.db import models

from core.files import private


class Command(BaseCommand):
    help = "Move non-public uploads from MEDIA_ROOT (public storage) to the private storage."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say what would be moved.")

    def handle(self, *args, dry_run: bool = False, **options):
        totals = {"moved": 0, "already": 0, "missing": 0, "cleaned": 0}
        for model, field in private_file_fields():
            names = (
                model._default_manager.exclude(**{field.name: ""})
                .values_list("pk", field.name)
                .order_by("pk")
            )
            for pk, name in names.iterator():
                outcome = move_one(model, pk, field.name, name, dry_run=dry_run)
                totals[outcome] += 1
                if outcome == "missing":
                    self.stderr.write(f"missing: {model._meta.label}#{pk}.{field.name} {name}")
        verb = "would move" if dry_run else "moved"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {totals['moved']}, "
                f"already private {totals['already'] + totals['cleaned']} "
                f"(leftover public copies removed: {totals['cleaned']}), "
                f"missing {totals['missing']}"
            )
        )


def private_file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.storage is private:
                yield model, field


def move_one(model, pk, field_name: str, name: str, *, dry_run: bool) -> str:
    public = default_storage
    if private.exists(name):
        if public.exists(name) and public.size(name) == private.size(name):
            if not dry_run:
                _delete_public(public, name)
            return "cleaned"
        return "already"
    if not public.exists(name):
        return "missing"
    if dry_run:
        return "moved"
    with public.open(name, "rb") as source:
        saved = private.save(name, source)
    if private.size(saved) != public.size(name):
        private.delete(saved)
        raise RuntimeError(f"Copy of {name} has the wrong size; nothing was deleted.")
    if saved != name:
        model._default_manager.filter(pk=pk).update(**{field_name: saved})
    _delete_public(public, name)
    return "moved"


def _delete_public(public, name: str) -> None:
    public.delete(name)
    if isinstance(public, FileSystemStorage):
        # Uploads sit in a folder of their own (a random one for materials): drop it if empty.
        root = os.path.abspath(public.location)
        folder = os.path.dirname(public.path(name))
        while folder.startswith(root + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)
