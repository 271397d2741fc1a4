"""Batch lookup benchmark: a list of N lines resolved by search.lookup beside one lookup a line.

    python bench/bench_lookup.py --data /tmp/bench/c35 --lines 1000

--data is an archive data folder (ARCHIVE_DATA_DIR) with articles imported; nothing in it is
written. The list is drawn from its entities with a fixed seed: person, organisation and
province names as written, without diacritics and in upper case; directive symbols spaced
and lower-cased ("21 – kl/tw"); and lines that name nothing.

Measured in one run on the same list:
  1. baseline: each line on its own, as the search box's entity offers do it
     (search.entities._named per kind: a folded__contains scan per line and table, and
     directives_with_symbol per symbol), then the line's article count;
  2. ours: search.lookup.look_up(lines), bulk queries per list;
  3. ours end to end: POST /api/lookup with the list as text/plain (Django test client).
Results are printed and written to DATA/bench_lookup.json. See bench/README.md.
"""

import argparse
import json
import os
import random
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _plain(text):
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def build_list(n, seed=13):
    """n lines: 40% people, 15% organisations, 5% provinces, 15% symbols, 25% nothing."""
    from archive.models import Directive, Organization, Person, Province

    rng = random.Random(seed)
    people = list(Person.objects.values_list("name", flat=True))
    orgs = list(Organization.objects.values_list("name", flat=True))
    provinces = list(Province.objects.values_list("name", flat=True))
    keys = list(Directive.objects.exclude(key="").values_list("key", flat=True))
    spell = [lambda s: s, _plain, str.upper]
    lines = []
    for _ in range(int(n * 0.40)):
        lines.append(rng.choice(spell)(rng.choice(people)))
    for _ in range(int(n * 0.15)):
        lines.append(rng.choice(spell)(rng.choice(orgs)))
    for _ in range(int(n * 0.05)):
        lines.append(rng.choice(spell)(rng.choice(provinces)))
    for _ in range(int(n * 0.15)):
        key = rng.choice(keys)
        lines.append(rng.choice([key, key.lower().replace("-", " – ", 1)]))
    while len(lines) < n:
        lines.append(f"Nguyễn Văn Không Có {len(lines)}")
    rng.shuffle(lines)
    return lines


def baseline(lines):
    """One line at a time: the entity offers' per-line queries, then a count per entity."""
    from archive.kinds import KINDS
    from search.analyzer import find_query_symbols, fold
    from search.entities import _named, directives_with_symbol

    answers = []
    for line in lines:
        symbols = [s for _a, _b, s in find_query_symbols(line)]
        if symbols:
            found = [("directive", d) for d in directives_with_symbol(symbols)]
        else:
            key = fold(" ".join(line.split()))
            found = [(k.name, e) for k in KINDS for e in _named(k.model, key)]
        counts = [
            next(k for k in KINDS if k.name == kind).mentions_of(entity).count()
            for kind, entity in found
        ]
        answers.append((line, len(found), counts))
    return answers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="archive data folder (read only)")
    parser.add_argument("--lines", type=int, default=1000, help="lines in the list")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours; the best counts")
    args = parser.parse_args()

    os.environ["ARCHIVE_DATA_DIR"] = str(Path(args.data).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from archive.models import Article
    from search.lookup import look_up

    lines = build_list(args.lines)
    started = time.perf_counter()
    base = baseline(lines)
    base_s = time.perf_counter() - started

    ours_s, answers = float("inf"), None
    for _ in range(args.repeat):
        started = time.perf_counter()
        answers = look_up(lines)
        ours_s = min(ours_s, time.perf_counter() - started)

    client = Client()
    body = "\n".join(lines).encode("utf-8")
    started = time.perf_counter()
    response = client.post("/api/lookup", data=body, content_type="text/plain; charset=utf-8")
    api_s = time.perf_counter() - started
    assert response.status_code == 200, response.content[:300]

    statuses = {s: sum(a.status == s for a in answers) for s in ("found", "ambiguous", "not_found")}
    agree = sum(
        bool(found) == bool(a.matches) for (_l, found, _c), a in zip(base, answers, strict=True)
    )
    result = {
        "articles": Article.objects.count(),
        "lines": len(lines),
        "baseline_s": round(base_s, 3),
        "ours_s": round(ours_s, 3),
        "api_s": round(api_s, 3),
        "ratio": round(ours_s / base_s, 4),
        "statuses": statuses,
        "lines_where_both_found_something_or_both_nothing": agree,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = Path(args.data) / "bench_lookup.json"
    if os.access(out.parent, os.W_OK):
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
