# The archive served by gunicorn; the data folder (SQLite, Whoosh index, logs) is a volume.
#   docker build -t luutru .
#   docker run -p 8000:8000 -e DJANGO_SECRET_KEY=change-me -v luutru-data:/data luutru
# -e DATABASE_URL=postgres://... puts the archive on PostgreSQL (psycopg's wheel brings libpq).
# The newest Python that bin/test runs the whole suite on (bin/setup: 3.11 to 3.13).
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    ARCHIVE_DATA_DIR=/data \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY archive ./archive
COPY search ./search
RUN pip install --no-cache-dir .
COPY . .

RUN useradd --create-home --uid 1000 archive \
    && mkdir -p /data \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0 \
    && chown -R archive:archive /data /app
USER archive
VOLUME ["/data"]
EXPOSE 8000

# Migrations on start; ARCHIVE_LOAD_FIXTURES=1 also imports the sample articles.
CMD ["sh", "-c", "python manage.py migrate --noinput && if [ \"${ARCHIVE_LOAD_FIXTURES:-0}\" = 1 ]; then python manage.py import_articles fixtures/articles --no-progress; fi && python manage.py ensure_index && exec gunicorn config.wsgi:application --config config/gunicorn.py --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --access-logfile -"]
