"""``make bench``: serve the app with gunicorn and measure every key page with wrk.

Needs ``DJANGO_SETTINGS_MODULE=clinic.bench.settings`` (production settings, plus
the bare ceiling view), a database seeded by ``seed_bench``, collected static
files, and Debian's ``wrk``. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess  # nosec B404
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import resolve, reverse

from clinic.bench.base import (
    BENCH_PASSWORD,
    CEILING_URL,
    CLIENT_EMAIL,
    PAGES,
    PRACTITIONER_EMAIL,
    PROBES,
    BenchTargets,
)

START_MARK = "<!-- bench:start (written by `make bench`; edit outside these marks) -->"
END_MARK = "<!-- bench:end -->"
# Targets from issues 7 and 20: every key page at least MIN_RATIO of the bare view, the
# empty practice page (the signed-in floor) at least FLOOR_RATIO, and the heaviest
# practice pages at least OF_FLOOR of the floor's ratio in the same run.
MIN_RATIO, MAX_TAIL, MAX_QUERIES, MAX_RSS_MB, MAX_RSS_GROWTH = 0.10, 4.0, 8, 120.0, 0.10
FLOOR_PAGE, FLOOR_RATIO, OF_FLOOR = "empty practice page", 0.40, 0.5
NEAR_FLOOR = {"practice dashboard", "client page", "program page"}


@dataclass
class Row:
    name: str
    url: str
    login: str | None
    queries: int | None = None
    atomic: bool | None = None
    # Served by the page cache (clinic.page_cache): then ``queries`` is what a rendering
    # sends, and ``cached_queries`` what a cached copy costs.
    cached: bool = False
    cached_queries: int | None = None
    runs: list[dict] = field(default_factory=list)  # one {rps, p50, p99, errors} per run

    def median(self, key: str) -> float:
        return statistics.median(run[key] for run in self.runs)


class Command(BaseCommand):
    help = "Measure the key pages under gunicorn with wrk; write docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=2)
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page per run.")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
        parser.add_argument("--warmup", type=int, default=2, help="Seconds of warm-up per page.")
        parser.add_argument(
            "--ceiling-duration", type=int, default=5, help="Seconds of ceiling before each page."
        )
        parser.add_argument(
            "--page-cache-seconds",
            type=int,
            default=settings.CLINIC_PAGE_CACHE_SECONDS,
            help="CLINIC_PAGE_CACHE_SECONDS for the server; 0 renders every page afresh.",
        )
        parser.add_argument("--output", default=str(settings.BASE_DIR / "docs" / "benchmarks.md"))

    def handle(self, *args, **opts):
        if settings.ROOT_URLCONF != "clinic.bench.urls":
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=clinic.bench.settings.")
        self.wrk = shutil.which("wrk")
        if not self.wrk:
            raise CommandError("wrk is missing: apt-get install wrk")
        try:
            targets = BenchTargets.load()
        except Exception as exc:
            raise CommandError("No bench clinic here: run `manage.py seed_bench` first.") from exc
        self.opts = opts
        out_dir = settings.BASE_DIR / "bench-out"
        out_dir.mkdir(exist_ok=True)

        rows = [Row("bare view (ceiling)", CEILING_URL, None, queries=0, atomic=False)]
        rows += [Row(name, url, login) for name, url, login in PROBES]
        rows += [Row(page.name, page.url(targets), page.login) for page in PAGES]

        server_env = {"CLINIC_PAGE_CACHE_SECONDS": str(opts["page_cache_seconds"])}
        with Gunicorn(opts["workers"], out_dir / "gunicorn.log", server_env) as server:
            self.base = f"http://127.0.0.1:{server.port}"
            cookies = {
                "practitioner": self.log_in(PRACTITIONER_EMAIL, reverse("dashboard")),
                "client": self.log_in(CLIENT_EMAIL, reverse("programs:portal_home")),
            }
            self.count_queries(rows, cookies, out_dir / "queries.txt")
            self.stdout.write("Warming up ...")
            for row in rows:
                self.check_ok(row, cookies)
                self.run_wrk(row.url, cookies.get(row.login), opts["warmup"])
            rss_before = server.worker_rss()
            self.load = [load_average()]
            ceiling = rows[0]
            for run in range(1, opts["runs"] + 1):
                for row in rows[1:]:
                    # The ceiling just before each page: on a shared machine the load
                    # changes within a minute, so each ratio compares neighbours in time.
                    reference = self.run_wrk(ceiling.url, None, opts["ceiling_duration"])
                    ceiling.runs.append({**reference, "ratio": 1.0})
                    result = self.run_wrk(row.url, cookies.get(row.login), opts["duration"])
                    # No ceiling at all (wrk timed out on a swamped machine): ratio 0.
                    result["ratio"] = result["rps"] / reference["rps"] if reference["rps"] else 0.0
                    row.runs.append(result)
                    self.stdout.write(
                        f"run {run} {row.name:<24} {result['rps']:7.1f} req/s "
                        f"p50 {result['p50']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
                        f"ceiling {reference['rps']:7.1f} req/s  ratio {result['ratio']:.2f}"
                    )
            rss_after = server.worker_rss()
            self.load.append(load_average())

        (out_dir / "results.json").write_text(
            json.dumps(
                {"rows": [row.__dict__ for row in rows], "rss": [rss_before, rss_after]}, indent=2
            )
        )
        table = self.report(rows, rss_before, rss_after)
        write_between_marks(Path(opts["output"]), table)
        self.stdout.write(table)
        self.stdout.write(self.style.SUCCESS(f"Written to {opts['output']}"))

    # -- steps -------------------------------------------------------------------

    def log_in(self, email: str, expected_path: str) -> str:
        """Log in through the real login form; returns the Cookie header it earned."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login_url = self.base + reverse("login")
        html = opener.open(login_url, timeout=30).read().decode()  # noqa: S310 - 127.0.0.1
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        form = {"csrfmiddlewaretoken": token, "username": email, "password": BENCH_PASSWORD}
        response = opener.open(  # noqa: S310 - 127.0.0.1
            login_url, data=urllib.parse.urlencode(form).encode(), timeout=30
        )
        landed = urllib.parse.urlparse(response.geturl()).path
        cookies = {cookie.name: cookie.value for cookie in jar}
        if settings.SESSION_COOKIE_NAME not in cookies or landed != expected_path:
            raise CommandError(f"Logging in as {email} did not work (landed on {landed}).")
        return "; ".join(f"{name}={value}" for name, value in cookies.items())

    def check_ok(self, row: Row, cookies: dict) -> None:
        """A page that redirects or fails would look fast; refuse to measure it."""
        host, port = self.base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", row.url, headers={"Cookie": cookies.get(row.login) or ""})
        status = conn.getresponse().status
        conn.close()
        if status != 200:
            raise CommandError(f"{row.name} ({row.url}) answered {status}, not 200.")

    def count_queries(self, rows: list[Row], cookies: dict, log: Path) -> None:
        """Fetch each page in-process with the same session and count its SQL.

        Django logs an atomic view's BEGIN and COMMIT, so they are counted; the
        connection health check (``SELECT 1`` on the raw connection) is not.
        """
        lines = []
        for row in rows[1:]:
            client = HttpClient()
            if row.login:
                client.cookies.load(cookies[row.login])
            func = resolve(row.url.split("?", 1)[0]).func  # a search URL has a query string
            row.atomic = "default" not in getattr(func, "_non_atomic_requests", set())
            row.cached = getattr(func, "page_cached", False) and self.opts["page_cache_seconds"] > 0
            # What rendering the page sends, with the page cache off.
            with override_settings(CLINIC_PAGE_CACHE_SECONDS=0):
                client.get(row.url)  # first fetch fills per-process caches
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(row.url)
            if response.status_code != 200:
                raise CommandError(f"{row.name} answered {response.status_code} in-process.")
            row.queries = len(ctx.captured_queries)
            if row.cached:
                with override_settings(CLINIC_PAGE_CACHE_SECONDS=self.opts["page_cache_seconds"]):
                    client.get(row.url)
                    with CaptureQueriesContext(connection) as hit:
                        client.get(row.url)
                row.cached_queries = len(hit.captured_queries)
            lines.append(f"== {row.name} {row.url}: {row.queries} queries")
            lines += [f"  {query['sql']}" for query in ctx.captured_queries]
        log.write_text("\n".join(lines) + "\n")

    def run_wrk(self, url: str, cookie: str | None, seconds: int) -> dict:
        command = [self.wrk, f"-t{self.opts['threads']}", f"-c{self.opts['connections']}"]
        command += [f"-d{seconds}s", "--latency"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        command.append(self.base + url)
        result = subprocess.run(  # noqa: S603 - fixed argv  # nosec B603
            command, capture_output=True, text=True, timeout=seconds + 60, check=True
        )
        return parse_wrk(result.stdout)

    # -- the report -------------------------------------------------------------

    def report(self, rows: list[Row], rss_before: dict, rss_after: dict) -> str:
        opts, database = self.opts, settings.DATABASES["default"]
        seconds = opts["page_cache_seconds"]
        page_cache = f"page cache {seconds} s" if seconds else "page cache off"
        lines = [
            f"Measured {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC on commit `{git_commit()}`.",
            "",
            f"- Machine: {cpu_model()}, {os.cpu_count()} CPUs, {mem_total_gb():.1f} GB memory; "
            f"load average {self.load[0]} before the runs, {self.load[1]} after (other work on "
            "the machine competes with gunicorn, PostgreSQL and wrk for the CPUs).",
            f"- Software: Python {sys.version.split()[0]}, Django {django_version()}, "
            f"{database_version()}.",
            f"- Server: gunicorn, {opts['workers']} sync workers, `clinic.bench.settings` "
            f"(DEBUG off); sessions `{settings.SESSION_ENGINE.rsplit('.', 1)[-1]}`, "
            f"cache `{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}`, "
            f"CONN_MAX_AGE {database['CONN_MAX_AGE']}, "
            f"health checks {'on' if database['CONN_HEALTH_CHECKS'] else 'off'}, "
            f"{page_cache}.",
            f"- Load: wrk, {opts['threads']} threads, {opts['connections']} connections, "
            f"{opts['duration']} s per page after {opts['warmup']} s of warm-up; "
            f"figures are medians of {opts['runs']} runs. Before each page the bare view is "
            f"measured for {opts['ceiling_duration']} s, and the page's ratio is to that "
            "ceiling, its neighbour in time; the ceiling row is the median of those.",
            f"- Data: {data_sizes()}.",
            "",
            "| page | as | SQL | atomic | page cache | req/s | × ceiling | p50 ms | p99 ms "
            "| p99/p50 | targets |",
            "|---|---|--:|---|---|--:|--:|--:|--:|--:|---|",
        ]
        probe_names = {name for name, _, _ in PROBES} - {FLOOR_PAGE}
        floor = next((row.median("ratio") for row in rows if row.name == FLOOR_PAGE), None)
        for index, row in enumerate(rows):
            tail = row.median("p99") / row.median("p50")
            misses = []
            if index and row.name not in probe_names:
                ratio = row.median("ratio")
                least = FLOOR_RATIO if row.name == FLOOR_PAGE else MIN_RATIO
                if ratio < least:
                    misses.append(f"ratio {ratio:.2f} < {least:.2f}")
                if row.name in NEAR_FLOOR and floor and ratio < OF_FLOOR * floor:
                    misses.append(f"{ratio / floor:.2f} of the empty page < {OF_FLOOR:g}")
                if tail > MAX_TAIL:
                    misses.append(f"p99 > {MAX_TAIL:g}×p50")
                if row.queries is not None and row.queries > MAX_QUERIES:
                    misses.append(f"> {MAX_QUERIES} queries")
                verdict = "met" if not misses else "**missed**: " + ", ".join(misses)
            else:
                verdict = "reference"
            errors = sum(run["errors"] for run in row.runs)
            if errors:
                verdict += f" ({errors} errors)"
            lines.append(
                f"| {row.name} | {row.login or 'anonymous'} | {row.queries} | "
                f"{'yes' if row.atomic else 'no'} | "
                f"{f'hit, {row.cached_queries} SQL' if row.cached else '—'} | "
                f"{row.median('rps'):.0f} | "
                f"{row.median('ratio'):.2f} | {row.median('p50'):.1f} | "
                f"{row.median('p99'):.1f} | {tail:.1f} | {verdict} |"
            )
        lines += [
            "",
            "SQL counts every statement a page sends through Django: session (unless it "
            "comes from Redis), user, the page's own queries, and BEGIN and COMMIT of atomic "
            "views. Not counted: the `SELECT 1` connection health check before a request's "
            'first query. A page marked "hit" is served from the page cache '
            "(`clinic/page_cache.py`) during the runs, which write nothing: its SQL column is "
            "what rendering it sends (counted with the cache off), the other what a cached "
            'copy costs. `BENCH_ARGS="--page-cache-seconds 0"` measures every page rendered.',
            "",
            "| gunicorn worker | RSS before (MB) | RSS after (MB) | growth | targets |",
            "|---|--:|--:|--:|---|",
        ]
        for pid, before in sorted(rss_before.items()):
            after = rss_after.get(pid, before)
            growth = (after - before) / before
            ok = after <= MAX_RSS_MB and growth < MAX_RSS_GROWTH
            lines.append(
                f"| {pid} | {before:.1f} | {after:.1f} | {growth:+.1%} | "
                f"{'met' if ok else '**missed**'} |"
            )
        return "\n".join(lines) + "\n"


class Gunicorn:
    """gunicorn serving the bench settings on a free local port, for a ``with`` block."""

    def __init__(self, workers: int, log: Path, env: dict[str, str] | None = None):
        self.workers, self.log, self.env = workers, log, env or {}
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def __enter__(self) -> Gunicorn:
        env = {**os.environ, **self.env, "DJANGO_SETTINGS_MODULE": "clinic.bench.settings"}
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv  # nosec B603
            [sys.executable, "-m", "gunicorn", "clinic.wsgi:application"]
            + ["--workers", str(self.workers), "--worker-class", "sync"]
            + ["--bind", f"127.0.0.1:{self.port}", "--error-logfile", str(self.log)],
            cwd=settings.BASE_DIR,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn exited; see {self.log}")
            if len(self.worker_pids()) == self.workers and self._answers():
                return self
            time.sleep(0.2)
        self.__exit__()
        raise CommandError(f"gunicorn did not start within 60 s; see {self.log}")

    def __exit__(self, *exc_info) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def _answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", CEILING_URL)
            return conn.getresponse().status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def worker_rss(self) -> dict[int, float]:
        """Resident memory of each worker, in MB, from /proc."""
        rss = {}
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kilobytes = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))
            rss[pid] = kilobytes / 1024
        return rss


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(text: str) -> dict:
    """requests/s, p50 and p99 in ms, and failed responses from ``wrk --latency`` output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    latency = {
        match[1]: float(match[2]) * UNITS_MS[match[3]]
        for match in re.finditer(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    }
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", text))
    socket_errors = re.search(r"Socket errors: (.*)", text)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return {"rps": rps, "p50": latency["50"], "p99": latency["99"], "errors": errors}


def write_between_marks(path: Path, table: str) -> None:
    """Replace the generated part of ``path``; keep what people wrote around it."""
    block = f"{START_MARK}\n{table}{END_MARK}"
    text = path.read_text() if path.exists() else f"# Benchmarks\n\n{START_MARK}\n{END_MARK}\n"
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        text = head + block + rest.split(END_MARK, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)


def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(  # noqa: S603 - fixed argv  # nosec B603 B607
            ["git", *args],  # noqa: S607 - git from PATH
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" + uncommitted changes" if git("status", "--porcelain") else "")


def cpu_model() -> str:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    return match.group(1).strip() if match else "unknown CPU"


def load_average() -> str:
    """The 1-minute load average: how busy the machine was besides the bench."""
    return Path("/proc/loadavg").read_text().split()[0]


def mem_total_gb() -> float:
    match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return int(match.group(1)) / 1024 / 1024


def django_version() -> str:
    import django

    return django.get_version()


def database_version() -> str:
    if connection.vendor != "postgresql":
        return f"{connection.vendor} (not PostgreSQL: figures are not comparable)"
    major, rest = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{rest}"


def data_sizes() -> str:
    """Row counts of the app tables with at least 1,000 rows, largest first."""
    counts = []
    for model in apps.get_models():
        if model._meta.app_label not in {"clinic", "clients", "programs"}:
            continue
        if model._meta.object_name.startswith("Historical"):
            continue
        count = model._base_manager.count()
        if count >= 1000:
            counts.append((count, model._meta.verbose_name_plural))
    counts.sort(reverse=True)
    return ", ".join(f"{count:,} {name}" for count, name in counts) or "almost none"
