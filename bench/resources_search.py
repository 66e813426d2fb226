"""Benchmark: search latency of the bank of good practices at 20,000 and 100,000 materials.

Run:  DATABASE_URL=postgres://… .venv/bin/python bench/resources_search.py [--rounds 15]
      DATABASE_URL=… REDIS_URL=… .venv/bin/python bench/resources_search.py --page [--rounds 15]

With --page, the bank page of bench/pages.py (BANK_QUERY) is requested on the database as
it is (the generated data set), logged in as the first bench user, one request at a time:
a search nobody made lately (the bank's cache given a new generation before each request),
a popular search just after a change to the bank (new generation, then the worker's warm-up)
and the same search repeated. Per request it prints the queries, their SQL time, the web
process's CPU time and the wall time (medians and 95th percentiles).

Everything happens inside one transaction that is rolled back at the end, so the
database is left as it was. For each size it prints the median and 95th percentile
of (a) the search query alone (count + first page, what the GIN index serves) and
(b) the whole bank selector (results, snippets and every facet count), then the
EXPLAIN of a search showing the GIN index (resource_search_idx) in use.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")  # the test client's host

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from networks.models import Network, Topic  # noqa: E402

try:
    from resources.bank_search import BankFilters, bank_page, bank_results  # noqa: E402
except ImportError:  # before the bank's search had a module of its own (to compare)
    from resources.selectors import BankFilters, bank_page, bank_results  # noqa: E402
from resources.tests.factories import bulk_published  # noqa: E402

QUERIES = [
    "scenariusze lekcji matematyki",
    "zrodla historyczne",
    "ortografii",
    "gry dydaktyczne przyroda",
    "zestawienia bibliograficznego czytelnictwa",
    "opis 12345",
]


class Rollback(Exception):
    pass


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(function, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for text in QUERIES:
            started = time.perf_counter()
            function(text)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def search_only(text: str) -> None:
    results = bank_results(BankFilters.from_query({"q": text}))
    results.count()
    list(results[:20])


def whole_page(text: str) -> None:
    bank_page(BankFilters.from_query({"q": text}), 1)


def explain(text: str) -> str:
    results = bank_results(BankFilters.from_query({"q": text}))
    return results[:20].explain(analyze=True)


def report(size: int, rounds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE resources_resource")
    measure(search_only, 1)  # warm the caches
    for label, function in (
        ("search (count + first page)", search_only),
        ("whole bank page", whole_page),
    ):
        timings = measure(function, rounds)
        print(
            f"{size:>7} materials  {label:<28} median {statistics.median(timings):7.1f} ms"
            f"   p95 {percentile(timings, 0.95):7.1f} ms   ({len(timings)} searches)"
        )
    plan = explain("ortografii")
    uses_index = "resource_search_idx" in plan
    print(f"{size:>7} materials  EXPLAIN uses resource_search_idx: {uses_index}")
    for line in plan.splitlines():
        print("           " + line)


def _new_generation(*, warm: bool = False) -> None:
    try:
        from resources.bank_search import bank_cache_invalidate, bank_warm_popular
    except ImportError:
        from resources.selectors import bank_cache_invalidate
    generation = bank_cache_invalidate()
    if warm:  # what the worker does after a change (not timed)
        bank_warm_popular(generation)


def page_report(rounds: int) -> None:
    """The bank page of bench/pages.py, fresh and repeated, one request at a time."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.pages import BANK_QUERY, bench_users

    client = Client()
    client.force_login(bench_users(1)[0])
    url = reverse("resources:bank")
    client.get(url, BANK_QUERY)  # load the dictionaries, warm the connection

    def request(fresh: str) -> tuple[int, float, float, float]:
        if fresh:
            _new_generation(warm=fresh == "warmed")
        with CaptureQueriesContext(connection) as captured:
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.get(url, BANK_QUERY)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        assert response.status_code == 200
        sql = sum(float(query["time"]) for query in captured.captured_queries)
        return len(captured), 1000 * sql, 1000 * cpu, 1000 * wall

    try:
        import resources.bank_search  # noqa: F401
    except ImportError:
        kinds = (("fresh search", "fresh"), ("repeated search", ""))
    else:
        kinds = (
            ("fresh search", "fresh"),
            ("popular, changed", "warmed"),  # the bank changed, the worker counted it again
            ("repeated search", ""),
        )
    for label, fresh in kinds:
        runs = [request(fresh) for _ in range(rounds)]
        counts = sorted({run[0] for run in runs})
        columns = []
        for index, name in ((1, "SQL"), (2, "CPU"), (3, "wall")):
            values = [run[index] for run in runs]
            columns.append(
                f"{name} {statistics.median(values):6.1f} ms (p95 {percentile(values, 0.95):6.1f})"
            )
        print(f"{label:<16} queries {'/'.join(map(str, counts)):>5}   " + "   ".join(columns))
    print(f"load average {os.getloadavg()[0]:.2f}, {rounds} requests each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--page", action="store_true", help="the bank page on the data as it is")
    options = parser.parse_args()
    if options.page:
        page_report(options.rounds)
        return
    sizes = [int(size) for size in options.sizes.split(",")]
    try:
        with transaction.atomic():
            topic = Topic.objects.create(name="Benchmark", slug="benchmark-topic")
            user = User.objects.create_user("benchmark@example.org", display_name="Benchmark")
            network = Network.objects.create(
                name="Benchmark",
                slug="benchmark-network",
                topic=topic,
                description="",
                institution_name="ODN",
                institution_type="teacher_training_centre",
            )
            existing = 0
            for size in sizes:
                started = time.perf_counter()
                bulk_published(network=network, author=user, count=size - existing)
                existing = size
                print(f"inserted up to {size} materials in {time.perf_counter() - started:.1f} s")
                report(size, options.rounds)
            raise Rollback
    except Rollback:
        print("rolled back: the database is as it was")


if __name__ == "__main__":
    main()
