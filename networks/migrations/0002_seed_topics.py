"""The topics the seed networks worked on; staff edit the catalogue in admin afterwards."""

from django.db import migrations

TOPICS = [
    ("praca-z-uczniem-mlodszym", "Praca z uczniem młodszym"),
    ("myslenie-tworcze", "Myślenie twórcze"),
    ("matematyka", "Matematyka"),
    ("zachecanie-do-czytania", "Zachęcanie do czytania"),
    ("otwarte-zasoby-edukacyjne", "Otwarte zasoby edukacyjne"),
    ("nowoczesne-technologie", "Nowoczesne technologie w edukacji"),
    ("praca-z-filmem", "Praca z filmem"),
    ("biblioteki-wspierajace-szkoly", "Biblioteki wspierające szkoły"),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("networks", "Topic")
    for position, (slug, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
