"""Scratch archives and real processes for fault tests: bench/faults.py and tests/ share them.

A ScratchArchive is a data folder of its own (database, index) driven through manage.py
subprocesses, so a fault (a signal, a lock, a server stopped) hits a real process.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "articles"
CORPUS = Path("/tmp/corpus/baomoi")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_ROOT = Path("/tmp/reliability-pg")

# Printed as one JSON line by ScratchArchive.state(): what is stored, whole, and indexed.
_STATE = """
from archive.models import Article
from search.services import search_articles
broken = []
for article in Article.objects.all():
    lines = article.segmented.split("\\n")
    text = article.full_text
    spans_ok = all(
        0 <= s < e <= len(text)
        for kind in ("person", "organization", "directive", "province")
        for spans in getattr(article, kind + "_mentions").values_list("spans", flat=True)
        for s, e in spans
    )
    if len(lines) != len(article.document_parts()) or not spans_ok:
        broken.append(article.pk)
paths = sorted(Article.objects.values_list("source_path", flat=True))
print(json.dumps({"stored": len(paths), "paths": paths, "broken": broken,
                  "indexed": search_articles(query="*").count}))
"""


# How many articles an import must have for a fault to land while it is still storing: the
# writer commits 50 articles (or a second's worth) at a time, and runs of 40, 60 and 80 seed
# copies were each seen stored whole between two looks at the count.
UNDER_WAY = 400


def article_files(folder, count):
    """count article files in folder: corpus articles when unpacked, else varied seeds."""
    folder.mkdir(parents=True, exist_ok=True)
    if CORPUS.is_dir():
        sources = sorted(CORPUS.glob("*.txt"))[:count]
        for source in sources:
            shutil.copyfile(source, folder / source.name)
        if len(sources) == count:
            return sorted(folder.glob("*.txt"))
    seeds = sorted(SEEDS.glob("*.txt"))
    for n in range(count):
        seed = seeds[n % len(seeds)]
        text = seed.read_text(encoding="utf-8") + f"\n\nBản sao thứ {n} để thử nghiệm.\n"
        (folder / f"{n:04d}_{seed.name}").write_text(text, encoding="utf-8")
    return sorted(folder.glob("*.txt"))


@dataclass
class ScratchArchive:
    """A data folder of its own: SQLite there, or the PostgreSQL at database_url."""

    data: Path
    database_url: str = ""
    env: dict = field(init=False)

    def __post_init__(self):
        self.data.mkdir(parents=True, exist_ok=True)
        # Only what this archive says: a DATABASE_URL of the calling shell (bin/test's run on
        # PostgreSQL) must not carry a scratch archive onto that server.
        inherited = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DATABASE_REPLICA_URLS", "ARCHIVE_SEARCH_ENGINE")
        }
        self.env = {
            **inherited,
            "ARCHIVE_DATA_DIR": str(self.data),
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_SECRET_KEY": "scratch-archive-only",
            "PYTHONUNBUFFERED": "1",
        }
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url

    def manage(self, *args, timeout=600, check=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def migrate(self):
        """A new data folder as bin/serve makes it: tables, then the (empty) search index."""
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("ensure_index", "-v", "0")
        return self

    def start_import(self, *paths, workers=2):
        """manage.py import_articles as a child process (stdout and stderr to files)."""
        out, err = (self.data / "import.out").open("w"), (self.data / "import.err").open("w")
        args = ["import_articles", *map(str, paths), "--workers", str(workers), "--no-progress"]
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=err,
        )

    def output(self):
        """The last started import's (stdout, stderr)."""
        return (self.data / "import.out").read_text(), (self.data / "import.err").read_text()

    def python(self, code, timeout=120):
        """Run code with Django set up in this archive; its last printed line as JSON."""
        script = "import json, django\ndjango.setup()\n" + textwrap.dedent(code)
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"python snippet failed: {result.stderr[-2000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def state(self):
        """{"stored", "paths", "broken" (ids of articles not whole), "indexed"}."""
        return self.python(_STATE)

    def stored_count(self):
        """Articles stored, read straight from SQLite (cheap enough to poll)."""
        import sqlite3

        path = self.data / "archive.sqlite3"
        if not path.exists():
            return 0
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            try:
                return db.execute("SELECT count(*) FROM archive_article").fetchone()[0]
            except sqlite3.OperationalError:
                return 0


def wait_until(condition, *, timeout, interval=0.2, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise TimeoutError(f"{what} did not happen within {timeout} s")


def children_of(pid):
    """Every live descendant of pid (by /proc), children first."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in parents.get(queue.pop(0), []):
            found.append(child)
            queue.append(child)
    return found


def alive(pid):
    """True while pid runs (a zombie, dead but not yet reaped, counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def stop(process, sig=signal.SIGTERM, timeout=60):
    """Send sig to a child process and wait for it; its exit status."""
    process.send_signal(sig)
    return process.wait(timeout=timeout)


@dataclass
class PostgresCluster:
    """A PostgreSQL server of our own under /tmp/reliability-pg/<name>, on one port."""

    name: str
    port: int
    folder: Path = field(init=False)

    def __post_init__(self):
        self.folder = PG_ROOT / self.name

    @staticmethod
    def available():
        return (PG_BIN / "initdb").exists() and shutil.which("runuser") is not None

    def _as_postgres(self, *args, check=True, timeout=60):
        command = ["runuser", "-u", "postgres", "--", *map(str, args)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode:
            raise RuntimeError(f"{' '.join(command)}: {result.stdout}{result.stderr}")
        return result

    def start(self):
        """initdb (once), then start the server; returns self."""
        data = self.folder / "data"
        if not (data / "PG_VERSION").exists():
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            shutil.chown(self.folder, "postgres", "postgres")
            self._as_postgres(
                PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"
            )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = self.folder / "server.log"
        for attempt in range(3):
            # The port can be some client's ephemeral port for a moment (EADDRINUSE).
            started = self._as_postgres(
                PG_BIN / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start", check=False
            )
            if started.returncode == 0:
                return self
            time.sleep(1 + attempt)
        raise RuntimeError(f"PostgreSQL did not start on port {self.port}: see {log}")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def postmaster_pid(self):
        return int((self.folder / "data" / "postmaster.pid").read_text().split()[0])

    def kill(self):
        """The server dies at once (SIGKILL to the postmaster by its PID), as in a crash."""
        pid = self.postmaster_pid()
        backends = children_of(pid)
        os.kill(pid, signal.SIGKILL)
        for child in backends:  # else they hold its shared memory and block a restart
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
        # Gone, not just dead: a new postmaster refuses to start while the old PID (even a
        # zombie not yet reaped) exists.
        wait_until(
            lambda: not any(Path(f"/proc/{p}").exists() for p in [pid, *backends]),
            timeout=10,
            what="the server's processes' end",
        )

    @contextlib.contextmanager
    def frozen(self, *, whole=True):
        """The server stopped (SIGSTOP by PID) while the block runs, then let go on: the
        postmaster alone (it accepts connections and never answers them), or whole, every
        backend too (a connection kept open hangs)."""
        processes = [self.postmaster_pid()]
        if whole:
            processes += children_of(processes[0])
        for pid in processes:
            os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            for pid in processes:
                os.kill(pid, signal.SIGCONT)

    def stop(self):
        data = self.folder / "data"
        self._as_postgres(PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "stop", check=False)

    def standby(self, name, port):
        """A streaming replica of this server (pg_basebackup -R, hot standby), started."""
        replica = PostgresCluster(name, port)
        shutil.rmtree(replica.folder, ignore_errors=True)
        replica.folder.mkdir(parents=True)
        shutil.chown(replica.folder, "postgres", "postgres")
        self._as_postgres(
            PG_BIN / "pg_basebackup", "-D", replica.folder / "data", "-R", "-X", "stream",
            "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", timeout=300,
        )  # fmt: skip
        return replica.start()

    def sql(self, statement, database="postgres"):
        """One statement through psql; its output, unaligned, without headers."""
        psql = PG_BIN / "psql"
        return self._as_postgres(
            psql, "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-d", database,
            "-At", "-c", statement,
        ).stdout.strip()  # fmt: skip

    def create_database(self, name):
        psql = PG_BIN / "psql"
        sql = f'DROP DATABASE IF EXISTS "{name}"; CREATE DATABASE "{name}";'
        for statement in sql.split("; "):
            self._as_postgres(
                psql, "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-c", statement
            )
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"
