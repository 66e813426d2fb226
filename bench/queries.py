"""The query report: SQL queries per page and their time, at one or more data scales.

    .venv/bin/python bench/queries.py                       # the database in DATABASE_URL
    .venv/bin/python bench/queries.py --compare small=URL1 large=URL2

Each page of bench/pages.py is requested with Django's test Client inside this
process, logged in as the first bench user, once to warm up and then RUNS times;
CaptureQueriesContext counts the queries and sums their time. With --compare,
each database is measured in a child process (Django connects to one database
per process) and the figures are printed side by side, then the slowest SELECTs
of each database with their EXPLAIN (ANALYZE, BUFFERS) plans.

The "post a reply" page really posts (a few replies per run in a thread that the
thread page does not show), so that its on-commit work is counted too.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RUNS = 3
SLOWEST = 5


def setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DEBUG", "1")  # no collectstatic needed; query counts are the same
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    import django

    django.setup()


def request(client, page, token: str):
    url = page.url.replace("{token}", token)
    if page.method == "POST":
        return client.post(url, page.data)
    return client.get(url)


def measure_page(client, page, token: str) -> dict:
    """Warm up once, then RUNS measured requests; the median run's figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request(client, page, token)
    runs = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request(client, page, token)
            wall = time.perf_counter() - started
        queries = captured.captured_queries
        runs.append(
            {
                "status": response.status_code,
                "count": len(queries),
                "sql_ms": 1000 * sum(float(q["time"]) for q in queries),
                "wall_ms": 1000 * wall,
                "queries": queries,
            }
        )
    runs.sort(key=lambda run: run["wall_ms"])
    median = runs[len(runs) // 2]
    median["counts"] = sorted({run["count"] for run in runs})
    return median


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def measure() -> dict:
    """Every page's figures and the slowest SELECTs with their plans, for this database."""
    from django.test import Client

    from bench.pages import bench_users, pages
    from forums.models import Post

    user = bench_users(1)[0]
    client = Client()
    client.force_login(user)
    token = user.calendar_feed.token
    result = {"pages": {}, "slowest": [], "posts": Post.objects.count()}
    seen = []
    for page in pages():
        figures = measure_page(client, page, token)
        for query in figures.pop("queries"):
            seen.append((float(query["time"]), page.name, query["sql"]))
        result["pages"][page.name] = figures
    selects = sorted((q for q in seen if q[2].lstrip().upper().startswith("SELECT")), reverse=True)
    for seconds, name, sql in selects[:SLOWEST]:
        result["slowest"].append(
            {"page": name, "ms": 1000 * seconds, "sql": sql, "plan": explain(sql)}
        )
    return result


def print_table(results: dict[str, dict]) -> None:
    labels = list(results)
    names = list(next(iter(results.values()))["pages"])
    header = f"{'page':<26}" + "".join(
        f"| {label + ' queries':>14} {'SQL ms':>8} {'wall ms':>8} " for label in labels
    )
    print(header)
    print("-" * len(header))
    for name in names:
        line = f"{name:<26}"
        for label in labels:
            figures = results[label]["pages"][name]
            count = "/".join(str(c) for c in figures["counts"])
            flag = "" if figures["status"] < 400 else f" ({figures['status']})"
            line += f"| {count + flag:>14} {figures['sql_ms']:8.1f} {figures['wall_ms']:8.1f} "
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
            print(f"\n--- {item['page']}: {item['ms']:.1f} ms\n{item['sql']}\n\n{item['plan']}")


def measure_in_child(url: str) -> dict:
    """Run this script against one database in a child process and read its JSON."""
    env = {**os.environ, "DATABASE_URL": url}
    output = subprocess.run(  # noqa: S603 (our own fixed commands)
        [sys.executable, __file__, "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    ).stdout
    return json.loads(output.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--compare", nargs="+", metavar="LABEL=DATABASE_URL")
    parser.add_argument("--json", action="store_true", help="print one line of JSON (internal)")
    args = parser.parse_args()
    if args.compare:
        results = {}
        for item in args.compare:
            label, url = item.split("=", 1)
            results[label] = measure_in_child(url)
    else:
        setup_django()
        result = measure()
        if args.json:
            print(json.dumps(result))
            return 0
        results = {"this database": result}
    print_table(results)
    print_slowest(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
