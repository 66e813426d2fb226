"""The load benchmark, end to end: `make bench` (or BENCH_SCALE=large make bench).

Steps: migrate, generate the data (kept if the database already holds that
scale as generated), collectstatic; copy the kept database (CREATE DATABASE …
TEMPLATE) so that every run starts from the generated state and nothing a run
writes stays; start gunicorn on the copy with production settings (DEBUG off,
random SECRET_KEY, gunicorn.conf.py); log the bench users in by creating their
sessions directly in the database; then

1. each page alone, closed loop, once as a coordinator of the bench network
   and once as a plain member: its requests per second, latency, errors and —
   because the machine may be shared and noisy — the server's CPU time per
   request (gunicorn's processes and PostgreSQL's, read from /proc before and
   after the page's run), the minimal "ping" view being the ceiling;
2. the mixed load: BENCH_USERS people (50) moving between pages (reading
   threads, searching the bank, opening meetings, posting) with a think time,
   for BENCH_MIXED_SECONDS: throughput, p50/p95/p99, errors, CPU per request.

Each result is printed and written to bench-results.json as soon as it is
measured, so a failure loses nothing already measured; a locust that fails
has its stderr printed.

Settings (environment): BENCH_SCALE (small), BENCH_SECONDS per page and role
(20), BENCH_CONCURRENCY simulated users per page (8), BENCH_USERS (50),
BENCH_MIXED_SECONDS (60), BENCH_THINK think time in seconds "min,max" (0.5,1.5),
BENCH_PAGES (comma-separated page names or "none", default all), BENCH_PORT
(8765), BENCH_LOCUST (the locust command, default "python -m locust"),
WEB_CONCURRENCY, GUNICORN_THREADS… as for production. DATABASE_URL must be set
(the Makefile target starts an embedded PostgreSQL under .data/bench-<scale>).
"""

import csv
import json
import os
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.runs import copy_database, drop_database, production_environment  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCALE = os.environ.get("BENCH_SCALE", "small")
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
MIXED_USERS = int(os.environ.get("BENCH_USERS", "50"))
MIXED_SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "60"))
THINK = os.environ.get("BENCH_THINK", "0.5,1.5")
PAGES = os.environ.get("BENCH_PAGES", "")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"127.0.0.1:{PORT}"
LOCUST = shlex.split(os.environ.get("BENCH_LOCUST", "")) or [PYTHON, "-m", "locust"]
TICK = os.sysconf("SC_CLK_TCK")
MIXED = "mixed load"
PING_PATH = "/bench/ping/"


def run(*args: str, **env: str) -> None:
    environment = {**os.environ, **env}
    subprocess.run([PYTHON, *args], cwd=BASE_DIR, env=environment, check=True)  # noqa: S603


def prepare() -> None:
    started = time.perf_counter()
    run("manage.py", "migrate", "--no-input", "-v", "0")
    # generate_data refuses to run without DEBUG (it may empty the tables).
    run("manage.py", "generate_data", "--scale", SCALE, "--seed", "1", "--keep", DEBUG="1")
    run("manage.py", "collectstatic", "--no-input", "-v", "0")
    print(f"Prepared in {time.perf_counter() - started:.0f} s", flush=True)


# --- CPU time of the server's processes, from /proc ----------------------------------------------


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and of its children it has waited for)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the name: state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based in proc(5).
    return int(fields[1]), sum(int(value) for value in fields[11:15]) / TICK


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process and all its descendants.

    Children that exited and were waited for are in their parent's cutime and
    cstime, so the difference of two readings is the tree's CPU between them,
    however many processes came and went (gunicorn recycles workers,
    PostgreSQL starts backends per connection).
    """
    stats = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (stat := _stat(int(entry.name))):
            stats[int(entry.name)] = stat
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        if pid in stats:
            total += stats[pid][1]
            stack += [child for child, (parent, _cpu) in stats.items() if parent == pid]
    return total


class DatabaseCpu:
    """PostgreSQL's CPU: the whole server of an embedded database, else this database's backends."""

    def __init__(self, url: str):
        host = unquote(urlsplit(url).hostname or "")
        pid_file = Path(host) / "postmaster.pid" if host.startswith("/") else None
        self.postmaster = int(pid_file.read_text().split()[0]) if pid_file else None
        self.url = url
        self.what = (
            "PostgreSQL: the embedded server's processes"
            if self.postmaster
            else "PostgreSQL: this database's backends (pg_stat_activity)"
        )
        self.last: dict[int, float] | None = None

    def backends(self) -> dict[int, float]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            pids = connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            ).fetchall()
        return {pid: stat[1] for (pid,) in pids if (stat := _stat(pid))}

    def used_since_last(self) -> float:
        """CPU seconds since the previous call (the first call starts counting)."""
        # Without the postmaster, backends that end between readings are lost (Django
        # keeps its connections, so there are few).
        now = {0: tree_cpu(self.postmaster)} if self.postmaster else self.backends()
        # A backend that started since the last reading counts from zero.
        used = sum(cpu - (self.last or {}).get(pid, 0.0) for pid, cpu in now.items())
        first, self.last = self.last is None, now
        return 0.0 if first else used


class Meter:
    """What one run cost the server (gunicorn + PostgreSQL) and the load generator.

    The window opens with the server idle and closes once it is idle again, so
    requests still in flight when locust stops are served inside it; the
    requests counted are the lines gunicorn's access log gained in the window,
    each with its time in the server (%(D)s), so CPU per request divides by what
    the server really did. Locust's CPU is counted from its first request on,
    without its start-up.
    """

    def __init__(self, server_pid: int, database: DatabaseCpu, access_log: Path):
        self.server_pid, self.database, self.access_log = server_pid, database, access_log

    def open(self) -> None:
        self.wait_until_idle()  # the warm-up's last log lines may still be on their way
        self.offset = self.access_log.stat().st_size
        self.database.used_since_last()
        self.app = tree_cpu(self.server_pid)
        self.load = os.getloadavg()[0]
        self.locust_started = None

    def serving(self) -> bool:
        return self.access_log.stat().st_size > self.offset

    def locust_at_first_request(self, pid: int) -> None:
        stat = _stat(pid)
        self.locust_started = stat[1] if stat else 0.0

    def wait_until_idle(self) -> None:
        """Until the access log has not grown for a second: the last requests are served."""
        size, still = self.access_log.stat().st_size, 0
        for _ in range(600):
            time.sleep(0.1)
            now = self.access_log.stat().st_size
            still = still + 1 if now == size else 0
            size = now
            if still >= 10:
                return

    def close(self, locust_cpu: float) -> dict:
        self.wait_until_idle()
        app = tree_cpu(self.server_pid) - self.app
        pg = self.database.used_since_last()
        with open(self.access_log, "rb") as log:
            log.seek(self.offset)
            lines = log.read().decode("utf-8", "replace").splitlines()
        served = [line.rsplit(" ", 2)[1:] for line in lines if line.startswith("ACCESS ")]
        durations = sorted(int(micros) / 1000 for _pid, micros in served)
        per_worker = Counter(pid for pid, _micros in served)
        n = max(len(durations), 1)
        return {
            "served": len(durations),
            "app_cpu_ms": 1000 * app / n,
            "pg_cpu_ms": 1000 * pg / n,
            "locust_cpu_ms": 1000 * (locust_cpu - (self.locust_started or 0.0)) / n,
            "server_p50": percentile(durations, 50),
            "server_p95": percentile(durations, 95),
            "per_worker": sorted(per_worker.values()),
            "load_average": max(self.load, os.getloadavg()[0]),
        }


def percentile(values: list[float], p: int) -> float:
    return values[min(len(values) - 1, len(values) * p // 100)] if values else 0.0


# --- sessions and the plan -----------------------------------------------------------------------


def login_plan() -> dict:
    """Sessions for the bench users of both roles, created in the database, and the pages."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.utils.crypto import get_random_string

    from bench.pages import ROLES, bench_users, mixed_plan, pages

    logins = {}
    users = max(CONCURRENCY, (MIXED_USERS + 1) // 2)
    for role in ROLES:
        logins[role] = []
        for user in bench_users(users, role):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            logins[role].append(
                {
                    "session": session.session_key,
                    "csrf": get_random_string(32),  # an unmasked CSRF secret: cookie and form value
                    "calendar_token": user.calendar_feed.token,
                }
            )
    plan = {
        "host": HOST,
        "logins": logins,
        "pages": [vars(page) for page in pages()],
        "mixed": mixed_plan(),
        "think": [float(value) for value in THINK.split(",")],
    }
    connection.close()
    return plan


# --- gunicorn and locust -------------------------------------------------------------------------


def headers(login: dict) -> dict:
    return {
        "Cookie": f"sessionid={login['session']}; csrftoken={login['csrf']}",
        "X-Forwarded-Proto": "https",
    }


def start_server(
    log_path: Path,
    command: list[str] | None = None,
    cwd: Path = BASE_DIR,
    env: dict | None = None,
    ready: str = PING_PATH,
) -> subprocess.Popen:
    """gunicorn (ours, or `command`: bench/spirit_compare.py's Spirit), once `ready` answers."""
    log = open(log_path, "w")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen(  # noqa: S603 (our own fixed commands)
        [
            *(command or [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]),
            # One line per request with its time in the server (µs), read by Meter.
            *["--access-logformat", 'ACCESS "%(r)s" %(s)s %(p)s %(D)s'],
        ],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(  # noqa: S310 (our own loopback server)
                urllib.request.Request(
                    f"http://{HOST}{ready}", headers={"X-Forwarded-Proto": "https"}
                ),
                timeout=2,
            ):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {log_path}") from None
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer; see {log_path}")


def warm_up(urls: list[str], login: dict) -> None:
    """A few requests to every worker first, outside the measurement (caches, connections)."""

    def fetch(url: str) -> None:
        request = urllib.request.Request(f"http://{HOST}{url}", headers=headers(login))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()
        except OSError:
            pass  # failures are counted by the measured run

    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        # Each URL once, and at least two requests per simulated user.
        count = max(len(urls), 2 * CONCURRENCY)
        list(pool.map(fetch, [urls[i % len(urls)] for i in range(count)]))


def slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name)


def run_locust(
    plan_path: Path, name: str, role: str, users: int, seconds: int, folder: Path, meter: Meter
):
    """One headless locust run, measured: (its CSV prefix or None when it failed, the costs)."""
    prefix = folder / slug(f"{name}-{role}")
    log_path = folder / f"{slug(f'{name}-{role}')}.log"
    command = [
        *LOCUST,
        "-f",
        "bench/locustfile.py",
        "--headless",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds}s",
        "--host",
        f"http://{HOST}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "MixedUser" if name == MIXED else "PageUser",
    ]
    environment = {**os.environ, "BENCH_PLAN": str(plan_path), "BENCH_PAGE": name}
    environment["BENCH_ROLE"] = role
    before = children_cpu()
    meter.open()
    with open(log_path, "w") as log:
        locust = subprocess.Popen(  # noqa: S603 (our own fixed commands)
            command, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        while locust.poll() is None:
            if meter.locust_started is None and meter.serving():
                meter.locust_at_first_request(locust.pid)
            time.sleep(0.05)
    costs = meter.close(children_cpu() - before)
    stats = Path(f"{prefix}_stats.csv")
    # Locust exits with 1 when a request failed: that is counted, not a crash.
    if locust.returncode not in (0, 1) or not stats.exists():
        print(f"    locust failed (exit {locust.returncode}); its output:", flush=True)
        print(log_path.read_text(errors="replace")[-4000:], flush=True)
        return None, costs
    return prefix, costs


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_stats(prefix: Path) -> dict[str, dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    return {
        name: {
            "rps": float(row["Requests/s"]),
            "p50": float(row["50%"]),
            "p95": float(row["95%"]),
            "p99": float(row["99%"]),
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
        }
        for name, row in rows.items()
    }


def read_failures(prefix: Path) -> list[str]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as failures:
        return [
            f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}"
            for row in csv.DictReader(failures)
        ]


# --- the report ----------------------------------------------------------------------------------

HEADER = (
    f"{'page':<24} {'role':<11} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>9} "
    f"{'app CPU':>8} {'PG CPU':>7} {'locust':>7} {'of ceiling':>10}"
)


def table_line(name: str, role: str, r: dict, ceiling_cpu: float | None) -> str:
    if r.get("failed"):
        return f"{name:<24} {role:<11} locust failed (see above)"
    cpu = r["app_cpu_ms"] + r["pg_cpu_ms"]
    share = f"{ceiling_cpu / cpu:10.0%}" if ceiling_cpu and cpu else f"{'':>10}"
    errors = f"{r['errors']}/{r['requests']}"
    return (
        f"{name:<24} {role:<11} {r['rps']:7.1f} {r['p50']:7.0f} {r['p95']:7.0f} {errors:>9} "
        f"{r['app_cpu_ms']:8.2f} {r['pg_cpu_ms']:7.2f} {r['locust_cpu_ms']:7.2f} {share}"
    )


def settings_line() -> str:
    # gunicorn.conf.py's values as this environment gives them (WEB_CONCURRENCY…).
    namespace = {"__file__": str(BASE_DIR / "gunicorn.conf.py")}
    exec((BASE_DIR / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 (our own file)
    keys = ("workers", "threads", "worker_connections", "keepalive")
    values = ", ".join(f"{key} {namespace[key]}" for key in keys if key in namespace)
    pool = os.environ.get("DATABASE_POOL_SIZE", "0")
    pool = f"{pool} per process" if pool != "0" else "off"
    return f"gunicorn {values}; database pool {pool}"


def measure_pages(plan: dict, plan_path: Path, folder: Path, meter: Meter, results, save):
    """Each page alone, per role; each result into `results` and saved as soon as measured."""
    wanted = {name.strip() for name in PAGES.split(",") if name.strip()}
    print(f"\n{HEADER}\n{'-' * len(HEADER)}", flush=True)
    ceiling_cpu = None
    for page in plan["pages"]:
        if wanted and page["name"] not in wanted and not page["name"].startswith("ceiling"):
            continue
        for role in ["coordinator"] if page["name"].startswith("ceiling") else plan["logins"]:
            login = plan["logins"][role][0]
            if page["method"] == "GET":
                warm_up([page["url"].replace("{token}", login["calendar_token"])], login)
            prefix, costs = run_locust(
                plan_path, page["name"], role, CONCURRENCY, SECONDS, folder, meter
            )
            if prefix is None:
                result = {"failed": True, **costs}
            else:
                result = read_stats(prefix)[page["name"]] | costs
                result["failures"] = read_failures(prefix)
            if page["name"].startswith("ceiling") and not result.get("failed"):
                ceiling_cpu = result["app_cpu_ms"] + result["pg_cpu_ms"]
            results[f"{page['name']} | {role}"] = result
            print(table_line(page["name"], role, result, ceiling_cpu), flush=True)
            save()
    for key, result in results.items():
        for failure in result.get("failures", [])[:5]:
            print(f"  {key}: {failure}")


def measure_mixed(plan: dict, plan_path: Path, folder: Path, meter: Meter) -> dict:
    low, high = plan["think"]
    print(
        f"\nMixed load: {MIXED_USERS} people (half coordinators, half members), "
        f"think time {low}–{high} s, {MIXED_SECONDS} s",
        flush=True,
    )
    mixed = plan["mixed"]
    login = plan["logins"]["member"][0]
    warm_up([url for kind in ("read", "search", "meeting") for url in mixed[kind]], login)
    prefix, costs = run_locust(plan_path, MIXED, "both", MIXED_USERS, MIXED_SECONDS, folder, meter)
    if prefix is None:
        return {"failed": True, **costs}
    stats = read_stats(prefix)
    total = stats.pop("Aggregated")
    result = {**total, **costs, "by_kind": stats}
    result["failures"] = read_failures(prefix)
    header = f"{'what':<16} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>9}"
    print(f"\n{header}\n{'-' * len(header)}")
    for name, r in [*stats.items(), ("all", total)]:
        errors = f"{r['errors']}/{r['requests']}"
        print(
            f"{name:<16} {r['rps']:7.1f} {r['p50']:7.0f} {r['p95']:7.0f} {r['p99']:7.0f} "
            f"{errors:>9}"
        )
    print(
        f"\nServer CPU per request: app {result['app_cpu_ms']:.2f} ms, "
        f"PostgreSQL {result['pg_cpu_ms']:.2f} ms; locust {result['locust_cpu_ms']:.2f} ms; "
        f"load average up to {result['load_average']:.1f}\n"
        f"Time in gunicorn (from a worker thread taking the request to its response): "
        f"p50 {result['server_p50']:.0f} ms, p95 {result['server_p95']:.0f} ms; "
        f"the rest of the time locust measured was spent waiting for a free worker.\n"
        f"Requests served by each worker: {', '.join(map(str, result['per_worker']))}"
    )
    for failure in result["failures"][:10]:
        print(f"  {failure}")
    return result


def main() -> int:
    os.environ.update(production_environment(HOST))
    data_dir = Path(os.environ.get("SIECI_DATA_DIR", BASE_DIR / ".data" / f"bench-{SCALE}"))
    data_dir.mkdir(parents=True, exist_ok=True)
    prepare()
    kept_url = os.environ["DATABASE_URL"]
    run_url = copy_database(kept_url)
    os.environ["DATABASE_URL"] = run_url
    results_path = data_dir / "bench-results.json"
    results = {
        "scale": SCALE,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "cpus": os.cpu_count(),
        "seconds": SECONDS,
        "concurrency": CONCURRENCY,
    }

    def save() -> None:
        results_path.write_text(json.dumps(results, indent=2, ensure_ascii=False))

    try:
        plan = login_plan()
        database = DatabaseCpu(run_url)
        results["server"] = settings_line()
        print(
            f"\nScale {SCALE}; {results['server']}; {os.cpu_count()} CPUs; "
            f"load average {os.getloadavg()[0]:.1f}\nCPU per request in ms: app = gunicorn's "
            f"processes, PG = {database.what}; locust = the load generator",
            flush=True,
        )
        with tempfile.TemporaryDirectory() as folder:
            plan_path = Path(folder) / "plan.json"
            plan_path.write_text(json.dumps(plan), encoding="utf-8")
            server = start_server(data_dir / "bench-gunicorn.log")
            meter = Meter(server.pid, database, data_dir / "bench-gunicorn.log")
            try:
                if PAGES != "none":
                    results["pages"] = {}
                    measure_pages(plan, plan_path, Path(folder), meter, results["pages"], save)
                if MIXED_SECONDS > 0:
                    results["mixed"] = measure_mixed(plan, plan_path, Path(folder), meter)
                    save()
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
    finally:
        drop_database(run_url)
    print(f"\nResults in {results_path}")
    runs = [*results.get("pages", {}).values(), results.get("mixed", {})]
    return 1 if any(run.get("failed") for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
