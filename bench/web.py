"""gunicorn over a scratch archive, and a client enough for the admin: for bench/faults.py
and the tests that make faults under real pages."""

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.scratch import ROOT, ScratchArchive, wait_until


def free_port(ports=range(8120, 8130)):
    """A free port among this project's (8120-8129)."""
    import socket

    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


@dataclass
class Server:
    """gunicorn serving a ScratchArchive on a loopback port."""

    archive: ScratchArchive
    workers: int = 1
    env: dict = field(default_factory=dict)
    process: subprocess.Popen | None = None
    url: str = ""

    def __enter__(self):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        gunicorn = Path(sys.executable).parent / "gunicorn"
        log = (self.archive.data / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            [gunicorn, "config.wsgi:application", "--config", "config/gunicorn.py"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", str(self.workers)],
            cwd=ROOT,
            env={**self.archive.env, "DJANGO_DEBUG": "0", **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._answers, timeout=60, what=f"gunicorn answering on {self.url}")
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise RuntimeError((self.archive.data / "gunicorn.log").read_text())
        try:
            Client(self.url).get("/static/css/error.css")
        except OSError:
            return False
        return True

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Client:
    """A browser enough for the admin: cookies, CSRF token, no redirects followed."""

    def __init__(self, base):
        import http.cookiejar
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, path, data=None, timeout=30):
        """(status, headers, body text, seconds taken)."""
        import urllib.error
        import urllib.parse
        import urllib.request

        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            token = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True)
            body = body.encode()
        started = time.monotonic()
        try:
            with self.opener.open(
                urllib.request.Request(self.base + path, data=body, headers=headers),
                timeout=timeout,
            ) as response:
                status, head, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, head, text = error.code, error.headers, error.read()
        return status, head, text.decode("utf-8", "replace"), time.monotonic() - started

    def get(self, path, timeout=30):
        return self.request(path, timeout=timeout)

    def post(self, path, data, timeout=30):
        return self.request(path, data=data, timeout=timeout)

    def login(self, username, password):
        self.get("/admin/login/")
        status, head, _text, _s = self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        if status != 302:
            raise RuntimeError(f"login as {username} failed ({status})")
        return self


def form_fields(html, form_id):
    """The fields a browser would send for the form with this id: {name: [values]}."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.inside, self.fields, self.current, self.selected = False, {}, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form":
                self.inside = attrs.get("id") == form_id
            if not self.inside or not attrs.get("name") and tag != "option":
                return
            if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
                if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                    return
                self.fields.setdefault(attrs["name"], []).append(attrs.get("value", "on"))
            elif tag == "textarea":
                self.current = attrs["name"]
                self.fields.setdefault(self.current, []).append("")
            elif tag == "select":
                self.selected = attrs["name"]
            elif tag == "option" and self.selected and "selected" in attrs:
                self.fields.setdefault(self.selected, []).append(attrs.get("value", ""))

        def handle_data(self, data):
            if self.current:
                self.fields[self.current][-1] += data

        def handle_endtag(self, tag):
            if tag == "textarea":
                self.current = None
            elif tag == "select":
                self.selected = None
            elif tag == "form":
                self.inside = False

    parser = Fields()
    parser.feed(html)
    for name, values in parser.fields.items():  # a textarea's first newline is markup
        parser.fields[name] = [v[1:] if v.startswith("\n") else v for v in values]
    return parser.fields
