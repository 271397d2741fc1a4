"""Position titles against hand labels: precision, recall and F1 of the titles found beside
names, and the share of former titles found in `former`.

    .venv/bin/python bench/positions.py                      # this checkout, both halves
    .venv/bin/python bench/positions.py --split test         # the half never tuned on
    .venv/bin/python bench/positions.py --code /work/wt/base # the same on other code

--code puts another checkout's `archive` package first on the path, so the same labels
and segmentation measure the code before and after a change. Labels are in
bench/data/positions_labels.txt (format in its header); articles in --corpus.
"""

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "data" / "positions_labels.txt"
# Written before a title to mark it past; left out when titles are compared.
MARKERS = ("nguyên ", "cố ", "cựu ")


def read_labels(path):
    """[(file, split, {name: (current, former)})] from the labels file."""
    articles = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            fields = line[1:].split()
            if len(fields) != 2 or fields[1] not in ("dev", "test"):
                sys.exit(f"{path}:{number}: expected '@ <file> dev|test'")
            articles.append((fields[0], fields[1], {}))
            continue
        if "=" not in line or not articles:
            sys.exit(f"{path}:{number}: expected 'Name = current; ... | former; ...'")
        name, titles = (s.strip() for s in line.split("=", 1))
        current, _, former = titles.partition("|")
        articles[-1][2][name] = (_split(current), _split(former))
    return articles


def _split(text):
    return [t.strip() for t in text.split(";") if t.strip()]


def title_key(text, match_key):
    key = " ".join(match_key(text).replace("_", " ").split()).strip(" ,;:-–(.")
    for marker in MARKERS:
        if key.startswith(marker) and not key.startswith("cố vấn"):
            key = key[len(marker) :]
    return key


def merged(keys):
    """Distinct keys, one that another extends left out (as the extractor merges them)."""
    keys = set(keys)
    return {k for k in keys if not any(o != k and o.startswith(k + " ") for o in keys)}


def measure(articles, corpus, *, verbose):
    from archive.pipeline import process_text
    from archive.text import match_key

    tp = fp = fn = former_total = former_found = former_claimed = former_right = 0
    for file, _split_name, gold in articles:
        raw = (corpus / file).read_text(encoding="utf-8")
        persons = process_text(raw, path=file).entities.as_json()["persons"]
        found = {match_key(p["name"]): p for p in persons}
        names = {match_key(n) for n in gold} | set(found)
        for key in sorted(names):
            label = next((v for n, v in gold.items() if match_key(n) == key), ([], []))
            person = found.get(key, {})
            g_current = {title_key(t, match_key) for t in label[0]}
            g_former = merged(title_key(t, match_key) for t in label[1])
            g_all = merged(g_current | g_former)
            p_current = {title_key(t, match_key) for t in person.get("positions", [])}
            p_former = merged(title_key(t, match_key) for t in person.get("former", []))
            p_all = merged(p_current | p_former)
            tp += len(g_all & p_all)
            fp += len(p_all - g_all)
            fn += len(g_all - p_all)
            former_total += len(g_former)
            former_found += len(g_former & p_former)
            former_claimed += len(p_former)
            former_right += len(p_former & g_former)
            if verbose and (g_all != p_all or g_former != p_former):
                print(f"{file} {key}")
                for t in sorted(p_all - g_all):
                    print(f"   + {t}")
                for t in sorted(g_all - p_all):
                    print(f"   - {t}")
                for t in sorted(g_former - p_former):
                    print(f"   former missed: {t}")
                for t in sorted(p_former - g_former):
                    print(f"   former wrong: {t}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(articles),
        "titles": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "former": former_found / former_total if former_total else 0.0,
        "former_titles": former_total,
        "former_precision": former_right / former_claimed if former_claimed else 0.0,
    }


def speed(corpus, n):
    """Articles per second of extraction alone, on the first n corpus files' segmentation."""
    import time

    from archive.extract import extract_entities
    from archive.ingest.parse import parse
    from archive.text import segment

    inputs = []
    for path in sorted(corpus.glob("*.txt"))[:n]:
        texts = parse(path.read_text(encoding="utf-8")).texts()
        inputs.append((texts, [segment(t) for t in texts]))
    start = time.perf_counter()
    for texts, tokens in inputs:
        extract_entities(texts, tokens)
    return len(inputs) / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=HERE.parent, help="checkout to measure")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--labels", type=Path, default=LABELS, help="labels file")
    parser.add_argument(
        "--corpus", type=Path, default=Path("/tmp/corpus/baomoi"), help="corpus folder"
    )
    parser.add_argument("--verbose", action="store_true", help="print every difference")
    parser.add_argument(
        "--speed", type=int, default=0, metavar="N", help="also time extraction on N articles"
    )
    args = parser.parse_args()
    if not (args.code / "archive" / "extract").is_dir():
        sys.exit(f"{args.code}: not a checkout of this project (no archive/extract)")
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: no such corpus folder")
    sys.path.insert(0, str(args.code))
    articles = read_labels(args.labels)
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    print(f"code: {args.code}")
    if args.speed:
        print(f"extraction: {speed(args.corpus, args.speed):.0f} articles/s ({args.speed} files)")
    for split in splits:
        chosen = [a for a in articles if a[1] == split]
        r = measure(chosen, args.corpus, verbose=args.verbose)
        print(
            f"{split}: {r['articles']} articles, {r['titles']} titles | "
            f"P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} | "
            f"former found {r['former']:.3f} of {r['former_titles']} "
            f"(precision of `former` {r['former_precision']:.3f})"
        )


if __name__ == "__main__":
    main()
