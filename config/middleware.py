"""The interface language, and which database a request reads from."""

import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """The language switch's cookie decides; the browser's Accept-Language does not.

    The archive's readers work in Vietnamese: a researcher whose browser asks for English
    still gets the Vietnamese interface until they switch.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


PRIMARY_COOKIE = "luutru_primary_until"
_SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")


class ReadYourWritesMiddleware:
    """With read replicas (config/routers.py): a request that writes reads from the primary,
    and so does every request of the same browser for ARCHIVE_REPLICA_LAG_SECONDS after
    it (a cookie says until when), so a curator's next page shows their change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from config.routers import reads_from_primary, replicas

        if not replicas():
            return self.get_response(request)
        writes = request.method not in _SAFE
        try:
            pinned = writes or float(request.COOKIES.get(PRIMARY_COOKIE, 0)) > time.time()
        except ValueError:
            pinned = writes
        if pinned:
            with reads_from_primary():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if writes:
            lag = settings.ARCHIVE_REPLICA_LAG_SECONDS
            response.set_cookie(
                PRIMARY_COOKIE,
                f"{time.time() + lag:.0f}",
                max_age=int(lag) + 1,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
