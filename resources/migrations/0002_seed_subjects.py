"""The school subjects materials are filed under; staff edit the catalogue in admin afterwards."""

from django.db import migrations

SUBJECTS = [
    ("edukacja-przedszkolna", "Edukacja przedszkolna"),
    ("edukacja-wczesnoszkolna", "Edukacja wczesnoszkolna"),
    ("jezyk-polski", "Język polski"),
    ("matematyka", "Matematyka"),
    ("jezyki-obce", "Języki obce"),
    ("historia", "Historia"),
    ("wiedza-o-spoleczenstwie", "Wiedza o społeczeństwie"),
    ("przyroda", "Przyroda"),
    ("biologia", "Biologia"),
    ("chemia", "Chemia"),
    ("fizyka", "Fizyka"),
    ("geografia", "Geografia"),
    ("informatyka", "Informatyka"),
    ("plastyka", "Plastyka"),
    ("muzyka", "Muzyka"),
    ("technika", "Technika"),
    ("wychowanie-fizyczne", "Wychowanie fizyczne"),
    ("edukacja-dla-bezpieczenstwa", "Edukacja dla bezpieczeństwa"),
    ("biblioteka-szkolna", "Biblioteka szkolna"),
    ("wychowanie-i-opieka", "Wychowanie i opieka"),
    ("inne", "Inne"),
]


def add_subjects(apps, schema_editor):
    Subject = apps.get_model("resources", "Subject")
    for position, (slug, name) in enumerate(SUBJECTS):
        Subject.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(add_subjects, migrations.RunPython.noop)]
