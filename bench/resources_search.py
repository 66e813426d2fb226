"""Benchmark: search latency of the bank of good practices at 20,000 and 100,000 materials.

Run:  DATABASE_URL=postgres://… .venv/bin/python bench/resources_search.py [--rounds 15]

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

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from networks.models import Network, Topic  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--sizes", default="20000,100000")
    options = parser.parse_args()
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
