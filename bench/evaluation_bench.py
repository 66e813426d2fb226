"""How evaluation scales: results and statistics time and queries, and the cost of sealing.

    DATABASE_URL=postgres://... DEBUG=1 .venv/bin/python bench/evaluation_bench.py [100 1000]

For each size N: a survey of 14 questions with N anonymous responses (bulk
inserted), then the results page data, the XLSX export and — for comparison — the
re-mix every anonymous submission used to run; then an open anonymous survey whose
sealed pool holds N responses, one more submission into it, and the release of the
pool at closing; and an activity log of N*100 entries read by the statistics.
Prints the figures and rolls everything back.
"""

import os
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from core.spreadsheets import to_xlsx  # noqa: E402
from evaluation import sealing, selectors, services, statistics  # noqa: E402
from evaluation.models import (  # noqa: E402
    Answer,
    Participation,
    QuestionKind,
    SealedResponses,
    Survey,
)
from networks.models import ActivityKind, ActivityLog, Membership, Network, Role, Topic  # noqa: E402


def _former_mix(survey_id: int) -> None:
    """What every anonymous submission used to do: rewrite all the survey's answer rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH moved AS (DELETE FROM evaluation_answer WHERE survey_id = %s RETURNING *) "
            "INSERT INTO evaluation_answer SELECT * FROM moved ORDER BY random()",
            [survey_id],
        )


class Rollback(Exception):
    pass


def timed(label, function):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        elapsed = (time.perf_counter() - started) * 1000
    print(f"  {label:<34} {elapsed:9.1f} ms  {len(queries):3d} queries")
    return result


def answers_for(survey, seed):
    answers = {}
    for question in survey.questions.exclude(kind=QuestionKind.SECTION):
        values = [value for value, _label in question.value_labels()]
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = values[: 1 + seed % len(values)]
        elif values:
            answers[question.pk] = values[seed % len(values)]
        else:
            answers[question.pk] = f"odpowiedź {seed}"
    return answers


def run(size: int) -> None:
    print(f"N = {size}")
    topic, _ = Topic.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    network = Network.objects.create(
        name="Bench", slug=f"bench-{uuid.uuid4().hex[:8]}", topic=topic, description="x",
        institution_name="x", institution_type="school",
    )  # fmt: skip
    users = User.objects.bulk_create(
        [User(email=f"bench{i}-{uuid.uuid4().hex[:6]}@example.org") for i in range(size + 2)]
    )
    coordinator, late = users[0], users[-1]
    Membership.objects.bulk_create(
        [
            Membership(
                network=network,
                user=u,
                role=Role.COORDINATOR if u == coordinator else Role.PARTICIPANT,
            )
            for u in users
        ]
    )
    survey = services.survey_create_from_template(
        network=network, by=coordinator, template_key="final"
    )
    services.survey_publish(survey=survey, by=coordinator)
    rows = []
    for seed in range(size):
        key = uuid.uuid4()
        for question_id, value in answers_for(survey, seed).items():
            for item in value if isinstance(value, list) else [value]:
                number, text = (item, "") if isinstance(item, int) else (None, item)
                rows.append(
                    Answer(
                        survey=survey,
                        question_id=question_id,
                        response_key=key,
                        number=number,
                        text=text,
                    )
                )
    Answer.objects.bulk_create(rows, batch_size=5000)
    Participation.objects.bulk_create(
        [Participation(survey=survey, user=u, submitted=True) for u in users[1 : size + 1]]
    )
    Survey.objects.filter(pk=survey.pk).update(response_count=size)
    survey.refresh_from_db()
    print(f"  answers stored: {len(rows)}")
    # The answers are read when the results' questions are first asked for.
    timed("results (selector)", lambda: selectors.survey_results(survey).questions)
    header_rows = timed("export rows", lambda: selectors.export_rows(survey))
    timed("xlsx build", lambda: to_xlsx([("R", [header_rows[0], *header_rows[1]])]))
    timed("former re-mix (comparison)", lambda: _former_mix(survey.pk))
    open_survey = services.survey_create_from_template(
        network=network, by=coordinator, template_key="final"
    )
    services.survey_publish(survey=open_survey, by=coordinator)
    questions = list(open_survey.questions.exclude(kind=QuestionKind.SECTION))
    pool = [
        services.answering._response_rows(questions, answers_for(open_survey, seed))
        for seed in range(size)
    ]
    SealedResponses.objects.create(survey=open_survey, data=sealing.seal_pool(open_survey.pk, pool))
    Participation.objects.bulk_create(
        [Participation(survey=open_survey, user=u, submitted=True) for u in users[1 : size + 1]]
    )
    timed(
        f"one anonymous submission (pool {size})",
        lambda: services.response_submit(
            survey=open_survey, user=late, answers=answers_for(open_survey, 1)
        ),
    )
    Survey.objects.filter(pk=open_survey.pk).update(closes_at=timezone.now())
    timed("release at closing", lambda: services.survey_release(survey_id=open_survey.pk))

    now = timezone.now()
    kinds = list(ActivityKind.values)
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(network=network, user=users[i % len(users)], kind=kinds[i % len(kinds)],
                        object_key=f"x:{i % 500}", created_at=now - timedelta(hours=i % 8000))
            for i in range(size * 100)
        ],
        batch_size=10_000,
    )  # fmt: skip
    print(f"  activity entries: {size * 100}")
    start, end = statistics.default_period()
    timed(
        "network statistics",
        lambda: statistics.activity_statistics(network=network, start=start, end=end),
    )
    timed(
        "platform statistics",
        lambda: statistics.activity_statistics(network=None, start=start, end=end),
    )


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:]] or [100, 1000]
    for size in sizes:
        try:
            with transaction.atomic():
                run(size)
                raise Rollback
        except Rollback:
            pass
