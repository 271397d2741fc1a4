"""What changed between two versions of a text: the changed paragraphs, word by word."""

from difflib import SequenceMatcher


def changes(old_lines, new_lines):
    """The changed paragraphs: each a list of ("same" | "del" | "ins", text) runs.

    A paragraph rewritten in place is compared word by word; one removed or added whole is
    one "del" or "ins" run. Unchanged paragraphs are left out.
    """
    found = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = old_lines[i1:i2], new_lines[j1:j2]
        paired = min(len(old), len(new)) if tag == "replace" else 0
        for a, b in zip(old[:paired], new[:paired], strict=True):
            found.append(words(a, b))
        found.extend([("del", line)] for line in old[paired:])
        found.extend([("ins", line)] for line in new[paired:])
    return found


def words(old, new, *, context=12):
    """("same" | "del" | "ins", text) runs turning old into new, compared by words; an
    unchanged stretch keeps `context` words beside each change ("…" for the rest)."""
    a, b = old.split(" "), new.split(" ")
    runs = []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same, first, last = a[i1:i2], n == 0, n == len(opcodes) - 1
            text = " ".join(same)
            if not first and not last and len(same) > 2 * context:
                text = " ".join(same[:context]) + " … " + " ".join(same[-context:])
            elif first and not last and len(same) > context:
                text = "… " + " ".join(same[-context:])
            elif last and not first and len(same) > context:
                text = " ".join(same[:context]) + " …"
            runs.append(("same", text))
            continue
        if i2 > i1:
            runs.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("ins", " ".join(b[j1:j2])))
    return runs
