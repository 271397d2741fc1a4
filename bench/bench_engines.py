"""Both search engines side by side, and the previous commit's Whoosh, in one run.

    .venv/bin/python bench/bench_engines.py --data /tmp/c35/data \\
        --database-url postgres://postgres@127.0.0.1:55400/c35 \\
        --baseline /work/wt/base --baseline-python /tmp/basevenv/bin/python

--data is an archive data folder (SQLite + Whoosh) with the articles imported; the
PostgreSQL database holds the same articles (bench/copy_to_postgres.py, then
bench/spread_metadata.py on both). --baseline is a checkout of the previous commit with a
Python that has its dependencies. For each configuration it measures, one after another on
the same machine:
  1. rebuild: `manage.py rebuild_index` wall and CPU seconds (the process and its children);
  2. the search page through gunicorn (2 workers) for the query mix of bench/SEARCH.md
     (names with and without diacritics, symbols two ways, common words; with and without
     facets selected): p50 and p95 of each half, 3 rounds;
  3. requests per second with 8 concurrent clients: the whole mix, plain queries, faceted;
  4. the RSS of each gunicorn worker after the load, and the index's size on disk;
  5. known-item MRR@10 of 300 headlines as written, without diacritics, other tone placement.
Results are printed and written to DATA/bench_engines.json (or --results, updated run by
run). At several sizes (bench/SCALE.md), each archive is one --archive LABEL DATA [URL]:

    .venv/bin/python bench/bench_engines.py --skip mrr --results /tmp/scale/results.json \\
        --archive 35k /tmp/scale/s35/data postgres://postgres@127.0.0.1:55400/s35 \\
        --archive 350k /tmp/scale/s350/data postgres://postgres@127.0.0.1:55400/s350

and a table of each engine's figures per size with their growth ends the output; the
rebuild's peak memory, each worker's peak and the load average are measured too.
"""

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.variants import other_tone_placement, without_diacritics  # noqa: E402

REQUEST_TIMEOUT_S = 120


def _env(config):
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(config["data"]),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "ARCHIVE_SEARCH_ENGINE": config["engine"],
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    if config.get("database_url"):
        env["DATABASE_URL"] = config["database_url"]
    return env


def _manage(config, *args, capture=True):
    return subprocess.run(
        [config["python"], "manage.py", *args],
        cwd=config["tree"],
        env=_env(config),
        capture_output=capture,
        text=True,
        check=True,
    )


# Run in a process of its own: RUSAGE_CHILDREN's ru_maxrss is the largest child it ever
# waited for, so the bench's own would report an earlier, larger rebuild's peak.
_TIMED = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": round(time.perf_counter() - started, 1),
                  "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                  "peak_rss_mb": round(usage.ru_maxrss / 1024)}))
"""


def rebuild(config):
    done = subprocess.run(
        [sys.executable, "-c", _TIMED, config["python"], "manage.py", "rebuild_index", "--noinput"],
        cwd=config["tree"],
        env=_env(config),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


_MIX = """
import json, django
django.setup()
from django.db.models import Count
from archive.models import Directive, Person, Source
persons = list(Person.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:8])
directives = list(Directive.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:5])
source = Source.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
print(json.dumps({
    "articles": __import__("archive.models", fromlist=["Article"]).Article.objects.count(),
    "persons": [[p.name, p.slug] for p in persons],
    "directives": [d.key for d in directives],
    "source": source.slug if source else None,
    "sample": [[a, t] for a, t in __import__("random").Random(7).sample(
        list(__import__("archive.models", fromlist=["Article"]).Article.objects
             .exclude(title="").values_list("pk", "title")), 300)],
}))
"""


def query_mix(facts):
    """(plain queries, queries with facets selected) as GET parameters."""
    plain = [
        {"q": w}
        for w in ("Đảng", "cán bộ", "Bí thư Tỉnh ủy", "xây dựng Đảng", "kinh tế", "dang", "can bo")
    ]
    for name, _slug in facts["persons"]:
        plain += [{"q": name}, {"q": without_diacritics(name)}]
    for key in facts["directives"]:
        plain += [{"q": key}, {"q": key.replace("-", " – ", 1).lower()}]
    persons = facts["persons"]
    faceted = []
    if persons:
        faceted += [
            {"q": "Đảng", "person": persons[0][1]},
            {"q": "cán bộ", "person": persons[1 % len(persons)][1]},
        ]
    if facts["source"]:
        faceted += [
            {"q": "Đảng", "source": facts["source"]},
            {"q": "Bí thư", "source": facts["source"], "year": "2020"},
        ]
    faceted += [{"q": "Đảng", "year": "2019"}, {"q": "cán bộ", "year": "2021", "sort": "newest"}]
    return plain, faceted


def _get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - started


def _percentiles(timings):
    timings = sorted(timings)
    return {
        "p50_ms": round(1000 * statistics.median(timings)),
        "p95_ms": round(1000 * timings[int(0.95 * (len(timings) - 1))]),
        "n": len(timings),
    }


def serve(config, port):
    process = subprocess.Popen(
        [
            str(Path(config["python"]).parent / "gunicorn"),
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            str(REQUEST_TIMEOUT_S),
        ],
        cwd=config["tree"],
        env=_env(config),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(300):
        try:
            _get(base + "/search/?q=warm")
            return process, base
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not start")


def _workers_rss(process, field="VmRSS"):
    """Each gunicorn worker's resident memory in MB (VmHWM: its peak since it started)."""
    children = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    rss = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                rss.append(round(int(line.split()[1]) / 1024))
    return rss


def _load(urls, clients, seconds):
    """Requests per second with `clients` concurrent clients, each picking from urls."""
    done, stop = [0] * clients, time.perf_counter() + seconds

    def client(k):
        rng = random.Random(k)
        while time.perf_counter() < stop:
            _get(rng.choice(urls))
            done[k] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(sum(done) / (time.perf_counter() - started), 1)


def pages(config, mix, port, rounds, clients, seconds):
    plain, faceted = mix
    process, base = serve(config, port)
    try:
        urls = {
            name: [f"{base}/search/?{urllib.parse.urlencode(p)}" for p in queries]
            for name, queries in (("plain", plain), ("faceted", faceted))
        }
        for url in urls["plain"] + urls["faceted"]:  # warm: caches, underthesea's model
            _get(url)
        timings = {name: [] for name in urls}
        for _round in range(rounds):
            for name, group in urls.items():
                timings[name] += [_get(url) for url in group]
        rates = {
            "requests_per_s": _load(urls["plain"] + urls["faceted"], clients, seconds),
            "plain_requests_per_s": _load(urls["plain"], clients, seconds),
            "faceted_requests_per_s": _load(urls["faceted"], clients, seconds),
        }
        rss, peak = _workers_rss(process), _workers_rss(process, "VmHWM")
        load = [round(n, 1) for n in os.getloadavg()]  # the machine is shared: say how busy
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    all_timings = timings["plain"] + timings["faceted"]
    return {
        "all": _percentiles(all_timings),
        "plain": _percentiles(timings["plain"]),
        "faceted": _percentiles(timings["faceted"]),
        **rates,
        "worker_rss_mb": rss,
        "worker_peak_rss_mb": peak,
        "load_average": load,
    }


_MRR = """
import json, sys, time, django
django.setup()
from search.services import search_articles
cases = json.loads(sys.stdin.read())
scores, times = {}, []
for variant, queries in cases.items():
    total = 0.0
    for pk, query in queries:
        started = time.perf_counter()
        ids = [h.id for h in search_articles(query=query, per_page=10).hits]
        times.append(time.perf_counter() - started)
        if pk in ids:
            total += 1.0 / (ids.index(pk) + 1)
    scores[variant] = round(total / len(queries), 3)
times.sort()
scores["median_ms"] = round(1000 * times[len(times) // 2])
print(json.dumps(scores))
"""


def mrr(config, sample):
    cases = {
        "as written": [[pk, t] for pk, t in sample],
        "no diacritics": [[pk, without_diacritics(t)] for pk, t in sample],
        "other tone placement": [[pk, other_tone_placement(t)] for pk, t in sample],
    }
    done = subprocess.run(
        [config["python"], "-c", _MRR],
        cwd=config["tree"],
        env=_env(config),
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def disk_size(config):
    """MB of the index and of the whole database (SQLite file, or PostgreSQL database)."""
    if config["engine"] == "postgres":
        code = (
            "import django; django.setup(); from django.db import connection; c = connection"
            ".cursor(); c.execute(\"SELECT pg_total_relation_size('search_document') + "
            "pg_total_relation_size('search_term'), pg_database_size(current_database())\"); "
            "print(*c.fetchone())"
        )
        done = subprocess.run(
            [config["python"], "-c", code],
            cwd=config["tree"],
            env=_env(config),
            capture_output=True,
            text=True,
            check=True,
        )
        index, database = (int(n) for n in done.stdout.split()[-2:])
        return {"index_mb": round(index / 2**20), "database_mb": round(database / 2**20)}
    data = Path(config["data"])
    index = sum(p.stat().st_size for p in (data / "whoosh_index").rglob("*") if p.is_file())
    database = sum(p.stat().st_size for p in data.glob("archive.sqlite3*"))
    return {"index_mb": round(index / 2**20), "database_mb": round(database / 2**20)}


def _facts(config):
    done = subprocess.run(
        [sys.executable, "-c", _MIX],
        cwd=ROOT,
        env=_env(config),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


# (label, path into a configuration's result) of the figures compared across archive sizes.
FIGURES = [
    ("rebuild wall s", ("rebuild", "wall_s")),
    ("rebuild CPU s", ("rebuild", "cpu_s")),
    ("rebuild peak RSS MB", ("rebuild", "peak_rss_mb")),
    ("page p50 ms, all", ("pages", "all", "p50_ms")),
    ("page p95 ms, all", ("pages", "all", "p95_ms")),
    ("page p50 ms, plain", ("pages", "plain", "p50_ms")),
    ("page p95 ms, plain", ("pages", "plain", "p95_ms")),
    ("page p50 ms, facets", ("pages", "faceted", "p50_ms")),
    ("page p95 ms, facets", ("pages", "faceted", "p95_ms")),
    ("requests/s, all", ("pages", "requests_per_s")),
    ("requests/s, plain", ("pages", "plain_requests_per_s")),
    ("requests/s, facets", ("pages", "faceted_requests_per_s")),
    ("worker RSS MB (max)", ("pages", "worker_rss_mb")),
    ("worker peak RSS MB (max)", ("pages", "worker_peak_rss_mb")),
    ("index MB", ("disk", "index_mb")),
    ("database MB", ("disk", "database_mb")),
]


def _figure(result, path):
    value = result
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return max(value) if isinstance(value, list) else value


def growth_table(results):
    """Markdown: each engine's figures per archive size, and last / first."""
    lines = []
    for engine in ("whoosh", "postgres"):
        runs = [(name, r) for name, r in results.items() if r.get("engine") == engine]
        if not runs:
            continue
        runs.sort(key=lambda item: item[1].get("articles", 0))
        head = [f"{r.get('articles', 0):,} articles" for _n, r in runs]
        lines += [
            f"| {engine} | " + " | ".join(head) + " | growth |",
            "|---" * (len(runs) + 2) + "|",
        ]
        for label, path in FIGURES:
            values = [_figure(r, path) for _n, r in runs]
            if all(v is None for v in values):
                continue
            first, last = values[0], values[-1]
            ratio = f"× {last / first:.1f}" if len(runs) > 1 and first and last else ""
            cells = ["" if v is None else f"{v:,}" for v in values]
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {ratio} |")
        lines.append("")
    return "\n".join(lines)


def _configs(args):
    """name -> configuration, for --data/--database-url/--baseline and every --archive."""
    here = {"tree": ROOT, "python": sys.executable}
    configs = {}
    archives = [(label, Path(data).resolve(), url) for label, data, *url in args.archive]
    if args.data:
        urls = [args.database_url] if args.database_url else []
        archives.insert(0, ("", Path(args.data).resolve(), urls))
    for label, data, urls in archives:
        suffix = f" {label}" if label else ""
        configs[f"whoosh{suffix}"] = {**here, "engine": "whoosh", "data": data}
        for url in urls:
            pg_data = data.parent / "pg-data"
            pg_data.mkdir(exist_ok=True)
            configs[f"postgres{suffix}"] = {
                **here,
                "engine": "postgres",
                "data": pg_data,
                "database_url": url,
            }
    if args.baseline:
        data = Path(args.data).resolve()
        base_data = data.parent / "baseline-data"
        if not base_data.exists():
            base_data.mkdir()
            shutil.copy2(data / "archive.sqlite3", base_data / "archive.sqlite3")
        configs["whoosh, previous commit"] = {
            "tree": Path(args.baseline).resolve(),
            "python": args.baseline_python or sys.executable,
            # The previous commit named its haystack engine class here.
            "engine": "search.backend.VietnameseWhooshEngine",
            "data": base_data,
            # Its rebuild takes many minutes: --baseline-rebuilt when its index is already built.
            "skip_rebuild": args.baseline_rebuilt,
        }
    return configs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="Data folder of the SQLite archive.")
    parser.add_argument("--database-url", help="The same archive on PostgreSQL.")
    parser.add_argument(
        "--archive",
        nargs="+",
        action="append",
        default=[],
        metavar=("LABEL DATA", "DATABASE_URL"),
        help="LABEL DATA [DATABASE_URL]: another archive (a data folder, and the same archive "
        "on PostgreSQL), measured as 'whoosh LABEL' and 'postgres LABEL'; repeat for each "
        "size (bench/SCALE.md).",
    )
    parser.add_argument("--baseline", help="A checkout of the previous commit (Whoosh).")
    parser.add_argument("--baseline-python", help="Python with the baseline's dependencies.")
    parser.add_argument(
        "--baseline-rebuilt",
        action="store_true",
        help="The baseline's data folder already holds its index: do not rebuild it.",
    )
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of the query mix.")
    parser.add_argument("--seconds", type=float, default=20, help="Length of each load run.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients.")
    parser.add_argument("--port", type=int, default=8190, help="Port for gunicorn.")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["rebuild", "mrr"], help="Steps to leave out."
    )
    parser.add_argument(
        "--only", nargs="*", default=[], help="Measure only these configurations (by name)."
    )
    parser.add_argument(
        "--results",
        help="A JSON file of results to update (default DATA/bench_engines.json): runs of "
        "other configurations kept there are compared in the growth table.",
    )
    args = parser.parse_args()
    for archive in args.archive:
        if len(archive) not in (2, 3):
            parser.error(f"--archive takes LABEL DATA [DATABASE_URL], not {' '.join(archive)}")
    if not args.data and not args.archive:
        parser.error("give --data or --archive")
    if args.baseline and not args.data:
        parser.error("--baseline compares against --data")
    configs = _configs(args)
    unknown = sorted(set(args.only) - set(configs))
    if unknown:
        parser.error(f"--only {', '.join(unknown)}: the configurations are {', '.join(configs)}")
    first = next(iter(configs.values()))
    out = Path(args.results) if args.results else Path(first["data"]) / "bench_engines.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    for name, config in configs.items():
        if args.only and name not in args.only:
            continue
        facts = _facts(config)  # each archive's own most mentioned names and outlet
        mix = query_mix(facts)
        print(f"--- {name} ({facts['articles']} articles)", flush=True)
        # A step skipped this time (--skip rebuild) keeps the figure of an earlier run.
        result = results[name] = {
            **results.get(name, {}),
            "engine": config["engine"],
            "articles": facts["articles"],
        }
        if "previous" not in name:
            _manage(config, "migrate", "-v", "0")
        if "rebuild" not in args.skip and not config.get("skip_rebuild"):
            result["rebuild"] = rebuild(config)
            print(f"rebuild {result['rebuild']}", flush=True)
        result["pages"] = pages(config, mix, args.port, args.rounds, args.clients, args.seconds)
        print(f"pages {result['pages']}", flush=True)
        result["disk"] = disk_size(config)
        if "mrr" not in args.skip and "previous" not in name:
            result["mrr"] = mrr(config, facts["sample"])
            print(f"mrr {result['mrr']}", flush=True)
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    print(growth_table(results))


if __name__ == "__main__":
    main()
