"""Our thread page against django-spirit 0.14.3's topic page, measured the same way.

`make bench-spirit` (DATABASE_URL: the kept large data, e.g. the system PostgreSQL's
sieci_prof_large; Spirit in .venv-spirit from requirements-spirit.txt).

The same data: the big thread of the large data set (1,000 posts, 30 a page), its
middle page (17 of 34) read by a plain member of the bench network; Spirit gets a
topic holding the same 1,000 posts (text, authors' names, dates) and 30 comments a
page (bench/spirit: a minimal Spirit project and its `seed_bench_topic` command), its
middle page read by a plain logged-in user. The same server: gunicorn with the
project's gunicorn.conf.py (workers, threads, connections, keep-alive), PostgreSQL
with persistent connections, a Redis started for this bench alone (cache and cached
sessions for both). The same load and meters as bench/load.py (locust's PageUser,
BENCH_CONCURRENCY=8 users, closed loop, BENCH_SECONDS each; Meter's server CPU per
request from /proc: gunicorn's process tree, the database's backends) plus the
private Redis's CPU. Each server starts fresh for its run, gets its warm-up
requests, then the load; the two alternate (ours first in odd rounds, Spirit first
in even ones) for BENCH_ROUNDS rounds on one machine, so a noisy neighbour hurts
both. Before each run the page is fetched once and checked: status 200, no
redirect (to a login page), the middle page's first and last post's text in it.

Both databases are made for the run and dropped after it: ours a copy of the kept
one (CREATE DATABASE … TEMPLATE: nobody may be connected to it), Spirit's created
empty, migrated and seeded.

Settings (environment): BENCH_ROUNDS (3), BENCH_SECONDS (20), BENCH_CONCURRENCY (8),
BENCH_PORT (8766), SPIRIT_PYTHON (.venv-spirit/bin/python), BENCH_RESULTS (where to
write the JSON; .data/bench-spirit.json, each page as checked beside it:
bench-spirit-ours.html, bench-spirit-spirit.html), BENCH_KEEP_DATABASES.
"""

import html
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

os.environ.setdefault("BENCH_PORT", "8766")  # not `make bench`'s port: both may run
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load  # noqa: E402
from bench.load import (  # noqa: E402
    CONCURRENCY,
    HOST,
    SECONDS,
    DatabaseCpu,
    Meter,
    headers,
    read_failures,
    read_stats,
    run,
    run_locust,
    start_server,
    tree_cpu,
    warm_up,
)
from bench.runs import (  # noqa: E402
    admin,
    copy_database,
    drop_database,
    production_environment,
    with_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
SPIRIT_DIR = BASE_DIR / "bench" / "spirit"
SPIRIT_PYTHON = os.environ.get("SPIRIT_PYTHON", str(BASE_DIR / ".venv-spirit" / "bin" / "python"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
RESULTS = Path(os.environ.get("BENCH_RESULTS", BASE_DIR / ".data" / "bench-spirit.json"))
# BENCH_KEEP_DATABASES=1 keeps both databases after the run (to look at them; dropped by the next).
KEEP = os.environ.get("BENCH_KEEP_DATABASES") == "1"
OURS, SPIRIT = "ours: thread page", "Spirit: topic page"
# BENCH_UNCACHED=1 adds a third server: ours with its fragment caches off (DummyCache),
# every piece of the page rendered afresh for every request, as Spirit renders its page.
UNCACHED = "ours: thread page, no fragment cache"
UNCACHED_TOO = os.environ.get("BENCH_UNCACHED") == "1"
LABELS = {OURS: "ours", SPIRIT: "Spirit", UNCACHED: "ours uncached"}
ROLE = "member"  # a plain participant: no moderation controls, as Spirit's plain user


class RedisMeter(Meter):
    """bench/load.py's Meter, plus the CPU of the bench's own Redis server."""

    def __init__(self, server_pid, database, access_log, redis_pid: int):
        super().__init__(server_pid, database, access_log)
        self.redis_pid = redis_pid

    def open(self) -> None:
        super().open()
        self.redis = tree_cpu(self.redis_pid)

    def close(self, locust_cpu: float) -> dict:
        costs = super().close(locust_cpu)
        costs["redis_cpu_ms"] = (
            1000 * (tree_cpu(self.redis_pid) - self.redis) / max(costs["served"], 1)
        )
        return costs


def start_redis(folder: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = shutil.which("redis-server")
    if not server:
        raise SystemExit("No redis-server: the bench starts its own (apt install redis-server)")
    redis = subprocess.Popen(  # noqa: S603
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return redis, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("redis-server did not start")


def spirit(*args: str, env: dict) -> None:
    subprocess.run([SPIRIT_PYTHON, "manage.py", *args], cwd=SPIRIT_DIR, env=env, check=True)  # noqa: S603


def export_thread(path: Path) -> tuple[str, list[str]]:
    """Our big thread as JSON for `seed_bench_topic`; (its middle page's URL, texts it must show)."""
    from bench.pages import big_thread, pages

    thread = big_thread()
    posts = [
        {"author": str(post.author), "body": post.body, "created_at": post.created_at.isoformat()}
        for post in thread.posts.select_related("author").order_by("number")
    ]
    data = {"title": thread.title, "posts": posts, "readers": CONCURRENCY}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    url = next(page.url for page in pages() if page.name == "thread page (middle)")
    middle = int(url.rsplit("=", 1)[1])
    return url, [posts[(middle - 1) * 30]["body"], posts[min(middle * 30, len(posts)) - 1]["body"]]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the login page) is an HTTPError: the check fails


def check_page(url: str, login: dict, expect: list[str], keep: Path) -> int:
    """The page really rendered for a logged-in reader (kept in `keep`); its size in bytes."""
    request = urllib.request.Request(f"http://{HOST}{url}", headers=headers(login))
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url}: HTTP {error.code} {error.headers.get('Location', '')}") from None
    keep.write_bytes(body)
    text = html.unescape(body.decode("utf-8"))
    assert status == 200, f"{url}: HTTP {status}"
    for post in expect:
        first_line = post.strip().splitlines()[0][:60]
        assert first_line in text, f"{url}: {first_line!r} not in the page"
    return len(body)


def side(name, slug, plan, expect, database_url, folder, env=None, command=None, **server):
    """One server and page to measure: its plan file for locust, how to start and check it."""
    plan_path = folder / f"{slug}-plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    return {
        "name": name,
        "label": LABELS[name],
        "slug": slug,
        "page": name,
        "plan": plan_path,
        "url": plan["pages"][0]["url"],
        "expect": expect,
        "env": env,
        "command": command,
        "cwd": server.get("cwd", BASE_DIR),
        "ready": server.get("ready", load.PING_PATH),
        "database": DatabaseCpu(database_url),
        "login": plan["logins"][ROLE][0],
    }


def measure(side: dict, round_folder: Path, redis_pid: int) -> dict:
    log_path = round_folder / f"{side['slug']}-gunicorn.log"
    server = start_server(log_path, side["command"], side["cwd"], side["env"], side["ready"])
    try:
        login = side["login"]
        size = check_page(
            side["url"],
            login,
            side["expect"],
            RESULTS.with_name(f"bench-spirit-{side['slug']}.html"),
        )
        warm_up([side["url"]], login)
        meter = RedisMeter(server.pid, side["database"], log_path, redis_pid)
        prefix, costs = run_locust(
            side["plan"], side["page"], ROLE, CONCURRENCY, SECONDS, round_folder, meter
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    if prefix is None:
        raise SystemExit(f"{side['name']}: locust failed")
    result = read_stats(prefix)[side["page"]] | costs
    result["bytes"] = size
    result["failures"] = read_failures(prefix)
    result["server_cpu_ms"] = result["app_cpu_ms"] + result["pg_cpu_ms"]
    return result


HEADER = (
    f"{'round':<6} {'page':<20} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>8} "
    f"{'app CPU':>8} {'PG CPU':>7} {'app+PG':>7} {'Redis':>6} {'locust':>7} {'load':>5}"
)


def line(label: str, name: str, r: dict) -> str:
    errors = f"{r['errors']}/{r['requests']}"
    return (
        f"{label:<6} {name:<20} {r['rps']:7.1f} {r['p50']:7.0f} {r['p95']:7.0f} {errors:>8} "
        f"{r['app_cpu_ms']:8.2f} {r['pg_cpu_ms']:7.2f} {r['server_cpu_ms']:7.2f} "
        f"{r['redis_cpu_ms']:6.2f} {r['locust_cpu_ms']:7.2f} {r['load_average']:5.1f}"
    )


def ratios(rounds: list[dict], ours: str) -> dict:
    """Spirit's CPU per request over ours, our req/s over Spirit's: per round (each pair
    measured close together), and their median."""
    cpu = [r[SPIRIT]["server_cpu_ms"] / r[ours]["server_cpu_ms"] for r in rounds]
    rps = [r[ours]["rps"] / r[SPIRIT]["rps"] for r in rounds]
    print(
        f"{LABELS[ours]}: server CPU per request (app + PostgreSQL) Spirit / ours = "
        f"{statistics.median(cpu):.2f} (rounds: {', '.join(f'{x:.2f}' for x in cpu)}); "
        f"throughput ours / Spirit = {statistics.median(rps):.2f} "
        f"(rounds: {', '.join(f'{x:.2f}' for x in rps)})"
    )
    return {
        "spirit_cpu_over_ours": statistics.median(cpu),
        "ours_rps_over_spirit": statistics.median(rps),
        "per_round_cpu": cpu,
        "per_round_rps": rps,
    }


def report(rounds: list[dict]) -> dict:
    keys = ("rps", "p50", "p95", "app_cpu_ms", "pg_cpu_ms", "server_cpu_ms", "redis_cpu_ms")
    names = list(rounds[0])
    medians = {
        name: {key: statistics.median(r[name][key] for r in rounds) for key in keys}
        | {
            "errors": sum(r[name]["errors"] for r in rounds),
            "requests": sum(r[name]["requests"] for r in rounds),
            "locust_cpu_ms": statistics.median(r[name]["locust_cpu_ms"] for r in rounds),
            "load_average": max(r[name]["load_average"] for r in rounds),
        }
        for name in names
    }
    print(f"\n{HEADER}\n{'-' * len(HEADER)}")
    for name in names:
        print(line("median", LABELS[name], medians[name]))
    print()
    return {
        "medians": medians,
        "ratios": {name: ratios(rounds, name) for name in names if name != SPIRIT},
    }


def main() -> int:
    if not Path(SPIRIT_PYTHON).exists():
        raise SystemExit(f"No {SPIRIT_PYTHON}: make bench-spirit makes it")
    os.environ.update(production_environment(HOST))
    kept_url = os.environ["DATABASE_URL"]
    kept = kept_url.rsplit("/", 1)[1]
    ours_url = copy_database(kept_url, suffix="spirit_ours")
    spirit_url = with_database(kept_url, f"{kept}_spirit_forum")
    admin(kept_url, f'DROP DATABASE IF EXISTS "{spirit_url.rsplit("/", 1)[1]}" WITH (FORCE)')
    admin(kept_url, f'CREATE DATABASE "{spirit_url.rsplit("/", 1)[1]}"')
    folder = Path(tempfile.mkdtemp(prefix="bench-spirit-"))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    redis, redis_port = start_redis(folder)
    try:
        os.environ["DATABASE_URL"] = ours_url
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        run("manage.py", "migrate", "--no-input", "-v", "0")
        run("manage.py", "collectstatic", "--no-input", "-v", "0")
        plan = load.login_plan()
        thread_path = folder / "thread.json"
        url, expect = export_thread(thread_path)
        from django.db import connection

        connection.close()
        ours_plan = {
            **plan,
            "logins": {ROLE: plan["logins"][ROLE][:CONCURRENCY]},
            "pages": [{"name": OURS, "url": url, "method": "GET", "data": {}}],
        }

        spirit_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "spirit_bench.settings",
            "DATABASE_URL": spirit_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/1",
            "STATIC_ROOT": str(folder / "spirit-static"),
            "MEDIA_ROOT": str(folder / "spirit-media"),
            "SEARCH_PATH": str(folder / "spirit-search"),
        }
        started = time.perf_counter()
        spirit("migrate", "--no-input", "-v", "0", env=spirit_env)
        spirit("collectstatic", "--no-input", "-v", "0", env=spirit_env)
        spirit_plan_path = folder / "spirit-seed.json"
        spirit("seed_bench_topic", str(thread_path), "--out", str(spirit_plan_path), env=spirit_env)
        seeded = json.loads(spirit_plan_path.read_text(encoding="utf-8"))
        print(f"Spirit migrated and seeded in {time.perf_counter() - started:.0f} s", flush=True)
        spirit_plan = {
            **ours_plan,
            "logins": {ROLE: seeded["logins"]},
            "pages": [{"name": SPIRIT, "url": seeded["url"], "method": "GET", "data": {}}],
            "mixed": {},
        }
        spirit_command = [SPIRIT_PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        sides = [
            side(OURS, "ours", ours_plan, expect, ours_url, folder),
            side(
                SPIRIT,
                "spirit",
                spirit_plan,
                seeded["expect"],
                spirit_url,
                folder,
                env=spirit_env,
                command=[*spirit_command, "spirit_bench.wsgi"],
                cwd=SPIRIT_DIR,
                ready="/",
            ),
        ]
        if UNCACHED_TOO:
            uncached_plan = {**ours_plan, "pages": [{**ours_plan["pages"][0], "name": UNCACHED}]}
            uncached_env = {**os.environ, "BENCH_NO_FRAGMENTS": "1"}
            sides.append(
                side(UNCACHED, "uncached", uncached_plan, expect, ours_url, folder, uncached_env)
            )

        print(
            f"\n{load.settings_line()}; {CONCURRENCY} users, {SECONDS} s a run, {ROUNDS} rounds; "
            f"{os.cpu_count()} CPUs\nours: {url}\nSpirit: {seeded['url']}\n"
            f"CPU per request in ms: app = gunicorn's processes, PG = the database's backends, "
            f"Redis = the bench's own Redis server, locust = the load generator"
        )
        print(f"\n{HEADER}\n{'-' * len(HEADER)}", flush=True)
        rounds = []
        for number in range(1, ROUNDS + 1):
            round_folder = folder / f"round{number}"
            round_folder.mkdir()
            results = {}
            # Each round starts with the next side: each goes first as often as the others.
            first = (number - 1) % len(sides)
            for each in sides[first:] + sides[:first]:
                results[each["name"]] = measure(each, round_folder, redis.pid)
                print(line(str(number), each["label"], results[each["name"]]), flush=True)
            rounds.append(results)
        summary = report(rounds)
        RESULTS.write_text(
            json.dumps(
                {
                    "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                    "server": load.settings_line(),
                    "seconds": SECONDS,
                    "concurrency": CONCURRENCY,
                    "urls": {each["name"]: each["url"] for each in sides},
                    "rounds": rounds,
                    **summary,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        print(f"\nResults in {RESULTS}")
        failures = [f for r in rounds for side in r.values() for f in side["failures"]]
        for failure in failures[:10]:
            print(f"  {failure}")
        return 1 if failures else 0
    finally:
        redis.terminate()
        redis.wait(timeout=30)
        if not KEEP:
            drop_database(ours_url)
            drop_database(spirit_url)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
