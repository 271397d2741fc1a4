"""Which files an import reads: the paths named, and the article files below named folders.

Every named path is tried and each one that cannot be read is reported, never the end of
the run. Inside a folder, files of another kind are counted as skipped by extension, and a
symbolic link that leads outside the folder is not followed unless asked: a link to
/etc/passwd in an imported folder was stored and served at the raw view.
"""

import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PathProblem:
    """A path not imported: error (counted as failed) or only skipped, with the reason."""

    path: str
    reason: str
    error: bool = True


def collect_paths(paths, *, suffixes, follow_symlinks=False):
    """(files to import in a stable order, problems) for the paths named.

    suffixes: the accepted file endings, compared case-insensitively (".txt" takes
    "X.TXT"). follow_symlinks: follow links inside folders wherever they lead.
    """
    suffixes = tuple(s.lower() for s in suffixes)
    files, problems, seen = [], [], set()

    def add(path):
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for name in paths:
        path = Path(name)
        kind = _kind(path)
        if kind == "folder":
            found, skipped = _walk(path, suffixes=suffixes, follow_symlinks=follow_symlinks)
            problems.extend(skipped)
            if not found and not skipped:
                problems.append(PathProblem(name, f"a folder with no {_listed(suffixes)} files"))
            for file in found:
                add(file)
        elif kind == "file":
            add(path)  # named by the user: read whatever its name or wherever its link leads
        else:
            problems.append(PathProblem(name, kind))
    return files, problems


def _kind(path):
    """ "file", "folder", or why the path cannot be imported."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return "a symbolic link to nothing"
        return "no such file or folder"
    except OSError as error:
        return f"could not be read ({error.strerror or error})"
    if stat.S_ISDIR(mode):
        if not os.access(path, os.R_OK | os.X_OK):
            return "a folder that could not be read (permission denied)"
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "not a regular file (a named pipe, FIFO)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    return "not a regular file (a device)"


def _walk(root, *, suffixes, follow_symlinks):
    """Article files below root, and what was skipped there and why."""
    root_real = os.path.realpath(root)
    found, problems, others = [], [], Counter()
    visited = {root_real}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            problems.append(PathProblem(str(folder), f"could not be read ({error.strerror})"))
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                target = os.path.realpath(path)
                inside = os.path.commonpath([root_real, target]) == root_real
                if not inside and not follow_symlinks:
                    problems.append(
                        PathProblem(
                            str(path),
                            f"a symbolic link leading outside {root} (to {target}); "
                            "not followed without --follow-symlinks",
                            error=False,
                        )
                    )
                    continue
            kind = _kind(path)
            if kind == "folder":
                real = os.path.realpath(path)
                if real not in visited:  # a link back up would loop for ever
                    visited.add(real)
                    subfolders.append(path)
            elif not entry.name.lower().endswith(suffixes):
                others[path.suffix.lower() or "(no extension)"] += 1
            elif kind == "file":
                found.append(path)
            else:
                problems.append(PathProblem(str(path), kind))
        stack.extend(subfolders)
    if others:
        counts = ", ".join(f"{suffix} {n}" for suffix, n in sorted(others.items()))
        problems.append(
            PathProblem(
                str(root),
                f"skipped {sum(others.values())} file(s) not ending in {_listed(suffixes)}"
                f" ({counts})",
                error=False,
            )
        )
    return sorted(found), problems


def _listed(suffixes):
    return " or ".join(suffixes)
