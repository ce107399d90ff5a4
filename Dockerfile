# e-guichet image: the same locked dependencies as `make` and CI.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_DEBUG=false \
    STATIC_ROOT=/srv/guichet/var/static MEDIA_ROOT=/srv/guichet/var/media \
    PRIVATE_ROOT=/srv/guichet/var/private
# WeasyPrint needs Pango; libpq for psycopg is in the binary wheel.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --home-dir /srv/guichet guichet
WORKDIR /srv/guichet
COPY requirements/lock.txt requirements/lock.txt
RUN pip install --no-cache-dir uv && uv pip install --system --no-cache -r requirements/lock.txt
COPY --chown=guichet:guichet . .
RUN SECRET_KEY=build ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p var/media var/private && chown -R guichet:guichet var
USER guichet
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", "0.0.0.0:8000", "config.wsgi"]
