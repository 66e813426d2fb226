"""Network activity statistics, read only from the activity log that networks owns.

evaluation never imports forums or resources: whatever they do that statistics
count is written to `networks.models.ActivityLog` by `networks.services.activity_record`.
Every function here runs a fixed number of grouped queries, whether the log holds a
hundred entries or millions; the rows they return are bounded by the months of the
period and the number of people, never by the number of events.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.activity import category_label
from networks.models import ActivityKind, ActivityLog, Network

# "I give": what adds something for others. "I take": what uses what others gave.
GIVE_KINDS = (
    ActivityKind.THREAD,
    ActivityKind.POST,
    ActivityKind.UPLOAD,
    ActivityKind.MEETING_LED,
    ActivityKind.OUTCOME,
)
# "Entries to the platform" of the Sieć BP report are visits (wejścia), not posts: a
# member's first visit to the network on a day. Their average per day is reported.
ENTRY_KINDS = (ActivityKind.VISIT,)
TAKE_KINDS = (ActivityKind.VISIT, ActivityKind.DOWNLOAD, ActivityKind.MEETING_ATTENDED)

MONTHLY_SERIES = [
    # (key, label, kind, what is counted: entries, people or distinct objects)
    ("visits", _("Visits"), ActivityKind.VISIT, "total"),
    ("threads", _("Threads"), ActivityKind.THREAD, "total"),
    ("posts", _("Posts"), ActivityKind.POST, "total"),
    # Anonymous posts are logged with no person (networks.services.activity_record), so
    # they count among "posts" but their authors are not among "people who wrote posts"
    # (nor among the givers of the balance). Counting them would need something that
    # ties person and post together, which anonymity forbids; the figure is a lower bound.
    ("posters", _("People who wrote posts"), ActivityKind.POST, "people"),
    ("materials", _("Materials shared"), ActivityKind.UPLOAD, "objects"),
    ("downloads", _("Downloads"), ActivityKind.DOWNLOAD, "total"),
    ("meetings", _("Meetings with attendance"), ActivityKind.MEETING_ATTENDED, "objects"),
    ("attendance", _("Attendances at meetings"), ActivityKind.MEETING_ATTENDED, "total"),
    ("outcomes", _("Outcomes in practice"), ActivityKind.OUTCOME, "total"),
]

# What each measure counts, in one line, shown under the figures and in the exports.
MEASURE_HELP = {
    "entries_per_day": _(
        "Entries per day: visits divided by the days of the period (of a period not yet "
        "over, by the days so far)."
    ),
    "visits": _("Visits (entries): each member's first visit to the network on a day."),
    "threads": _("Threads: new discussion threads."),
    "posts": _("Posts: every post in the discussions, anonymous ones included."),
    "posters": _(
        "People who wrote posts: different people who wrote at least one signed post "
        "(once per month; once in the whole period)."
    ),
    "materials": _("Materials shared: different materials added or given a new file."),
    "downloads": _("Downloads: every download of a material."),
    "meetings": _("Meetings with attendance: meetings whose attendance list was taken."),
    "attendance": _("Attendances at meetings: each person present at each meeting."),
    "outcomes": _(
        "Outcomes in practice: what members recorded having applied in their schools and libraries."
    ),
}


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


SCHOOL_YEAR_STARTS = 9  # A Polish school year runs from 1 September to 31 August.


def school_year(first_year: int) -> tuple[date, date]:
    """The school year that starts in September of `first_year`."""
    return date(first_year, SCHOOL_YEAR_STARTS, 1), date(first_year + 1, SCHOOL_YEAR_STARTS - 1, 31)


def school_year_of(day: date) -> int:
    """The calendar year in which the school year containing `day` started."""
    return day.year if day.month >= SCHOOL_YEAR_STARTS else day.year - 1


def default_period(today: date | None = None) -> tuple[date, date]:
    """The school year containing today (1 September – 31 August), as networks report it."""
    return school_year(school_year_of(today or timezone.localdate()))


def days_counted(start: date, end: date, today: date | None = None) -> int:
    """The days an average per day divides by: the whole period, or of a period not yet
    over only the days so far (else the running school year would look quiet)."""
    today = today or timezone.localdate()
    last = min(end, max(today, start))
    return (last - start).days + 1


def months_between(start: date, end: date) -> list[date]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


@dataclass
class MonthRow:
    month: date
    values: dict[str, int]

    @property
    def cells(self) -> list[int]:
        return [self.values[key] for key, *_rest in MONTHLY_SERIES]


@dataclass
class Balance:
    members: int
    givers: int
    takers_only: int

    @property
    def inactive(self) -> int:
        return max(0, self.members - self.givers - self.takers_only)

    def percent(self, number: int) -> float:
        return round(100 * number / self.members, 1) if self.members else 0.0

    @property
    def givers_percent(self) -> float:
        return self.percent(self.givers)

    @property
    def takers_percent(self) -> float:
        return self.percent(self.takers_only)

    @property
    def inactive_percent(self) -> float:
        return self.percent(self.inactive)


@dataclass
class Statistics:
    start: date
    end: date
    series: list[tuple[str, str]]
    months: list[MonthRow]
    totals: dict[str, int]
    balance: Balance
    # (type, materials shared in the period), the most shared first.
    materials_by_type: list[tuple[str, int]] = field(default_factory=list)
    per_network: list[dict] = field(default_factory=list)
    entries: int = 0
    days: int = 1

    @property
    def entries_per_day(self) -> float:
        return round(self.entries / self.days, 2) if self.days else 0.0

    @property
    def explanations(self) -> list[str]:
        return [MEASURE_HELP[key] for key in ("entries_per_day", *self.totals)]

    @property
    def total_cells(self) -> list[int]:
        return [self.totals[key] for key, _label in self.series]

    def chart_data(self) -> dict:
        return {
            "labels": [row.month.strftime("%Y-%m") for row in self.months],
            "series": [
                {"key": key, "label": str(label), "data": [row.values[key] for row in self.months]}
                for key, label in self.series
            ],
            "balance": {
                "labels": [str(_("Gave")), str(_("Only took")), str(_("No activity"))],
                "data": [self.balance.givers, self.balance.takers_only, self.balance.inactive],
            },
            "materials": {
                "labels": [str(label) for label, _count in self.materials_by_type],
                "data": [count for _label, count in self.materials_by_type],
            },
        }


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = local_zone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def _log(network: Network | None, start: date, end: date) -> QuerySet[ActivityLog]:
    since, until = _bounds(start, end)
    entries = ActivityLog.objects.filter(created_at__gte=since, created_at__lt=until).order_by()
    return entries if network is None else entries.filter(network=network)


def _measures() -> dict:
    return {
        "total": Count("id"),
        "people": Count("user", distinct=True),
        "objects": Count("object_key", distinct=True, filter=~Q(object_key="")),
    }


def _pick(row: dict, measure: str) -> int:
    return row.get(measure) or 0


def activity_statistics(
    *, network: Network | None, start: date, end: date, today: date | None = None
) -> Statistics:
    """A network's (or, with None, the platform's) activity per month and in total, its
    entries per day, materials by type and its balance (4-5 queries)."""
    entries = _log(network, start, end)
    by_month: dict[tuple[date, str], dict] = {}
    for row in (
        entries.annotate(month=TruncMonth("created_at", tzinfo=local_zone()))
        .values("month", "kind")
        .annotate(**_measures())
    ):
        by_month[(row["month"].date(), row["kind"])] = row
    by_kind = {row["kind"]: row for row in entries.values("kind").annotate(**_measures())}
    months = [
        MonthRow(
            month=month,
            values={
                key: _pick(by_month.get((month, kind), {}), measure)
                for key, _label, kind, measure in MONTHLY_SERIES
            },
        )
        for month in months_between(start, end)
    ]
    totals = {
        key: _pick(by_kind.get(kind, {}), measure) for key, _label, kind, measure in MONTHLY_SERIES
    }
    return Statistics(
        start=start,
        end=end,
        series=[(key, label) for key, label, _kind, _measure in MONTHLY_SERIES],
        months=months,
        totals=totals,
        balance=give_take_balance(network=network, entries=entries),
        materials_by_type=materials_by_type(entries),
        entries=sum(_pick(by_kind.get(kind, {}), "total") for kind in ENTRY_KINDS),
        days=days_counted(start, end, today),
    )


def materials_by_type(entries: QuerySet[ActivityLog]) -> list[tuple[str, int]]:
    """How many materials of each type were shared (added or given a new file) in the period (1 query)."""
    rows = (
        entries.filter(kind=ActivityKind.UPLOAD)
        .exclude(object_key="")
        .values("category")
        .annotate(materials=Count("object_key", distinct=True))
        .order_by("-materials", "category")
    )
    return [
        (category_label(ActivityKind.UPLOAD, row["category"]), row["materials"]) for row in rows
    ]


def give_take_balance(*, network: Network | None, entries: QuerySet[ActivityLog]) -> Balance:
    """How many members contributed, how many only read, downloaded or attended, and the rest (2 queries)."""
    people = (
        entries.filter(user__isnull=False)
        .values("user")
        .annotate(
            gave=Count("id", filter=Q(kind__in=GIVE_KINDS)),
            took=Count("id", filter=Q(kind__in=TAKE_KINDS)),
        )
        .values_list("gave", "took")
    )
    givers = takers = 0
    for gave, took in people:
        if gave:
            givers += 1
        elif took:
            takers += 1
    members = network.memberships.count() if network is not None else givers + takers
    return Balance(members=max(members, givers + takers), givers=givers, takers_only=takers)


def per_network_totals(*, start: date, end: date, limit: int = 50) -> list[dict]:
    """For staff: each network's entries, posts, materials, outcomes and active people (1 query)."""
    return list(
        _log(None, start, end)
        .values("network_id", "network__name", "network__slug")
        .annotate(
            total=Count("id"),
            posts=Count("id", filter=Q(kind=ActivityKind.POST)),
            outcomes=Count("id", filter=Q(kind=ActivityKind.OUTCOME)),
            materials=Count(
                "object_key", distinct=True, filter=Q(kind=ActivityKind.UPLOAD) & ~Q(object_key="")
            ),
            people=Count("user", distinct=True),
            givers=Count("user", distinct=True, filter=Q(kind__in=GIVE_KINDS)),
        )
        .order_by("-total", "network__name")[:limit]
    )


@dataclass
class PersonalBalance:
    gave: list[tuple[str, int]]
    took: list[tuple[str, int]]

    @property
    def gave_total(self) -> int:
        return sum(count for _label, count in self.gave)

    @property
    def took_total(self) -> int:
        return sum(count for _label, count in self.took)


def personal_balance(*, user, network: Network, start: date, end: date) -> PersonalBalance:
    """One person's own give/take counts in a network for the period (1 query); shown only to them."""
    counts = dict(
        _log(network, start, end)
        .filter(user=user)
        .values("kind")
        .annotate(total=Count("id"))
        .values_list("kind", "total")
    )
    return PersonalBalance(
        gave=[(ActivityKind(kind).label, counts.get(kind, 0)) for kind in GIVE_KINDS],
        took=[(ActivityKind(kind).label, counts.get(kind, 0)) for kind in TAKE_KINDS],
    )


def statistics_sheets(stats: Statistics, *, title: str) -> list[tuple[str, list[list]]]:
    """The figures of a statistics page as sheets for an XLSX (or, joined, a CSV) export."""
    summary: list[list] = [
        [title],
        [_("From"), stats.start.isoformat(), _("To"), stats.end.isoformat()],
        [],
        [_("Measure"), _("Whole period")],
        [_("Days in the period"), stats.days],
        [_("Entries per day"), stats.entries_per_day],
        *([label, stats.totals[key]] for key, label in stats.series),
        [],
        [_("Balance: I give – I take"), _("People")],
        [_("Gave"), stats.balance.givers],
        [_("Only took"), stats.balance.takers_only],
        [_("No activity"), stats.balance.inactive],
        [],
        [_("What is counted")],
        *([line] for line in stats.explanations),
    ]
    monthly = [
        [_("Month"), *(label for _key, label in stats.series)],
        *([row.month.strftime("%Y-%m"), *row.cells] for row in stats.months),
        [_("Whole period"), *stats.total_cells],
    ]
    materials = [[_("Type"), _("Materials")], *([label, n] for label, n in stats.materials_by_type)]
    sheets = [
        (_("Summary"), summary),
        (_("Per month"), monthly),
        (_("Materials by type"), materials),
    ]
    if stats.per_network:
        sheets.append(
            (
                _("Networks"),
                [
                    [
                        _("Network"),
                        _("Entries"),
                        _("Posts"),
                        _("Materials shared"),
                        _("Active people"),
                    ],
                    *(
                        [
                            row["network__name"],
                            row["total"],
                            row["posts"],
                            row["materials"],
                            row["people"],
                        ]
                        for row in stats.per_network
                    ),
                ],
            )
        )
    return sheets
