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
  3. requests per second with 8 concurrent clients;
  4. the RSS of each gunicorn worker after the load, and the index's size on disk;
  5. known-item MRR@10 of 300 headlines as written, without diacritics, other tone placement.
Results are printed as a table and written to DATA/bench_engines.json.
"""

import argparse
import json
import os
import random
import resource
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


def rebuild(config):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    _manage(config, "rebuild_index", "--noinput")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}


_MIX = """
import json, django
django.setup()
from django.db.models import Count
from archive.models import Directive, Person, Source
persons = list(Person.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:8])
directives = list(Directive.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:5])
source = Source.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
print(json.dumps({
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


def _workers_rss(process):
    children = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    rss = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss.append(round(int(line.split()[1]) / 1024))
    return rss


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
        everything = urls["plain"] + urls["faceted"]
        done, stop = [0] * clients, time.perf_counter() + seconds

        def client(k):
            rng = random.Random(k)
            while time.perf_counter() < stop:
                _get(rng.choice(everything))
                done[k] += 1

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rate = sum(done) / (time.perf_counter() - started)
        rss = _workers_rss(process)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    all_timings = timings["plain"] + timings["faceted"]
    return {
        "all": _percentiles(all_timings),
        "plain": _percentiles(timings["plain"]),
        "faceted": _percentiles(timings["faceted"]),
        "requests_per_s": round(rate, 1),
        "worker_rss_mb": rss,
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
    if config["engine"] == "postgres":
        code = (
            "import django; django.setup(); from django.db import connection; c = connection"
            ".cursor(); c.execute(\"SELECT pg_total_relation_size('search_document') + "
            "pg_total_relation_size('search_term')\"); print(c.fetchone()[0])"
        )
        done = subprocess.run(
            [config["python"], "-c", code],
            cwd=config["tree"],
            env=_env(config),
            capture_output=True,
            text=True,
            check=True,
        )
        return round(int(done.stdout.split()[-1]) / 2**20)
    index = Path(config["data"]) / "whoosh_index"
    return round(sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 2**20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="Data folder of the SQLite archive.")
    parser.add_argument("--database-url", help="The same archive on PostgreSQL.")
    parser.add_argument("--baseline", help="A checkout of the previous commit (Whoosh).")
    parser.add_argument("--baseline-python", help="Python with the baseline's dependencies.")
    parser.add_argument(
        "--baseline-rebuilt",
        action="store_true",
        help="The baseline's data folder already holds its index: do not rebuild it.",
    )
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of the query mix.")
    parser.add_argument("--seconds", type=float, default=20, help="Length of the load run.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients.")
    parser.add_argument("--port", type=int, default=8190, help="Port for gunicorn.")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["rebuild", "mrr"], help="Steps to leave out."
    )
    parser.add_argument(
        "--only", nargs="*", default=[], help="Measure only these configurations (by name)."
    )
    args = parser.parse_args()
    data = Path(args.data).resolve()
    here = {"tree": ROOT, "python": sys.executable}
    configs = {"whoosh": {**here, "engine": "whoosh", "data": data}}
    if args.database_url:
        pg_data = data.parent / "pg-data"
        pg_data.mkdir(exist_ok=True)
        configs["postgres"] = {
            **here,
            "engine": "postgres",
            "data": pg_data,
            "database_url": args.database_url,
        }
    if args.baseline:
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
    facts = json.loads(
        subprocess.run(
            [sys.executable, "-c", _MIX],
            cwd=ROOT,
            env=_env(configs["whoosh"]),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[-1]
    )
    mix = query_mix(facts)
    results = {}
    for name, config in configs.items():
        if args.only and name not in args.only:
            continue
        print(f"--- {name}", flush=True)
        result = results[name] = {}
        if "previous" not in name:
            _manage(config, "migrate", "-v", "0")
        if "rebuild" not in args.skip and not config.get("skip_rebuild"):
            result["rebuild"] = rebuild(config)
            print(f"rebuild {result['rebuild']}", flush=True)
        result["pages"] = pages(config, mix, args.port, args.rounds, args.clients, args.seconds)
        print(f"pages {result['pages']}", flush=True)
        result["disk_mb"] = disk_size(config)
        if "mrr" not in args.skip and "previous" not in name:
            result["mrr"] = mrr(config, facts["sample"])
            print(f"mrr {result['mrr']}", flush=True)
    (data / "bench_engines.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
