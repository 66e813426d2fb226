"""Anonymous answers are sealed until the survey closes (see evaluation/models.py).

Existing data: the answers of every anonymous survey that has not closed move into
its sealed pool; a closed anonymous survey counts as released, or — when fewer than
its threshold of people other than the coordinators answered — withheld, and its
answers are deleted. Participations get random UUID keys. Unfinished anonymous
drafts were stored readable and cannot be sealed without their browser's token,
so they are dropped (the person sees an empty form again).
"""

import secrets
import uuid

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from evaluation.sealing import seal_pool


def seal_existing(apps, schema_editor):
    Survey = apps.get_model("evaluation", "Survey")
    Answer = apps.get_model("evaluation", "Answer")
    Participation = apps.get_model("evaluation", "Participation")
    SealedResponses = apps.get_model("evaluation", "SealedResponses")
    Membership = apps.get_model("networks", "Membership")
    now = timezone.now()
    shuffle = secrets.SystemRandom().shuffle
    for survey in Survey.objects.filter(is_anonymous=True):
        answers = Answer.objects.filter(survey=survey)
        if survey.published_at is not None and survey.closes_at <= now:
            coordinators = Membership.objects.filter(
                network_id=survey.network_id, role="coordinator"
            ).values("user_id")
            others = (
                Participation.objects.filter(survey=survey, submitted=True)
                .exclude(user_id__in=coordinators)
                .count()
            )
            survey.released_at = now
            survey.withheld = others < survey.min_responses
            survey.save(update_fields=["released_at", "withheld"])
            if survey.withheld:
                answers.delete()
            continue
        responses: dict = {}
        for key, question_id, number, text in answers.values_list(
            "response_key", "question_id", "number", "text"
        ):
            responses.setdefault(key, []).append([question_id, number, text])
        if not responses:
            continue
        pool = list(responses.values())
        shuffle(pool)
        SealedResponses.objects.create(survey=survey, data=seal_pool(survey.pk, pool))
        answers.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_survey_results_notified"),
        ("networks", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="released_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="survey",
            name="withheld",
            field=models.BooleanField(default=False),
        ),
        migrations.RemoveField(model_name="survey", name="needs_mix"),
        migrations.AlterField(
            model_name="survey",
            name="min_responses",
            field=models.PositiveSmallIntegerField(
                default=3,
                help_text=(
                    "Results of an anonymous survey appear when it closes, and only if at least "
                    "this many people other than the coordinators answered."
                ),
                verbose_name="results shown from",
            ),
        ),
        migrations.CreateModel(
            name="SealedResponses",
            fields=[
                (
                    "survey",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="sealed_responses",
                        serialize=False,
                        to="evaluation.survey",
                    ),
                ),
                ("data", models.BinaryField()),
            ],
        ),
        migrations.DeleteModel(name="AnonymousDraft"),
        migrations.CreateModel(
            name="AnonymousDraft",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("sealed", models.BinaryField()),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="anonymous_drafts",
                        to="evaluation.survey",
                    ),
                ),
            ],
        ),
        # A sequence would number participations in the order people answered.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    """
                    ALTER TABLE evaluation_participation DROP CONSTRAINT evaluation_participation_pkey;
                    ALTER TABLE evaluation_participation DROP COLUMN id;
                    ALTER TABLE evaluation_participation ADD COLUMN id uuid;
                    UPDATE evaluation_participation SET id = gen_random_uuid();
                    ALTER TABLE evaluation_participation ALTER COLUMN id SET NOT NULL;
                    ALTER TABLE evaluation_participation ADD PRIMARY KEY (id);
                    """,
                    reverse_sql=migrations.RunSQL.noop,
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="participation",
                    name="id",
                    field=models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                )
            ],
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
