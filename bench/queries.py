"""The query report: SQL queries per page and their time, at one or more data scales.

    .venv/bin/python bench/queries.py                        # the database in DATABASE_URL
    .venv/bin/python bench/queries.py --compare small large  # the data kept by make bench
    .venv/bin/python bench/queries.py --compare small=URL1 large=URL2
    make bench-queries                                       # = --compare small large

Each page of bench/pages.py is requested with Django's test Client under
production settings (DEBUG off, as bench/load.py serves them), logged in as
the first bench user of each role, once to warm up and then RUNS times. Every
query is timed with connection.execute_wrapper and time.perf_counter, so
times are in fractions of a millisecond and the query log of DEBUG (which
costs time itself) is not needed. The process's CPU time is measured too.

Each database is measured in a child process (Django connects to one database
per process) on a fresh copy of it (CREATE DATABASE … TEMPLATE, dropped
afterwards), because "post a reply" really posts (so its on-commit work is
counted) and the kept data must stay as generated. A bare scale name stands
for the embedded PostgreSQL kept by `make bench` under .data/bench-<scale>.
Then the slowest SELECTs of each database with their EXPLAIN (ANALYZE, BUFFERS).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from bench.runs import (  # noqa: E402
    copy_database,
    drop_database,
    kept_database_url,
    production_environment,
)

RUNS = 5
SLOWEST = 5


class QueryTimer:
    """connection.execute_wrapper: each query's SQL, parameters and time (perf_counter)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.queries.append({"sql": sql, "params": params, "many": many, "time": elapsed})


def request(client, page, token: str):
    url = page.url.replace("{token}", token)
    if page.method == "POST":
        return client.post(url, page.data, secure=True)
    return client.get(url, secure=True)


def measure_page(client, page, token: str) -> dict:
    """Warm up once, then RUNS measured requests; the median run's figures."""
    from django.db import connection

    request(client, page, token)
    runs = []
    for _ in range(RUNS):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            cpu, started = time.process_time(), time.perf_counter()
            response = request(client, page, token)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        runs.append(
            {
                "status": response.status_code,
                "count": len(timer.queries),
                "sql_ms": 1000 * sum(q["time"] for q in timer.queries),
                "wall_ms": 1000 * wall,
                "cpu_ms": 1000 * cpu,
                "queries": timer.queries,
            }
        )
    runs.sort(key=lambda run: run["wall_ms"])
    median = runs[len(runs) // 2]
    median["counts"] = sorted({run["count"] for run in runs})
    return median


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure() -> dict:
    """Every page's figures per role and the slowest SELECTs with their plans, for this database."""
    from django.test import Client

    from bench.pages import ROLES, bench_users, pages
    from forums.models import Post

    result = {"pages": {}, "slowest": [], "posts": Post.objects.count()}
    seen = []
    for role in ROLES:
        user = bench_users(1, role)[0]
        client = Client()
        client.force_login(user)
        token = user.calendar_feed.token
        for page in pages():
            if page.name.startswith("ceiling") and role != ROLES[0]:
                continue
            figures = measure_page(client, page, token)
            for query in figures.pop("queries"):
                if not query["many"]:
                    seen.append((query["time"], f"{page.name} | {role}", query))
            result["pages"][f"{page.name} | {role}"] = figures
    selects = sorted(
        (item for item in seen if item[2]["sql"].lstrip().upper().startswith("SELECT")),
        key=lambda item: item[0],
        reverse=True,
    )
    for seconds, name, query in selects[:SLOWEST]:
        result["slowest"].append(
            {
                "page": name,
                "ms": 1000 * seconds,
                "sql": query["sql"],
                "params": repr(query["params"]),
                "plan": explain(query["sql"], query["params"]),
            }
        )
    return result


def print_table(results: dict[str, dict]) -> None:
    labels = list(results)
    names = list(next(iter(results.values()))["pages"])
    header = f"{'page | role':<38}" + "".join(
        f"| {label[:7] + ' queries':>15} {'SQL ms':>7} {'wall ms':>7} {'CPU ms':>7} "
        for label in labels
    )
    print(header)
    print("-" * len(header))
    for name in names:
        line = f"{name:<38}"
        for label in labels:
            figures = results[label]["pages"][name]
            count = "/".join(str(c) for c in figures["counts"])
            flag = "" if figures["status"] < 400 else f" ({figures['status']})"
            line += (
                f"| {count + flag:>15} {figures['sql_ms']:7.2f} {figures['wall_ms']:7.2f} "
                f"{figures['cpu_ms']:7.2f} "
            )
        print(line)
    if len(labels) > 1:
        counts = {
            name: {results[label]["pages"][name]["count"] for label in labels} for name in names
        }
        differing = [name for name, values in counts.items() if len(values) > 1]
        print(
            "\nQuery counts equal at every scale." if not differing else f"\nDIFFERENT: {differing}"
        )


def print_slowest(results: dict[str, dict]) -> None:
    for label, result in results.items():
        print(f"\n=== Slowest SELECTs at {label} ({result['posts']:,} posts) ===")
        for item in result["slowest"]:
            print(
                f"\n--- {item['page']}: {item['ms']:.2f} ms\n{item['sql']}\n"
                f"params: {item['params']}\n\n{item['plan']}"
            )


def measure_in_child(url: str) -> dict:
    """Run this script against a copy of one database in a child process and read its JSON."""
    copy = copy_database(url, suffix="queries")
    env = {**os.environ, **production_environment("127.0.0.1:8765"), "DATABASE_URL": copy}
    try:
        # Production settings serve static files from the manifest that collectstatic writes.
        subprocess.run(  # noqa: S603 (our own fixed commands)
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            env=env,
            check=True,
            cwd=BASE_DIR,
        )
        output = subprocess.run(  # noqa: S603 (our own fixed commands)
            [sys.executable, __file__, "--json"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=BASE_DIR,
        ).stdout
    finally:
        drop_database(copy)
    return json.loads(output.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--compare", nargs="+", metavar="LABEL=DATABASE_URL", help="or a scale kept by make bench"
    )
    parser.add_argument("--json", action="store_true", help="print one line of JSON (internal)")
    args = parser.parse_args()
    if args.json:
        import django

        django.setup()
        print(json.dumps(measure(), default=str))
        return 0
    targets = {}
    for item in args.compare or []:
        label, _, url = item.partition("=")
        targets[label] = url or kept_database_url(label)
    if not targets:
        if not os.environ.get("DATABASE_URL"):
            raise SystemExit("Set DATABASE_URL or use --compare small large")
        targets["this database"] = os.environ["DATABASE_URL"]
    results = {label: measure_in_child(url) for label, url in targets.items()}
    print_table(results)
    print_slowest(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
