"""Give a benchmark archive of the corpus (which has no dates or outlets) publication dates
spread over 2010-2025 and outlets, the same for every article id in every database:

    ARCHIVE_DATA_DIR=/tmp/c35/data .venv/bin/python bench/spread_metadata.py
    DATABASE_URL=postgres://... .venv/bin/python bench/spread_metadata.py

so that the year and source facets and the newest-first order have something to work on.
Deterministic: an article's date and outlet come from random.Random(its id).
"""

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from archive.models import Article, Source, unique_slug  # noqa: E402

OUTLETS = [
    ("Báo Nhân Dân", 8),
    ("Báo Quân đội nhân dân", 4),
    ("Tạp chí Xây dựng Đảng", 3),
    ("Báo Hậu Giang", 2),
    ("Báo Điện Biên Phủ", 2),
    ("Báo Quảng Ngãi", 2),
    ("Báo Bạc Liêu", 1),
    ("Báo Đắk Nông", 1),
    ("Báo Nghệ An", 2),
    ("Báo Hà Tĩnh", 1),
    ("Báo Tiền Phong", 3),
    ("Báo Thanh Niên", 3),
]
START, DAYS = date(2010, 1, 1), (date(2025, 12, 31) - date(2010, 1, 1)).days
# One article in fifty keeps no date, as pages without a date line do.
UNDATED = 50


def main():
    sources = []
    for name, weight in OUTLETS:
        source = Source.objects.filter(name=name).first() or Source.objects.create(
            name=name, slug=unique_slug(Source, name)
        )
        sources.append((source, weight))
    population = [s for s, _w in sources]
    weights = [w for _s, w in sources]
    batch = []
    for article in Article.objects.only("id").order_by("pk").iterator(chunk_size=5000):
        rng = random.Random(article.pk)
        article.published = (
            None if rng.randrange(UNDATED) == 0 else START + timedelta(rng.randrange(DAYS))
        )
        article.source = rng.choices(population, weights)[0]
        batch.append(article)
        if len(batch) >= 2000:
            Article.objects.bulk_update(batch, ["published", "source"])
            batch = []
    Article.objects.bulk_update(batch, ["published", "source"])
    print(f"{Article.objects.count()} articles dated and given one of {len(sources)} outlets")


if __name__ == "__main__":
    main()
