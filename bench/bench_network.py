"""Co-mention network timings (bench/NETWORK.md): archive.network.co_mentions, the SQL
self-join on article_id, beside a baseline in the same run that reads the centre's articles'
mentions into Python and counts them there, for the most-mentioned entity of each kind.

    ARCHIVE_DATA_DIR=/tmp/copy/data .venv/bin/python bench/bench_network.py [--repeat 5]
"""

import argparse
import os
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def baseline(entity, kinds, per_kind):
    """The network counted in Python: every mention of every article of the centre."""
    centre = next(k for k in kinds if isinstance(entity, k.model))
    articles = list(centre.mentions_of(entity).values_list("article_id", flat=True))
    together, per_article = Counter(), {}
    for kind in kinds:
        rows = kind.mention.objects.filter(article_id__in=articles).values_list(
            "article_id", f"{kind.name}_id"
        )
        for article_id, pk in rows:
            if kind is centre and pk == entity.pk:
                continue
            together[(kind.name, pk)] += 1
            per_article.setdefault(article_id, []).append((kind.name, pk))
    best = set()
    for kind in kinds:
        mine = [(key, n) for key, n in together.items() if key[0] == kind.name]
        best |= {key for key, _n in sorted(mine, key=lambda x: (-x[1], x[0][1]))[:per_kind]}
    pairs = Counter()
    for items in per_article.values():
        for a, b in combinations(sorted(set(items) & best), 2):
            pairs[(a, b)] += 1
    return len(best) + 1, len(best) + len(pairs)


def best_of(repeat, function):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Runs of each (best kept).")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db.models import Count

    from archive.kinds import KINDS
    from archive.models import Article
    from archive.network import PER_KIND, co_mentions

    print(f"{Article.objects.count()} articles")
    print("kind | entity | its articles | nodes | edges | SQL ms | baseline ms | ratio")
    for kind in KINDS:
        entity = kind.model.objects.annotate(n=Count("mentions")).order_by("-n").first()
        ours, network = best_of(args.repeat, lambda e=entity: co_mentions(e))
        base, (nodes, edges) = best_of(args.repeat, lambda e=entity: baseline(e, KINDS, PER_KIND))
        assert (nodes, edges) == (len(network.nodes), len(network.edges)), (nodes, edges)
        print(
            f"{kind.name} | {entity} | {entity.n} | {len(network.nodes)} | {len(network.edges)}"
            f" | {ours * 1000:.0f} | {base * 1000:.0f} | {ours / base:.2f}"
        )


if __name__ == "__main__":
    main()
