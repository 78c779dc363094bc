"""The `magistrat` command as an operator runs it, for tests: a subprocess on a database of
its own — a fresh data directory on SQLite; on PostgreSQL a database beside the test database,
named after it, so suites running side by side (another checkout, another xdist worker) do not
drop each other's."""

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "magistrat"


def _postgres_url() -> str:
    url = os.environ.get("MAGISTRAT_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def _own_postgres_database(url: str, label: str) -> str:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = "_".join(part for part in (config["NAME"], label, worker) if part)
    with psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
                         password=config["PASSWORD"] or None, dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def cli_environment(tmp_path_factory, label: str) -> dict:
    """The environment of a `magistrat` subprocess whose database is migrated and holds the demo."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAGISTRAT_"))}
    env.update(MAGISTRAT_DATA_DIR=str(tmp_path_factory.mktemp(label)),
               MAGISTRAT_ALLOWED_HOSTS="testserver,127.0.0.1", PYTHONDONTWRITEBYTECODE="1")
    if _postgres_url():
        env["MAGISTRAT_DATABASE_URL"] = _own_postgres_database(_postgres_url(), label)
    for command in (["migrate", "--noinput"], ["demo"]):
        result = subprocess.run([BIN, *command], env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    return env


def run(env, *args, stdin=None, extra_env=None, check=True, **kwargs):
    result = subprocess.run([BIN, *map(str, args)], env={**env, **(extra_env or {})}, input=stdin,
                            capture_output=True, text=kwargs.pop("text", True), timeout=120, **kwargs)
    if check:
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


def assert_one_line_error(result, text):
    assert result.returncode != 0
    stderr = result.stderr if isinstance(result.stderr, str) else result.stderr.decode()
    assert "Traceback" not in stderr
    assert text in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
