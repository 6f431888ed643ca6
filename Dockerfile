# The portal's image: web (gunicorn + WhiteNoise), worker and beat all run from it.
FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-liberation fonts-dejavu-core nodejs npm curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt package.json package-lock.json ./
RUN pip install -c constraints.txt . && npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules \
      static/scss/portal.scss static/css/portal.css \
 && DEBUG=1 python manage.py collectstatic --no-input -v0
RUN useradd --create-home portal && mkdir -p /app/var/uploads && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "referral_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "3", "--threads", "4", "--timeout", "60", "--access-logfile", "-"]
