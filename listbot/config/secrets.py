"""Reading passwords: from the environment variable or the file the configuration names, never from YAML."""

from __future__ import annotations

import os
from pathlib import Path

from listbot.config.schema import Secret
from listbot.errors import ConfigError, Problem


def read_password(secret: Secret, base: Path) -> str | None:
    """The password, or None when none is configured; ConfigError when the named source is missing."""
    if secret.password_env:
        value = os.environ.get(secret.password_env)
        if value is None:
            raise ConfigError(
                [Problem("environment", secret.password_env, "is not set; export it before starting listbot")]
            )
        return value
    if secret.password_file:
        path = secret.password_file if secret.password_file.is_absolute() else base / secret.password_file
        try:
            return path.read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError):
            raise ConfigError(
                [Problem(str(path), "password_file", "cannot be read or is empty; check the path and rights")]
            ) from None
    return None
