from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation import services
from evaluation.models import AnonymousDraft, Answer, Participation, QuestionKind, Survey
from evaluation.permissions import results_released
from evaluation.survey_templates import TEMPLATES
from evaluation.tests.factories import answer, close, make_survey, sample_answers


def test_one_response_per_member_also_when_anonymous(network, coordinator, member):
    survey = make_survey(network, coordinator)
    answer(survey, member)
    with pytest.raises(ValidationError):
        answer(survey, member, 1)
    survey.refresh_from_db()
    assert survey.response_count == 1
    Survey.objects.filter(pk=survey.pk).update(min_responses=1)
    close(survey)
    assert Answer.objects.filter(survey=survey).values("response_key").distinct().count() == 1


def test_required_question_must_be_answered(network, coordinator, member):
    survey = make_survey(network, coordinator)
    answers = sample_answers(survey)
    answers.pop(survey.questions.get(kind=QuestionKind.LIKERT).pk)
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, user=member, answers=answers)
    assert not Participation.objects.filter(survey=survey).exists()


def test_value_outside_the_options_is_refused(network, coordinator, member):
    survey = make_survey(network, coordinator)
    answers = sample_answers(survey)
    answers[survey.questions.get(kind=QuestionKind.SCALE).pk] = 11
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, user=member, answers=answers)


def test_closed_or_upcoming_survey_takes_no_answers(network, coordinator, member):
    upcoming = make_survey(network, coordinator, opens_in=timedelta(days=1))
    with pytest.raises(PermissionDenied):
        answer(upcoming, member)
    survey = make_survey(network, coordinator)
    services.survey_close(survey=survey, by=coordinator)
    with pytest.raises(PermissionDenied):
        answer(survey, member)


def test_outsider_cannot_answer(network, coordinator, outsider):
    survey = make_survey(network, coordinator)
    with pytest.raises(PermissionDenied):
        answer(survey, outsider)


def test_anonymous_draft_is_found_by_its_token_and_removed_on_submit(network, coordinator, member):
    survey = make_survey(network, coordinator)
    token = services.answers_save_draft(survey=survey, user=member, answers={1: "x"})
    assert services.draft_answers(survey=survey, user=member, draft_token=token) == {"1": "x"}
    assert services.draft_answers(survey=survey, user=member, draft_token="") == {}
    services.response_submit(
        survey=survey, user=member, answers=sample_answers(survey), draft_token=token
    )
    assert not AnonymousDraft.objects.exists()


def test_named_draft_is_kept_on_the_participation(network, coordinator, member):
    survey = make_survey(network, coordinator, anonymous=False)
    services.answers_save_draft(survey=survey, user=member, answers={5: 3})
    assert services.draft_answers(survey=survey, user=member) == {"5": 3}


def test_members_cannot_build_surveys(network, member):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.survey_create(
            network=network, by=member, title="x", opens_at=now, closes_at=now + timedelta(days=1)
        )


def test_anonymous_threshold_cannot_go_below_three(network, coordinator):
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.survey_create(
            network=network,
            by=coordinator,
            title="x",
            opens_at=now,
            closes_at=now + timedelta(days=1),
            min_responses=2,
        )


def test_published_survey_keeps_its_anonymity_and_questions(network, coordinator):
    survey = make_survey(network, coordinator)
    services.survey_update(survey=survey, by=coordinator, is_anonymous=False, title="Nowy tytuł")
    survey.refresh_from_db()
    assert survey.is_anonymous and survey.title == "Nowy tytuł"
    with pytest.raises(PermissionDenied):
        services.question_save(survey=survey, by=coordinator, kind="short_text", text="x")
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, by=coordinator, min_responses=1)


def test_publishing_needs_a_question(network, coordinator):
    now = timezone.now()
    survey = services.survey_create(
        network=network, by=coordinator, title="x", opens_at=now, closes_at=now + timedelta(days=1)
    )
    services.question_save(survey=survey, by=coordinator, kind=QuestionKind.SECTION, text="Część")
    with pytest.raises(ValidationError):
        services.survey_publish(survey=survey, by=coordinator)


def test_choice_question_needs_two_options(network, coordinator):
    survey = make_survey(network, coordinator, publish=False)
    with pytest.raises(ValidationError):
        services.question_save(
            survey=survey, by=coordinator, kind="single", text="x", options=["a"]
        )


def test_questions_reorder(network, coordinator):
    survey = make_survey(network, coordinator, publish=False)
    ids = [q.pk for q in survey.questions.all()]
    last = survey.questions.get(pk=ids[-1])
    services.question_move(question=last, by=coordinator, offset=-1)
    assert [q.pk for q in survey.questions.all()] == [*ids[:-2], ids[-1], ids[-2]]
    first = survey.questions.get(pk=ids[0])
    services.question_move(question=first, by=coordinator, offset=-1)  # already first: stays
    assert survey.questions.first().pk == ids[0]


@pytest.mark.parametrize("template", [t.key for t in TEMPLATES])
def test_every_template_makes_a_publishable_survey(network, coordinator, member, template):
    from networks.tests.factories import MeetingFactory

    MeetingFactory(network=network)
    survey = make_survey(network, coordinator, template=template)
    assert survey.template_key == template and survey.is_published
    answer(survey, member)


def test_final_template_covers_the_seed_dimensions(network, coordinator):
    survey = services.survey_create_from_template(
        network=network, by=coordinator, template_key="final"
    )
    keys = set(survey.questions.values_list("key", flat=True))
    assert {"idea.works", "forms.meetings", "forms.platform", "give.take", "give.give"} <= keys
    assert {"helped", "hindered", "effects.development", "effects.work"} <= keys
    assert {"effects.products", "effects.go_on"} <= keys
    assert survey.purpose == "final" and not survey.is_published


def test_release_happens_once_and_only_after_closing(network, coordinator, members):
    survey = make_survey(network, coordinator)
    named = make_survey(network, coordinator, anonymous=False)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    assert services.survey_release(survey_id=survey.pk) is False  # still open
    assert services.surveys_release_due() == 0
    close(named)
    assert named.released_at is None  # a named survey has nothing sealed
    close(survey)
    assert survey.released_at is not None and not survey.withheld
    assert services.survey_release(survey_id=survey.pk) is False  # never twice
    assert Answer.objects.filter(survey=survey).values("response_key").distinct().count() == 3


def test_draft_survey_can_be_deleted_published_cannot(network, coordinator):
    draft = make_survey(network, coordinator, publish=False)
    services.survey_delete(survey=draft, by=coordinator)
    published = make_survey(network, coordinator)
    with pytest.raises(PermissionDenied):
        services.survey_delete(survey=published, by=coordinator)


# --- the whole life of a survey, finishing later, the threshold, comparing -----------------


def test_survey_lifecycle_draft_upcoming_open_closed(network, coordinator, member):
    survey = make_survey(network, coordinator, publish=False, opens_in=timedelta(hours=1))
    assert not survey.is_published and not survey.is_open
    survey = services.survey_publish(survey=survey, by=coordinator)
    assert survey.is_published and survey.is_upcoming and not survey.is_open
    with pytest.raises(PermissionDenied):  # cannot close what has not opened
        services.survey_close(survey=survey, by=coordinator)
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    survey.refresh_from_db()
    assert survey.is_open and Survey.objects.open_now().filter(pk=survey.pk).exists()
    answer(survey, member)
    services.survey_close(survey=survey, by=coordinator)
    survey.refresh_from_db()
    assert survey.is_closed and not survey.is_open and survey.response_count == 1
    assert not Survey.objects.open_now().filter(pk=survey.pk).exists()


def test_a_member_cannot_close_or_publish(network, coordinator, member):
    draft = make_survey(network, coordinator, publish=False)
    with pytest.raises(PermissionDenied):
        services.survey_publish(survey=draft, by=member)
    survey = make_survey(network, coordinator)
    with pytest.raises(PermissionDenied):
        services.survey_close(survey=survey, by=member)


def test_save_and_finish_later_keeps_the_latest_draft_until_submitted(network, coordinator, member):
    survey = make_survey(network, coordinator, anonymous=False, min_responses=1)
    likert = survey.questions.get(kind=QuestionKind.LIKERT)
    services.answers_save_draft(survey=survey, user=member, answers={likert.pk: 2})
    services.answers_save_draft(survey=survey, user=member, answers={likert.pk: 5})
    assert services.draft_answers(survey=survey, user=member) == {str(likert.pk): 5}
    assert Participation.objects.get(survey=survey, user=member).submitted is False
    assert survey.answers.count() == 0  # a draft is not an answer: results do not count it
    answers = sample_answers(survey)
    answers[likert.pk] = 5
    services.response_submit(survey=survey, user=member, answers=answers)
    participation = Participation.objects.get(survey=survey, user=member)
    assert participation.submitted and participation.draft == {}
    assert survey.answers.get(question=likert).number == 5
    with pytest.raises(ValidationError):
        services.answers_save_draft(survey=survey, user=member, answers={likert.pk: 1})


def test_draft_cannot_be_saved_once_the_survey_has_closed(network, coordinator, member):
    survey = make_survey(network, coordinator)
    token = services.answers_save_draft(survey=survey, user=member, answers={1: "x"})
    services.survey_close(survey=survey, by=coordinator)
    survey.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.answers_save_draft(survey=survey, user=member, answers={}, draft_token=token)
    with pytest.raises(PermissionDenied):
        services.response_submit(
            survey=survey, user=member, answers=sample_answers(survey), draft_token=token
        )
    assert survey.answers.count() == 0


def test_results_appear_exactly_at_the_threshold(network, coordinator, members):
    from evaluation.selectors import survey_results

    below = make_survey(network, coordinator, min_responses=3)
    at = make_survey(network, coordinator, min_responses=3)
    for seed, person in enumerate(members[:3]):
        answer(at, person, seed)
        if seed < 2:
            answer(below, person, seed)
    at.refresh_from_db()
    assert not results_released(at) and not survey_results(at).visible  # open: sealed
    close(below)
    close(at)
    assert below.withheld and not results_released(below) and not survey_results(below).visible
    assert not below.answers.exists()  # discarded unread
    assert results_released(at) and survey_results(at).visible


def test_named_survey_shows_results_from_the_first_answer(network, coordinator, member):
    survey = make_survey(network, coordinator, anonymous=False, min_responses=1)
    answer(survey, member)
    survey.refresh_from_db()
    assert results_released(survey)  # names are on them anyway: nothing to seal


def test_threshold_can_be_raised_after_publishing(network, coordinator):
    survey = make_survey(network, coordinator)
    services.survey_update(survey=survey, by=coordinator, min_responses=5)
    survey.refresh_from_db()
    assert survey.min_responses == 5


def test_formative_and_final_compare_side_by_side(network, coordinator, members):
    from evaluation.selectors import survey_comparison

    formative = make_survey(network, coordinator, template="formative")
    final = make_survey(network, coordinator, template="final")
    for person in members[:3]:
        answer(formative, person, 0)  # everyone "strongly disagrees" at first…
        answer(final, person, 4)  # …and "strongly agrees" at the end
    close(formative)
    assert survey_comparison(formative, final) == []  # the final one is still sealed
    close(final)
    pairs = {pair.first.question.key: pair for pair in survey_comparison(formative, final)}
    assert pairs, "the templates share questions"
    likert_pairs = [p for p in pairs.values() if p.first.question.kind == QuestionKind.LIKERT]
    assert likert_pairs
    for pair in likert_pairs:
        assert pair.first.question.survey_id == formative.pk
        assert pair.second.question.survey_id == final.pk
        assert pair.first.answered == pair.second.answered == 3
        assert pair.first.mean == 1.0 and pair.second.mean == 5.0


def test_comparison_is_empty_while_one_survey_is_below_its_threshold(network, coordinator, members):
    from evaluation.selectors import survey_comparison

    formative = make_survey(network, coordinator, template="formative")
    final = make_survey(network, coordinator, template="final")
    for seed, person in enumerate(members[:3]):
        answer(formative, person, seed)
    answer(final, members[0])
    close(formative)
    close(final)
    assert final.withheld
    assert survey_comparison(formative, final) == []


def test_template_survey_is_an_editable_draft(network, coordinator):
    survey = services.survey_create_from_template(
        network=network, by=coordinator, template_key="needs"
    )
    assert survey.purpose == "needs" and not survey.is_published
    first = survey.questions.exclude(kind=QuestionKind.SECTION).first()
    services.question_save(survey=survey, by=coordinator, question=first, text="Zmienione pytanie")
    first.refresh_from_db()
    assert first.text == "Zmienione pytanie"
    services.question_delete(question=first, by=coordinator)
    assert not survey.questions.filter(pk=first.pk).exists()


def test_unknown_template_is_refused(network, coordinator):
    with pytest.raises(ValidationError):
        services.survey_create_from_template(network=network, by=coordinator, template_key="x")
