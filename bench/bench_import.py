"""Import benchmark: our import against underthesea's own word_tokenize, same articles, same run.

    .venv/bin/python bench/bench_import.py --limit 2000 --workers 2
    .venv/bin/python bench/bench_import.py --limit 0          # the whole corpus
    .venv/bin/python bench/bench_import.py --limit 1000 --prefill 10000   # into a full archive
    .venv/bin/python bench/bench_import.py --engine postgres \
        --database-url postgres://postgres@127.0.0.1:55400/imp_bench  # an empty database

Reports, on the same N corpus articles:
  word_tokenize   underthesea alone on each article's text (1 process, and `workers` processes)
  segment         our segmentation (symbols kept whole, offsets aligned), 1 process
  extract         entity extraction on the stored segmentation, 1 process, and its ratio to
                  word_tokenize (the target: at most 0.5, i.e. "half again")
  import          `manage.py import_articles --workers W` into a scratch data folder: articles/s,
                  the ratio to word_tokenize with as many processes (and with 1), peak memory
  writer          the import's one writer, its own time per stored article: storing (batches
                  of articles, entities, mentions, offices, index debts; PostgreSQL's index
                  rows too) and indexing (the Whoosh batches), from the import's -v 2 summary
  prefill         with --prefill N: N other corpus articles imported first, the same figures
                  for them, so that the writer's cost in an empty and in a full archive compare
"""

import argparse
import json
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "baomoi-news.tar.gz"


def corpus_files(corpus, limit, scratch):
    """The first `limit` articles (by name) of a corpus folder or of the .tar.gz."""
    corpus = Path(corpus)
    if corpus.is_file():
        target = scratch / "corpus"
        with tarfile.open(corpus) as archive:
            archive.extractall(target, filter="data")
        corpus = next(p for p in target.iterdir() if p.is_dir())
    files = sorted(corpus.rglob("*.txt"))
    return files[:limit] if limit else files


def _plain_text(path):
    return path.read_text(encoding="utf-8")


def _word_tokenize(text):
    from underthesea import word_tokenize

    return len(word_tokenize(text))


def _rate(count, seconds):
    return count / seconds if seconds else float("inf")


def time_word_tokenize(texts, workers):
    from underthesea import word_tokenize

    word_tokenize("khởi động")  # load the model outside the timing
    start = time.perf_counter()
    for text in texts:
        word_tokenize(text)
    single = time.perf_counter() - start
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(_word_tokenize, texts[: workers * 2])  # warm every worker
        start = time.perf_counter()
        pool.map(_word_tokenize, texts, chunksize=8)
        parallel = time.perf_counter() - start
    return single, parallel


def time_segment_and_extract(texts):
    from archive.extract import extract_entities
    from archive.ingest.parse import parse
    from archive.text import segment

    parsed = [parse(text) for text in texts]
    start = time.perf_counter()
    tokens = [[segment(part) for part in p.texts()] for p in parsed]
    seg = time.perf_counter() - start
    start = time.perf_counter()
    found = 0
    for p, toks in zip(parsed, tokens, strict=True):
        entities = extract_entities(p.texts(), toks, published=p.published)
        found += len(entities.persons) + len(entities.directives)
    ext = time.perf_counter() - start
    return seg, ext, found


def _environment(data, args):
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "ARCHIVE_SEARCH_ENGINE": args.engine,
    }
    env.pop("DATABASE_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    return env


def _writer_figures(lines):
    """(storing, indexing) CPU ms and wall ms an article from the import's "Writer:" line."""
    line = next((line for line in lines if line.startswith("Writer:")), "")
    found = re.search(r"\(([\d.]+) and ([\d.]+) ms an article\).*\(([\d.]+) ms", line)
    return tuple(float(g) for g in found.groups()) if found else (None, None, None)


def time_import(files, workers, scratch, env, *, name="import", profile=None):
    folder = scratch / name
    folder.mkdir()
    for path in files:
        (folder / path.name).symlink_to(path)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if profile:  # the main process only: the writer (the workers are other processes)
        manage = [sys.executable, "-m", "cProfile", "-o", profile, str(ROOT / "manage.py")]
    start = time.perf_counter()
    command = [
        "import_articles",
        str(folder),
        "--workers",
        str(workers),
        "--no-progress",
        "--follow-symlinks",  # the folder links to the corpus files
    ]
    run = subprocess.run([*manage, *command, "-v", "2"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines = run.stdout.strip().splitlines()
    summary = [line for line in lines if line.startswith("Imported")]
    storing, indexing, wall = _writer_figures(lines)
    if run.returncode:
        print(run.stderr[-2000:], file=sys.stderr)
    return {
        "seconds": seconds,
        "peak_kib": peak_kib,
        "summary": summary,
        "code": run.returncode,
        "writer_storing_ms": storing,
        "writer_indexing_ms": indexing,
        "writer_wall_ms": wall,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        default=str(DEFAULT_CORPUS),
        help="Corpus folder or .tar.gz (default: ../shared/corpus).",
    )
    parser.add_argument("--limit", type=int, default=2000, help="Articles to use (0: all).")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="Processes for the parallel runs (default: cores).",
    )
    parser.add_argument(
        "--engine",
        choices=["whoosh", "postgres"],
        default="whoosh",
        help="Search engine of the scratch archive (ARCHIVE_SEARCH_ENGINE).",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="An empty PostgreSQL database to import into (default: SQLite in the scratch "
        "folder); it is migrated, and left holding the articles.",
    )
    parser.add_argument(
        "--prefill",
        type=int,
        default=0,
        help="Import this many other corpus articles first (the writer in a full archive).",
    )
    parser.add_argument("--profile", help="cProfile the measured import's writer into this file.")
    parser.add_argument("--keep", help="Keep the scratch data folder here (for bench_search).")
    parser.add_argument("--json", help="Also write the figures to this JSON file.")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="luutru-bench-"))
    try:
        every = corpus_files(args.corpus, 0, scratch)
        files = every[: args.limit] if args.limit else every
        prefill = every[len(files) : len(files) + args.prefill]
        texts = [_plain_text(path) for path in files]
        n = len(texts)
        print(f"{n} articles, {args.workers} workers, {args.engine}, prefill {len(prefill)}")
        data = scratch / "data"
        env = _environment(data, args)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "ensure_index", "-v", "0"], env=env, check=True)
        figures = {"articles": n, "workers": args.workers, "engine": args.engine}
        if prefill:
            filled = time_import(prefill, args.workers, scratch, env, name="prefill")
            figures.update(
                prefill_articles=len(prefill),
                prefill_import_per_s=round(_rate(len(prefill), filled["seconds"]), 1),
                prefill_writer_storing_ms=filled["writer_storing_ms"],
                prefill_writer_indexing_ms=filled["writer_indexing_ms"],
                prefill_writer_wall_ms=filled["writer_wall_ms"],
                prefill_summary=filled["summary"],
            )
        wt_single, wt_parallel = time_word_tokenize(texts, args.workers)
        seg, ext, found = time_segment_and_extract(texts)
        run = time_import(files, args.workers, scratch, env, profile=args.profile)
        imp = run["seconds"]
        figures.update(
            {
                "word_tokenize_per_s_1proc": round(_rate(n, wt_single), 1),
                "word_tokenize_per_s_parallel": round(_rate(n, wt_parallel), 1),
                "segment_per_s_1proc": round(_rate(n, seg), 1),
                "extract_per_s_1proc": round(_rate(n, ext), 1),
                "extract_time_over_word_tokenize": round(ext / wt_single, 3),
                "segment_plus_extract_over_word_tokenize": round((seg + ext) / wt_single, 3),
                "import_per_s": round(_rate(n, imp), 1),
                "import_over_word_tokenize_1proc": round(_rate(n, imp) / _rate(n, wt_single), 3),
                "import_over_word_tokenize_parallel": round(
                    _rate(n, imp) / _rate(n, wt_parallel), 3
                ),
                "writer_storing_ms": run["writer_storing_ms"],
                "writer_indexing_ms": run["writer_indexing_ms"],
                "writer_wall_ms": run["writer_wall_ms"],
                "import_peak_rss_mib": round(run["peak_kib"] / 1024, 1),
                "entities_found": found,
                "import_summary": run["summary"],
                "import_exit_status": run["code"],
            }
        )
        for key, value in figures.items():
            print(f"  {key:42} {value}")
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False))
        if args.keep:
            shutil.copytree(data, args.keep, dirs_exist_ok=True)
            print(f"data folder kept in {args.keep}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
