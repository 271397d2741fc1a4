"""What reading a captured HTML page costs beside the text of the same article, same run.

    .venv/bin/python bench/bench_html.py --limit 300           # corpus articles in the layouts
    .venv/bin/python bench/bench_html.py --seeds --repeat 40   # the five seeds, repeated

Each article is imported twice: as its text file, and as a web page in one of the three
site layouts of tests/pages.py (menus, sidebars, comment forms, ads, JSON-LD around it).
Reports, for the same articles:
  pipeline   the worker's work (read, parse, segment, extract) in one process, text files
             against pages (decode, lxml, metadata, trafilatura, the raw-page rules): the
             ratio, whose excess over 1 is what HTML adds (the target: at most 0.20)
  import     `manage.py import_articles --workers 1` end to end (store, link, index) on a
             folder of the text files and on a folder of the pages: CPU seconds, the
             median of three imports of each
  agreement  pages whose paragraphs are those of the text file's parse
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = Path("/tmp/corpus/baomoi")


def articles(args):
    """(name, text) of the articles to measure."""
    if args.seeds:
        seeds = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
        texts = [(p.stem, p.read_text(encoding="utf-8")) for p in seeds]
        return [(f"{name}-{n}", text) for n in range(args.repeat) for name, text in texts]
    files = sorted(args.corpus.glob("*.txt"))
    chosen = random.Random(args.seed).sample(files, min(args.limit, len(files)))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in chosen]


def pages(texts):
    """The HTML page of each article, rotating through the three layouts."""
    from archive.ingest.parse import parse
    from tests.pages import LAYOUTS, render

    made = []
    for (name, text), host in zip(texts, cycle(LAYOUTS), strict=False):
        parsed = parse(text)
        when = (
            parsed.published.isoformat() if parsed.published else "2017-05-22"
        ) + "T08:00:00+07:00"
        html = render(host, parsed, url=f"https://{host}/{name}.html", published=when)
        made.append((name, html.encode("utf-8")))
    return made


def time_pipeline(texts, htmls, rounds):
    """Seconds for the text files and for the pages, alternated article by article."""
    from archive.ingest.parse import parse
    from archive.pipeline import process_page, process_text
    from archive.text import segment

    segment("khởi động")  # load underthesea outside the timing
    text_seconds = html_seconds = 0.0
    agree = 0
    for round_ in range(rounds):
        for (name, text), (_name, html) in zip(texts, htmls, strict=True):
            for kind in ("text", "html") if round_ % 2 == 0 else ("html", "text"):
                start = time.perf_counter()
                if kind == "text":
                    process_text(text, path=name)
                    text_seconds += time.perf_counter() - start
                else:
                    done = process_page(html, path=name, kind="file")
                    html_seconds += time.perf_counter() - start
            agree += done.parsed.paragraphs == parse(text).paragraphs
    return text_seconds, html_seconds, agree / rounds


def time_import(folder, scratch, name):
    data = scratch / f"data-{name}"
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(
        [*manage, "import_articles", str(folder), "--workers", "1", "--no-progress"],
        env=env,
        capture_output=True,
        text=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the import, not wall time: on a machine shared with other work the wall
    # time of one import swung from half to twice the other's between runs.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, run.stdout.strip().splitlines()[-1:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="Folder of corpus <id>.txt files."
    )
    parser.add_argument("--limit", type=int, default=300, help="Corpus articles to measure.")
    parser.add_argument("--seed", type=int, default=14, help="Seed of the corpus sample.")
    parser.add_argument(
        "--seeds", action="store_true", help="Measure the five seed articles instead of the corpus."
    )
    parser.add_argument("--repeat", type=int, default=40, help="With --seeds: copies of each.")
    parser.add_argument("--rounds", type=int, default=2, help="Passes of the pipeline timing.")
    parser.add_argument("--no-import", action="store_true", help="Skip the end-to-end imports.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

    texts = articles(args)
    htmls = pages(texts)
    n = len(texts)
    text_s, html_s, agree = time_pipeline(texts, htmls, args.rounds)
    per = args.rounds * n
    print(
        f"articles: {n} ({'seeds' if args.seeds else 'corpus'}), layouts: 3, rounds: {args.rounds}"
    )
    print(f"pipeline, text files: {1000 * text_s / per:.1f} ms an article")
    print(f"pipeline, web pages:  {1000 * html_s / per:.1f} ms an article")
    print(
        f"pipeline ratio pages/text: {html_s / text_s:.3f} (HTML adds {html_s / text_s - 1:+.1%})"
    )
    print(f"agreement: {agree:.0f} of {n} pages give the text file's paragraphs")
    if args.no_import:
        return
    with tempfile.TemporaryDirectory(prefix="bench-html-") as scratch:
        scratch = Path(scratch)
        text_dir, html_dir = scratch / "text", scratch / "html"
        text_dir.mkdir()
        html_dir.mkdir()
        for (name, text), (_name, html) in zip(texts, htmls, strict=True):
            (text_dir / f"{name}.txt").write_text(text, encoding="utf-8")
            (html_dir / f"{name}.html").write_bytes(html)
        # Three times each, alternating, and the median of each.
        runs = {"text": [], "html": []}
        for kind in ("text", "html", "html", "text", "text", "html"):
            folder = text_dir if kind == "text" else html_dir
            runs[kind].append(time_import(folder, scratch, f"{kind}-{len(runs[kind])}"))
        text_import, text_out = sorted(runs["text"])[1]
        html_import, html_out = sorted(runs["html"])[1]
    print(f"import, text files: {text_import:.1f} CPU s {text_out}")
    print(f"import, web pages:  {html_import:.1f} CPU s {html_out}")
    print(
        f"import ratio pages/text: {html_import / text_import:.3f} "
        f"(HTML adds {html_import / text_import - 1:+.1%})"
    )


if __name__ == "__main__":
    main()
