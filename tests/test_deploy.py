"""Production settings: check --deploy clean with the documented variables, https behind a
proxy, a Content-Security-Policy on every page, a refused login `next` that lands well."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parent.parent
SECRET = "pR0d-" + "9f#K2m!xQ7vL@4zT" * 4  # long and varied, as check --deploy wants
DOCUMENTED = {
    "DJANGO_SECURE_PROXY": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "DJANGO_ALLOWED_HOSTS": "luutru.example.org",
}


def _production(tmp_path, code=None, args=(), **variables):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "ARCHIVE_DATA_DIR": str(tmp_path),
        **variables,
    }
    command = [sys.executable, "manage.py", *args] if code is None else [sys.executable, "-c", code]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_documented_variables(tmp_path):
    result = _production(tmp_path, args=["check", "--deploy", "--fail-level", "WARNING"])
    for warning in ("W004", "W008", "W012", "W016"):  # plain http: each is said
        assert warning in result.stderr
    result = _production(
        tmp_path, args=["check", "--deploy", "--fail-level", "WARNING"], **DOCUMENTED
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


_REQUESTS = """
import django
django.setup()
from django.test import Client
client = Client()
plain = client.get("/api/nowhere", HTTP_HOST="luutru.example.org")
https = client.get("/api/nowhere", HTTP_HOST="luutru.example.org", HTTP_X_FORWARDED_PROTO="https")
from django.conf import settings
print(plain.status_code, plain["Location"])
print(https.status_code, https["Strict-Transport-Security"])
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)
"""


def test_behind_an_https_proxy_http_redirects_and_https_gets_hsts(tmp_path):
    result = _production(tmp_path, code=_REQUESTS, **DOCUMENTED)
    assert result.returncode == 0, result.stderr
    plain, https, cookies = result.stdout.splitlines()
    assert plain == "301 https://luutru.example.org/api/nowhere"
    assert https == "404 max-age=31536000; includeSubDomains; preload"
    assert cookies == "True True"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/search/?q=Đảng", "/api/search", "/admin/login/"])
def test_every_page_has_a_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_a_refused_login_next_lands_on_the_admin_index(client, next_url):
    get_user_model().objects.create_user("thu", password="Biên-tập-viên-2024", is_staff=True)
    response = client.post(
        "/admin/login/?next=" + next_url,
        {"username": "thu", "password": "Biên-tập-viên-2024", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_login_required_pages_send_to_the_admin_login(client):
    from django.conf import settings
    from django.shortcuts import resolve_url

    assert resolve_url(settings.LOGIN_URL) == "/admin/login/"
