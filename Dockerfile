# ct-rural: a small image that serves the dashboard with its database built in.
#   docker build -t ct-rural .    docker run -p 8000:8000 ct-rural
# The base comes from BASE_IMAGE (an official slim Python by default); both stages use it, so the
# virtual environment built in the first runs unchanged in the second.
ARG BASE_IMAGE=python:3.12-slim

FROM ${BASE_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
# npm fetches htmx, plotly.js and Swagger UI, pinned by package-lock.json; it stays in this stage.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.txt ./
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --quiet -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
COPY app ./app
COPY templates ./templates
COPY static ./static
COPY data ./data
COPY babel.cfg pyproject.toml ./
# Translations compiled and the database built here, at image build time.
RUN /opt/venv/bin/pybabel compile -d app/locales -D messages >/dev/null \
 && SQLITE_PATH=/src/build/ct_rural.sqlite /opt/venv/bin/python -m app build-db \
 && mkdir -p /out/node_modules \
 && cp -r node_modules/htmx.org node_modules/plotly.js-basic-dist-min node_modules/swagger-ui-dist /out/node_modules/

FROM ${BASE_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    HOST=0.0.0.0 PORT=8000 \
    SQLITE_PATH=/app/build/ct_rural.sqlite NODE_MODULES_PATH=/app/node_modules
# Chart images (/charts/{id}.png|.svg) are drawn by kaleido in a headless Chromium; CJK fonts so
# that Chinese text in them is text, not boxes.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null \
 && rm -rf /var/lib/apt/lists/*
ENV BROWSER_PATH=/usr/bin/chromium
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin ctrural
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /src/app ./app
COPY --from=build /src/templates ./templates
COPY --from=build /src/static ./static
COPY --from=build /src/build ./build
COPY --from=build /out/node_modules ./node_modules
# The app only reads: the code and the database belong to root and are read-only to the app user.
USER ctrural
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
CMD ["python", "-m", "app", "serve"]
