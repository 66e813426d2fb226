"""Statistics by school year, entries per day, what each measure means, exports, the staff page."""

import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluation import statistics
from evaluation.forms import PeriodForm
from networks.models import ActivityKind, ActivityLog
from networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ZONE = statistics.local_zone()


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZONE)


def _log(network, user, kind, day, count=1, key=""):
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(network=network, user=user, kind=kind, created_at=_at(day), object_key=key)
            for _ in range(count)
        ]
    )


def test_school_year_period_form_and_custom_dates():
    today = date(2026, 11, 20)
    assert PeriodForm(today=today).period() == (date(2026, 9, 1), date(2027, 8, 31))
    chosen = PeriodForm({"school_year": "2024"}, today=today)
    assert chosen.period() == (date(2024, 9, 1), date(2025, 8, 31))
    custom = PeriodForm({"start": "2026-10-01", "end": "2026-10-31"}, today=today)
    assert custom.period() == (date(2026, 10, 1), date(2026, 10, 31))
    choices = [value for value, _label in PeriodForm(today=today).fields["school_year"].choices]
    assert choices[0] == 2026 and 2021 in choices and 2020 not in choices


@pytest.mark.parametrize(
    "data",
    [
        {"start": "2026-10-01"},  # one date alone
        {"start": "2026-10-31", "end": "2026-10-01"},  # ends before it starts
        {"school_year": "1999"},  # a school year not offered
        {"start": "nonsense", "end": "2026-10-01"},
    ],
)
def test_a_bad_period_is_a_form_error_and_the_default_is_used(data):
    form = PeriodForm(data, today=date(2026, 11, 20))
    assert not form.is_valid() and form.errors
    assert form.period() == (date(2026, 9, 1), date(2027, 8, 31))


def _visits(network, people, day):
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                network=network, user=p, kind=ActivityKind.VISIT, day=day, created_at=_at(day)
            )
            for p in people
        ]
    )


def test_entries_per_day_are_visits_divided_by_the_days_of_the_period(network, member):
    people = [member, *(MembershipFactory(network=network).user for _ in range(29))]
    _visits(network, people[:20], date(2025, 9, 10))
    _visits(network, people[:10], date(2026, 3, 1))
    _visits(network, people, date(2024, 8, 31))  # the school year before: not counted
    # Writing and reading are not entries (visits) to the network.
    _log(network, member, ActivityKind.POST, date(2025, 9, 10), count=20)
    _log(network, member, ActivityKind.DOWNLOAD, date(2025, 10, 2), count=50)
    _log(network, member, ActivityKind.OUTCOME, date(2026, 3, 1), count=5)
    start, end = statistics.school_year(2025)
    stats = statistics.activity_statistics(
        network=network, start=start, end=end, today=date(2026, 11, 1)
    )
    assert stats.entries == 30
    assert stats.days == 365
    assert stats.entries_per_day == round(30 / 365, 2) == 0.08
    assert stats.totals["outcomes"] == 5


def test_a_period_not_yet_over_divides_by_the_days_so_far(network, member):
    people = [member, *(MembershipFactory(network=network).user for _ in range(9))]
    _visits(network, people, date(2026, 9, 2))
    start, end = statistics.school_year(2026)
    stats = statistics.activity_statistics(
        network=network, start=start, end=end, today=date(2026, 9, 10)
    )
    assert (stats.entries, stats.days, stats.entries_per_day) == (10, 10, 1.0)


def test_every_measure_is_explained_in_one_line():
    assert set(statistics.MEASURE_HELP) >= {key for key, *_rest in statistics.MONTHLY_SERIES}
    assert all("\n" not in str(line) for line in statistics.MEASURE_HELP.values())


def test_recorded_outcomes_are_counted_and_shown(client, network, coordinator, member):
    from networks import outcomes

    outcomes.outcome_record(
        network=network,
        author=member,
        title="Lekcja",
        description="Opis",
        applied_on=timezone.localdate(),
    )
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:statistics", kwargs={"network_slug": network.slug}))
    html = page.content.decode()
    assert '<dd class="col-sm-7" id="stat-outcomes">1</dd>' in html
    assert "Outcomes in practice: what members recorded" in html or "Wdrożenia w praktyce:" in html


def test_network_statistics_export_csv_and_xlsx(client, network, coordinator, member):
    _visits(network, [member], date(2025, 9, 10))
    _log(network, member, ActivityKind.POST, date(2025, 9, 10), count=3)
    _log(network, member, ActivityKind.OUTCOME, date(2025, 9, 11))
    ActivityLog.objects.create(
        network=network, user=member, kind=ActivityKind.UPLOAD, object_key="=HYPERLINK(1)",
        created_at=_at(date(2025, 9, 12)),
    )  # fmt: skip
    client.force_login(coordinator)
    period = {"start": "2025-09-01", "end": "2026-08-31"}
    url = reverse(
        "evaluation:statistics_export", kwargs={"network_slug": network.slug, "fmt": "csv"}
    )
    response = client.get(url, period)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "2025-09-01-2026-08-31.csv" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [network.name]
    by_label = {row[0]: row[1:] for row in rows if row}
    assert by_label.get("Days in the period", by_label.get("Dni w okresie"))[0] == "365"
    assert by_label.get("Entries per day", by_label.get("Średnio wejść dziennie"))[0] == "0.0"
    outcomes = by_label.get("Outcomes in practice", by_label.get("Wdrożenia w praktyce"))
    assert outcomes[0] == "1"
    # A cell that a spreadsheet would run as a formula is escaped (core.spreadsheets).
    assert not any(cell.startswith("=") for row in rows for cell in row)
    xlsx = client.get(
        reverse(
            "evaluation:statistics_export", kwargs={"network_slug": network.slug, "fmt": "xlsx"}
        ),
        period,
    )
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    assert summary[0][0] == network.name
    posts = [row[1] for row in summary if row[0] in ("Posts", "Wpisy")]
    assert posts == [3]
    assert len(book.worksheets) == 3
    monthly = list(book.worksheets[1].iter_rows(values_only=True))
    assert monthly[1][0] == "2025-09" and len(monthly) == 12 + 2


def test_export_of_an_unknown_format_is_404(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse(
        "evaluation:statistics_export", kwargs={"network_slug": network.slug, "fmt": "pdf"}
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("outsider", 404), ("staff", 404), ("member", 403), ("coordinator", 200)],
)
def test_who_downloads_a_networks_statistics(client, people, network, who, status):
    _log(network, people["member"], ActivityKind.POST, timezone.localdate(), count=2)
    if people[who] is not None:
        client.force_login(people[who])
    url = reverse(
        "evaluation:statistics_export", kwargs={"network_slug": network.slug, "fmt": "csv"}
    )
    response = client.get(url)
    assert response.status_code == status
    assert (network.name in response.content.decode("utf-8-sig")) is (status == 200)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("member", False),
        ("coordinator", False),
        ("staff", True),
    ],
)
def test_platform_statistics_page_is_for_staff_only(client, people, network, who, sees):
    _log(network, people["member"], ActivityKind.POST, timezone.localdate(), count=2)
    if people[who] is not None:
        client.force_login(people[who])
    for url in (
        reverse("statistics:platform"),
        reverse("statistics:platform_export", kwargs={"fmt": "csv"}),
    ):
        response = client.get(url)
        assert (response.status_code == 200) is sees
        assert (network.name in response.content.decode("utf-8-sig")) is sees
        if not sees:
            assert response.status_code in (302, 404)
            if people[who] is not None:
                assert response.status_code == 404


def _bulk(network, count):
    people = [MembershipFactory(network=network).user for _ in range(10)]
    kinds = [kind for kind in ActivityKind.values if kind != ActivityKind.VISIT]
    now = timezone.now()
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                network=network,
                user=people[i % len(people)],
                kind=kinds[i % len(kinds)],
                object_key=f"x:{i % 200}",
                created_at=now - timedelta(hours=i % (24 * 200)),
            )
            for i in range(count)
        ],
        batch_size=5_000,
    )


def _queries(client, url) -> int:
    cache.clear()  # no request finds the person's unread count cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_statistics_pages_cost_the_same_queries_for_100_and_10_000_events(
    client, network, coordinator, staff_user
):
    _bulk(network, 100)
    slug = {"network_slug": network.slug}
    urls = {
        coordinator: [
            reverse("evaluation:statistics", kwargs=slug),
            reverse("evaluation:statistics_export", kwargs={**slug, "fmt": "xlsx"}),
        ],
        staff_user: [
            reverse("statistics:platform"),
            reverse("statistics:platform_export", kwargs={"fmt": "csv"}),
        ],
    }

    def measure():
        counts = {}
        for person, person_urls in urls.items():
            client.force_login(person)
            for url in person_urls:
                counts[url] = _queries(client, url)
        return counts

    small = measure()
    _bulk(network, 9_900)
    large = measure()
    print("statistics queries (100 and 10,000 events):", small, large)
    assert small == large
    assert max(large.values()) <= 10
