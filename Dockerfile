# listbot's image: the package, the shipped templates and config as defaults.
# docker-compose.yml mounts the real config (deploy/compose/), the moderators' files (config/, templates/)
# and a volume for the state.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /srv/listbot
# config/ and templates/ go into the wheel as the shipped defaults (pyproject.toml maps them)
COPY pyproject.toml README.md ./
COPY config ./config
COPY templates ./templates
COPY listbot ./listbot
RUN pip install . \
 && useradd --system --home-dir /var/lib/listbot --create-home --shell /usr/sbin/nologin listbot

USER listbot
VOLUME ["/var/lib/listbot"]
EXPOSE 8025
ENTRYPOINT ["listbot"]
CMD ["run", "-c", "/etc/listbot/listbot.yaml"]
