"""Search benchmark: ours beside stock haystack + Whoosh, on the same articles in one run.

    python bench/bench_search.py --data /tmp/bench/data
    python bench/bench_search.py --data /tmp/bench/data --corpus /tmp/corpus/baomoi --limit 5050

--data is an archive data folder (ARCHIVE_DATA_DIR) with articles already imported
(manage.py import_articles). If it holds none and --corpus is given, a scratch archive is
built from the corpus files (line 1 headline, line 2 lead, line 3 body; segmented with
archive.text.segment in a pool of 2; sources, dates and entity mentions made up by simple
rules so that facets have something to count).

Measured, for our index ("default") and a stock one ("stock": haystack's WhooshEngine with
its default StemmingAnalyzer and a plain SearchIndex over the same articles):
  1. rebuild time (manage.py rebuild_index, same batch size);
  2. known-item MRR@10: each sampled article's headline as the query, typed as written,
     without diacritics, and with the other tone-mark placement (hoá <-> hóa);
  3. search page latency (p50, p95) through gunicorn on loopback for a query mix of names,
     directive symbols and common words, with and without facets selected; and requests per
     second with 8 concurrent clients.
Results are printed and written to DATA/bench_search.json. See bench/SEARCH.md.
"""

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Stock pages on the whole corpus take many seconds: neither side may cut them short.
REQUEST_TIMEOUT_S = 600
STOCK_FACETS = ("person", "organization", "directive", "source", "year", "province")

# --- query variants -------------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0309\u0303\u0323"
_NEW_STYLE = re.compile(
    rf"(?<![qQ\w])(\w*?)(?<![qQ])([oO])([{_TONES}])([aAeE])(?!\w)"
    rf"|(?<![qQ\w])(\w*?)(?<![qQ])([uU])([{_TONES}])([yY])(?!\w)"
)
_OLD_STYLE = re.compile(
    rf"(?<![qQ\w])(\w*?)(?<![qQ])([oO])([aAeE])([{_TONES}])(?!\w)"
    rf"|(?<![qQ\w])(\w*?)(?<![qQ])([uU])([yY])([{_TONES}])(?!\w)"
)


def without_diacritics(text):
    """What a user without a Vietnamese keyboard types: accents gone, case kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def other_tone_placement(text):
    """hóa -> hoá, thủy -> thuỷ and back: the placement the headline did not use."""
    decomposed = unicodedata.normalize("NFD", text)

    def to_old(m):
        g = [x for x in m.groups() if x is not None]
        return g[0] + g[1] + g[3] + g[2]

    def to_new(m):
        g = [x for x in m.groups() if x is not None]
        return g[0] + g[1] + g[3] + g[2]

    if _NEW_STYLE.search(decomposed):
        swapped = _NEW_STYLE.sub(to_old, decomposed)
    else:
        swapped = _OLD_STYLE.sub(to_new, decomposed)
    return unicodedata.normalize("NFC", swapped)


# --- settings, stock index and stock page (imported lazily: see __getattr__) ----------------------

SETTINGS = """\
from config.settings.local import *  # noqa: F403
from config.settings.local import DATA_DIR, HAYSTACK_CONNECTIONS

DEBUG = False
ROOT_URLCONF = "bench.bench_search"
HAYSTACK_CONNECTIONS = {
    **HAYSTACK_CONNECTIONS,
    "stock": {
        "ENGINE": "bench.bench_search.StockWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh_stock"),
        "INCLUDE_SPELLING": True,
    },
}
LOGGING["root"]["handlers"] = ["console"]  # noqa: F405
"""

STOCK_TEMPLATE = """{% extends "base.html" %}{% load highlight %}
{% block title %}Stock haystack{% endblock %}
{% block content %}
<form method="get"><input type="search" name="q" value="{{ query }}"><button>Tìm</button></form>
<p>{{ page.paginator.count }} bài</p>
<ol>{% for result in page.object_list %}
  <li><a href="/articles/{{ result.pk }}/">{{ result.title }}</a>
  <p>{{ result.published|date:"d/m/Y" }} · {{ result.source_name }}</p>
  <p>{% highlight result.text with query max_length 260 %}</p></li>
{% endfor %}</ol>
{% for name, values in facets.fields.items %}<h2>{{ name }}</h2><ul>
  {% for value, count in values|slice:":10" %}<li>{{ value }} {{ count }}</li>{% endfor %}
</ul>{% endfor %}
{% if page.has_next %}
  <a href="?q={{ query|urlencode }}&amp;page={{ page.next_page_number }}">Sau</a>
{% endif %}
{% endblock %}
"""


def _define_stock():
    """StockArticleIndex, StockWhooshEngine, stock_search and urlpatterns, once Django is set up."""
    from django.core.paginator import InvalidPage, Paginator
    from django.db.models import Prefetch
    from django.http import Http404, HttpResponse
    from django.template import engines
    from django.urls import include, path
    from haystack import indexes
    from haystack.backends.whoosh_backend import WhooshEngine
    from haystack.query import SearchQuerySet
    from haystack.utils.loading import UnifiedIndex

    from archive.models import Article
    from search.search_indexes import ENTITY_FACETS

    class StockArticleIndex(indexes.SearchIndex, indexes.Indexable):
        """What a haystack tutorial would write: the article text, faceted entity fields."""

        text = indexes.CharField(document=True)
        title = indexes.CharField(model_attr="title")
        source_name = indexes.CharField(null=True)
        published = indexes.DateField(model_attr="published", null=True)
        person = indexes.MultiValueField(faceted=True)
        organization = indexes.MultiValueField(faceted=True)
        directive = indexes.MultiValueField(faceted=True)
        province = indexes.MultiValueField(faceted=True)
        source = indexes.CharField(faceted=True, null=True)
        year = indexes.IntegerField(faceted=True, null=True)

        def get_model(self):
            return Article

        def index_queryset(self, using=None):
            # The same prefetching as ours, so that the database costs both the same.
            mentions = [
                Prefetch(related, queryset=model.objects.select_related(attr))
                for related, attr, model in ENTITY_FACETS.values()
            ]
            return Article.objects.select_related("source").prefetch_related(*mentions)

        def prepare_text(self, obj):
            return "\n".join(text for _kind, text in obj.document_parts())

        def prepare_source_name(self, obj):
            return obj.source.name if obj.source else None

        def prepare_source(self, obj):
            return obj.source.slug if obj.source else None

        def prepare_year(self, obj):
            return obj.published.year if obj.published else None

        def _slugs(self, obj, facet):
            related, attr, _model = ENTITY_FACETS[facet]
            return [getattr(m, attr).slug for m in getattr(obj, related).all()]

        def prepare_person(self, obj):
            return self._slugs(obj, "person")

        def prepare_organization(self, obj):
            return self._slugs(obj, "organization")

        def prepare_directive(self, obj):
            return self._slugs(obj, "directive")

        def prepare_province(self, obj):
            return self._slugs(obj, "province")

    class StockUnifiedIndex(UnifiedIndex):
        def collect_indexes(self):
            return [StockArticleIndex()]

    class StockWhooshEngine(WhooshEngine):
        unified_index = StockUnifiedIndex

    template = engines["django"].from_string(STOCK_TEMPLATE)

    def stock_search(request):
        """haystack's FacetedSearchView, written out: auto_query, narrow, Paginator."""
        query = request.GET.get("q", "")
        sqs = SearchQuerySet(using="stock").models(Article)
        for name in STOCK_FACETS:
            sqs = sqs.facet(name)
        for name in STOCK_FACETS:
            for value in request.GET.getlist(name):
                sqs = sqs.narrow(f'{name}_exact:"{value}"')
        if query:
            sqs = sqs.auto_query(query)
        paginator = Paginator(sqs, 20)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except InvalidPage:
            raise Http404("No such page") from None
        context = {"query": query, "page": page, "facets": sqs.facet_counts()}
        return HttpResponse(template.render(context, request))

    globals().update(
        StockArticleIndex=StockArticleIndex,
        StockWhooshEngine=StockWhooshEngine,
        stock_search=stock_search,
        urlpatterns=[path("stock-search/", stock_search), path("", include("config.urls"))],
    )


def __getattr__(name):
    if name in ("StockArticleIndex", "StockWhooshEngine", "stock_search", "urlpatterns"):
        _define_stock()
        return globals()[name]
    raise AttributeError(name)


# --- a scratch archive from the corpus, when the data folder has none -----------------------------

PROVINCES = (
    "An Giang, Bà Rịa - Vũng Tàu, Bắc Giang, Bắc Kạn, Bạc Liêu, Bắc Ninh, Bến Tre, Bình Định, "
    "Bình Dương, Bình Phước, Bình Thuận, Cà Mau, Cần Thơ, Cao Bằng, Đà Nẵng, Đắk Lắk, Đắk Nông, "
    "Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai, Hà Giang, Hà Nam, Hà Nội, Hà Tĩnh, Hải Dương, "
    "Hải Phòng, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang, Kon Tum, Lai Châu, "
    "Lâm Đồng, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình, Ninh Thuận, Phú Thọ, "
    "Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La, "
    "Tây Ninh, Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Tiền Giang, TP Hồ Chí Minh, "
    "Trà Vinh, Tuyên Quang, Vĩnh Long, Vĩnh Phúc, Yên Bái"
).split(", ")
_PERSON = re.compile(
    r"(?:Bí thư|Chủ tịch|Thủ tướng|Bộ trưởng|Giám đốc|Trưởng ban|Tổng Bí thư|đồng chí|ông|bà)"
    r"\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^\W\d_]+\s){1,3}[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^\W\d_]+)"
)
_ORGANIZATION = re.compile(
    r"((?:Tỉnh ủy|Thành ủy|Huyện ủy|UBND tỉnh|HĐND tỉnh|Sở)(?:\s[A-ZĐ][^\W\d_]+){1,3})"
)


def _segment_file(path):
    from archive.text import segment
    from archive.text.segment import words_line

    lines = Path(path).read_text(encoding="utf-8", errors="replace").split("\n")
    title, lead, body = (lines + ["", "", ""])[:3]
    parts = [title.strip(), lead.strip(), body.strip()]
    return path, parts, "\n".join(words_line(segment(p)) for p in parts)


def build_scratch_archive(corpus, limit, workers=2):
    import hashlib
    import multiprocessing
    from datetime import date, timedelta

    from django.db import transaction

    from archive.models import (
        Article,
        Directive,
        DirectiveMention,
        Organization,
        OrganizationMention,
        Person,
        PersonMention,
        Province,
        ProvinceMention,
        Source,
    )
    from archive.text import normalize, slugify
    from archive.text.symbols import canonical_symbol, find_symbols

    files = sorted(str(p) for p in Path(corpus).glob("*.txt"))[:limit]
    print(
        f"Building a scratch archive from {len(files)} corpus files (segmenting, "
        f"{workers} processes)…",
        flush=True,
    )
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        segmented = pool.map(_segment_file, files, chunksize=16)
    print(f"  segmented in {time.perf_counter() - started:.0f}s", flush=True)

    sources = [
        Source.objects.get_or_create(name=f"Báo số {k}", slug=f"bao-so-{k}")[0] for k in range(1, 9)
    ]
    cache = {Person: {}, Organization: {}, Directive: {}, Province: {}}

    def entity(model, name, **extra):
        key = extra.get("key") or normalize(name)
        if key not in cache[model]:
            slug = slugify(key)[:280] or "x"
            obj = model(name=name, slug=f"{slug}-{len(cache[model])}", **extra)
            obj.refresh_folded()
            obj.save()
            cache[model][key] = obj
        return cache[model][key]

    with transaction.atomic():
        for name in PROVINCES:
            entity(Province, name)
        for path, (title, lead, body), words in segmented:
            raw = "\n".join([title, lead, body])
            seed = int(hashlib.md5(path.encode()).hexdigest()[:8], 16)
            article = Article.objects.create(
                title=title,
                lead=lead,
                paragraphs=[body] if body else [],
                raw_text=raw,
                source_path=path,
                content_hash=hashlib.sha256(raw.encode()).hexdigest() + str(seed),
                segmented=words,
                source=sources[seed % len(sources)],
                published=date(2015, 1, 1) + timedelta(days=seed % 3650),
            )
            text = normalize(raw)
            for symbol in dict.fromkeys(canonical_symbol(s) for _a, _b, s in find_symbols(text)):
                directive = entity(Directive, symbol, key=symbol)
                DirectiveMention.objects.create(article=article, directive=directive)
            for name in dict.fromkeys(m.group(1) for m in _PERSON.finditer(text)):
                PersonMention.objects.create(article=article, person=entity(Person, name))
            for name in dict.fromkeys(m.group(1) for m in _ORGANIZATION.finditer(text)):
                OrganizationMention.objects.create(
                    article=article, organization=entity(Organization, name)
                )
            for name, province in cache[Province].items():
                if name in text:
                    ProvinceMention.objects.create(article=article, province=province)
    print(f"  stored {len(segmented)} articles in {time.perf_counter() - started:.0f}s", flush=True)


# --- measurements ---------------------------------------------------------------------------------


def rebuild(alias):
    """(wall seconds, CPU seconds of this process) for manage.py rebuild_index."""
    from django.core.management import call_command

    wall, cpu = time.perf_counter(), time.process_time()
    call_command("rebuild_index", using=[alias], interactive=False, verbosity=0)
    return time.perf_counter() - wall, time.process_time() - cpu


def known_item_mrr(sample, alias):
    """{variant: MRR@10} with each article's headline (three ways) as the query."""
    from haystack import connections
    from haystack.inputs import Raw
    from haystack.query import SearchQuerySet

    variants = {
        "as written": lambda t: t,
        "no diacritics": without_diacritics,
        "other tone placement": other_tone_placement,
    }
    scores, timings = {}, []
    # Spelling suggestions do not change the ranking; stock computes them for every query.
    connections[alias].get_backend().include_spelling = False
    for variant, typed in variants.items():
        total = 0.0
        for pk, title in sample:
            query = typed(title)
            started = time.perf_counter()
            if alias == "stock":
                sqs = SearchQuerySet(using="stock").auto_query(query)
            else:
                sqs = SearchQuerySet(using=alias).filter(content=Raw(query))
            ranked = [int(r.pk) for r in sqs[:10]]
            timings.append(time.perf_counter() - started)
            if pk in ranked:
                total += 1.0 / (ranked.index(pk) + 1)
        scores[variant] = total / len(sample)
    return scores, statistics.median(timings)


def query_mix():
    """Names, directive symbols and common words, some with facets selected, as GET params."""
    from django.db.models import Count

    from archive.models import Directive, Person, Source

    persons = list(Person.objects.annotate(n=Count("mentions")).order_by("-n")[:8])
    directives = list(Directive.objects.annotate(n=Count("mentions")).order_by("-n")[:5])
    source = Source.objects.annotate(n=Count("articles")).order_by("-n").first()
    mix = [
        {"q": word}
        for word in (
            "Đảng",
            "cán bộ",
            "Bí thư Tỉnh ủy",
            "xây dựng Đảng",
            "kinh tế",
            "dang",
            "can bo",
        )
    ]
    for person in persons:
        mix.append({"q": person.name})
        mix.append({"q": without_diacritics(person.name)})
    for directive in directives:
        mix.append({"q": directive.key})
        mix.append({"q": directive.key.replace("-", " – ", 1).lower()})
    if persons:
        mix.append({"q": "Đảng", "person": persons[0].slug})
        mix.append({"q": "cán bộ", "person": persons[1 % len(persons)].slug})
    if source:
        mix.append({"q": "Đảng", "source": source.slug})
        mix.append({"q": "Bí thư", "source": source.slug, "year": "2020"})
    mix.append({"q": "Đảng", "year": "2019"})
    return mix


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
        response.read()
        status = response.status
    return time.perf_counter() - started, status


def _urls(base, path, mix):
    return [f"{base}{path}?{urllib.parse.urlencode(params)}" for params in mix]


def latency(base, path, mix, rounds):
    timings = []
    for _round in range(rounds):
        for url in _urls(base, path, mix):
            elapsed, status = _get(url)
            if status != 200:
                raise RuntimeError(f"{url} answered {status}")
            timings.append(elapsed)
    timings.sort()
    return {
        "p50_ms": 1000 * statistics.median(timings),
        "p95_ms": 1000 * timings[int(0.95 * (len(timings) - 1))],
        "requests": len(timings),
    }


def throughput(base, path, mix, clients, seconds):
    urls = _urls(base, path, mix)
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
    return sum(done) / (time.perf_counter() - started)


def serve(settings_dir, data, workers):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "ARCHIVE_DATA_DIR": str(data),
        "PYTHONPATH": os.pathsep.join([str(settings_dir), str(ROOT)]),
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            str(REQUEST_TIMEOUT_S),
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(200):
        try:
            _get(base + "/search/")
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


# --- main -----------------------------------------------------------------------------------------


def _setup(data):
    data.mkdir(parents=True, exist_ok=True)
    settings_dir = data / "bench_settings"
    settings_dir.mkdir(exist_ok=True)
    (settings_dir / "bench_settings.py").write_text(SETTINGS, encoding="utf-8")
    os.environ["ARCHIVE_DATA_DIR"] = str(data)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    sys.path[:0] = [str(settings_dir), str(ROOT)]
    import django

    django.setup()
    return settings_dir


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="Archive data folder (ARCHIVE_DATA_DIR).")
    parser.add_argument("--corpus", help="Corpus folder for a scratch archive if --data is empty.")
    parser.add_argument(
        "--limit", type=int, default=5050, help="Corpus files for a scratch archive (default 5050)."
    )
    parser.add_argument(
        "--queries",
        type=int,
        default=1000,
        help="Headlines sampled for known-item MRR (default 1000; 0 = all).",
    )
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of the query mix.")
    parser.add_argument("--repeat", type=int, default=1, help="Rebuilds of each index (best).")
    parser.add_argument("--seconds", type=float, default=20, help="Length of each throughput run.")
    parser.add_argument("--gunicorn-workers", type=int, default=2, help="Gunicorn workers (2).")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["rebuild", "mrr", "latency"],
        help="Leave out a measurement.",
    )
    args = parser.parse_args()
    data = Path(args.data).resolve()
    settings_dir = _setup(data)

    from django.core.management import call_command

    from archive.models import Article

    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        if not args.corpus:
            sys.exit(
                f"{data} holds no articles: import some (manage.py import_articles) "
                "or pass --corpus."
            )
        build_scratch_archive(args.corpus, args.limit)
    report = {"articles": Article.objects.count()}
    print(f"{report['articles']} articles in {data}", flush=True)

    if "rebuild" not in args.skip:
        # Alternating, best of --repeat: other work on the machine slows whichever runs then.
        # CPU time is this process's own, which that other work hardly changes.
        runs = {"stock": [], "ours": []}
        for _round in range(args.repeat):
            runs["stock"].append(rebuild("stock"))
            runs["ours"].append(rebuild("default"))
        report["rebuild_wall_s"] = {name: min(r[0] for r in rs) for name, rs in runs.items()}
        report["rebuild_cpu_s"] = {name: min(r[1] for r in rs) for name, rs in runs.items()}
        print(
            "rebuild: stock {:.1f}s wall, {:.1f}s CPU; ours {:.1f}s wall, {:.1f}s CPU".format(
                report["rebuild_wall_s"]["stock"],
                report["rebuild_cpu_s"]["stock"],
                report["rebuild_wall_s"]["ours"],
                report["rebuild_cpu_s"]["ours"],
            ),
            flush=True,
        )

    if "mrr" not in args.skip:
        titled = list(Article.objects.exclude(title="").order_by("pk").values_list("pk", "title"))
        sample = (
            titled
            if args.queries == 0 or args.queries >= len(titled)
            else sorted(random.Random(0).sample(titled, args.queries))
        )
        report["mrr_queries"] = len(sample)
        report["mrr"], report["mrr_median_query_s"] = {}, {}
        for name, alias in (("stock", "stock"), ("ours", "default")):
            report["mrr"][name], report["mrr_median_query_s"][name] = known_item_mrr(sample, alias)
            print(
                f"MRR@10 {name}: "
                + ", ".join(f"{k} {v:.3f}" for k, v in report["mrr"][name].items()),
                flush=True,
            )

    if "latency" not in args.skip:
        mix = query_mix()
        process, base = serve(settings_dir, data, args.gunicorn_workers)
        try:
            for path in ("/search/", "/stock-search/"):
                for url in _urls(base, path, mix)[:8] * 2:  # warm both workers
                    _get(url)
            report["query_mix"] = mix
            report["latency"], report["requests_per_s"] = {}, {}
            for name, path in (("stock", "/stock-search/"), ("ours", "/search/")):
                report["latency"][name] = latency(base, path, mix, args.rounds)
                report["requests_per_s"][name] = throughput(base, path, mix, 8, args.seconds)
                lat = report["latency"][name]
                print(
                    f"page {name}: p50 {lat['p50_ms']:.0f} ms, p95 {lat['p95_ms']:.0f} ms, "
                    f"{report['requests_per_s'][name]:.1f} req/s with 8 clients",
                    flush=True,
                )
        finally:
            process.terminate()
            process.wait()

    (data / "bench_search.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(f"Written to {data / 'bench_search.json'}")


if __name__ == "__main__":
    main()
