"""Author bylines in the corpus shape, against 80 articles labelled by hand (bench/bylines.tsv).

    .venv/bin/python bench/bylines.py                       # F1 on each half
    .venv/bin/python bench/bylines.py --save people.json    # also the people found, to compare
    .venv/bin/python bench/bylines.py --compare people.json # people found then and now
    .venv/bin/python bench/bylines.py --people 500          # people with the rule off and on

Author F1 counts names: a name found and labelled is a hit, one found and not labelled a
false positive (an outlet, a quoted speaker), one labelled and missed a miss. The rules were
tuned on the "tune" half only; the "test" half is reported as held out. --compare reads the
people that another version of the code found in the same articles (saved with --save) and
prints those found then and not now: losing any but byline names would cost people recall.
--people N does the same in one run on N other corpus articles, the byline rule switched
off (as before it) and on, and says of each person lost whether it was the byline.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LABELS = ROOT / "bench" / "bylines.tsv"
DEFAULT_CORPUS = Path("/tmp/corpus/baomoi")


def read_labels(path=LABELS):
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        article_id, half, names = (line.split("\t") + [""])[:3]
        rows.append((article_id, half, [n for n in names.split("|") if n]))
    return rows


def f1(hits, found, labelled):
    precision = hits / found if found else 1.0
    recall = hits / labelled if labelled else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def people_of(text, parsed):
    from archive.extract import extract_entities
    from archive.text import segment

    tokens = [segment(part) for part in parsed.texts()]
    entities = extract_entities(parsed.texts(), tokens, published=parsed.published)
    return sorted({person.name for person in entities.persons})


def main():
    from archive.ingest.parse import parse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="Folder of the corpus's <id>.txt files."
    )
    parser.add_argument("--save", type=Path, help="Write the people found per article here.")
    parser.add_argument("--compare", type=Path, help="People found by another version (--save).")
    parser.add_argument("--verbose", action="store_true", help="Print every article's authors.")
    parser.add_argument(
        "--people", type=int, default=0, help="Compare people found on N unlabelled articles."
    )
    args = parser.parse_args()
    if args.people:
        compare_people(args.corpus, args.people)
        return

    totals = {}
    people = {}
    for article_id, half, labelled in read_labels():
        text = (args.corpus / f"{article_id}.txt").read_text(encoding="utf-8")
        parsed = parse(text)
        found = parsed.authors
        hits = len(set(found) & set(labelled))
        counts = totals.setdefault(half, [0, 0, 0])
        counts[0] += hits
        counts[1] += len(found)
        counts[2] += len(labelled)
        if args.verbose or (half == "tune" and set(found) != set(labelled)):
            print(f"{half} {article_id}: found {found}, labelled {labelled}")
        if args.save or args.compare:
            people[article_id] = people_of(text, parsed)
    for half in ("tune", "test"):
        hits, found, labelled = totals[half]
        precision, recall, score = f1(hits, found, labelled)
        print(
            f"{half}: {found} found, {labelled} labelled, {hits} right: "
            f"precision {precision:.3f}, recall {recall:.3f}, F1 {score:.3f}"
        )
    if args.save:
        args.save.write_text(json.dumps(people, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        bylines = {name for _id, _half, names in read_labels() for name in names}
        lost = [(a, n) for a, names in before.items() for n in names if n not in people[a]]
        gained = [(a, n) for a, names in people.items() for n in names if n not in before[a]]
        print(
            f"people found: before {sum(map(len, before.values()))}, "
            f"now {sum(map(len, people.values()))}"
        )
        print(f"lost: {len(lost)} ({sum(n in bylines for _a, n in lost)} of them bylines)")
        for article_id, name in lost:
            print(f"  lost {article_id}: {name}{' (a byline)' if name in bylines else ''}")
        print(f"gained: {len(gained)}")
        for article_id, name in gained:
            print(f"  gained {article_id}: {name}")


def compare_people(corpus, n):
    """People found in n unlabelled corpus articles with the byline rule off, then on."""
    import random
    from unittest import mock

    from archive.ingest.parse import corpus as corpus_shape
    from archive.ingest.parse import parse

    labelled = {article_id for article_id, _half, _names in read_labels()}
    files = [p for p in sorted(corpus.glob("*.txt")) if p.stem not in labelled]
    before_total = after_total = 0
    lost, lost_bylines, gained = [], 0, []
    for path in random.Random(7).sample(files, n):
        text = path.read_text(encoding="utf-8")
        with mock.patch.object(corpus_shape, "_tail_byline", lambda body: None):
            old = parse(text)
            before = set(people_of(text, old))
        new = parse(text)
        after = set(people_of(text, new))
        before_total += len(before)
        after_total += len(after)
        for name in sorted(before - after):
            # "Lưu Hoài Theo" (a person found before) is the byline "Lưu Hoài" run into
            # "Theo Đời sống Plus"
            is_byline = any(name in author or author in name for author in new.authors)
            lost_bylines += is_byline
            lost.append((path.stem, name, is_byline))
        gained.extend((path.stem, name) for name in sorted(after - before))
    print(
        f"{n} unlabelled articles: people found with the rule off {before_total}, on {after_total}"
    )
    print(f"lost: {len(lost)}, of them the article's byline: {lost_bylines}")
    for article_id, name, is_byline in lost:
        print(f"  lost {article_id}: {name}{' (its byline)' if is_byline else ''}")
    print(f"gained: {len(gained)}")
    for article_id, name in gained:
        print(f"  gained {article_id}: {name}")


if __name__ == "__main__":
    main()
