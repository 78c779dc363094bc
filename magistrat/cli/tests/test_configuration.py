"""A mistake in a MAGISTRAT_* variable is a one-line error naming the variable (exit status 1),
whatever command is run — not a traceback from deep inside Django."""

import os
import subprocess

import pytest

from magistrat.cli.testing import BIN, assert_one_line_error


@pytest.mark.parametrize(("variables", "named"), [
    ({"MAGISTRAT_DATABASE_URL": "foo://bar"}, "MAGISTRAT_DATABASE_URL"),
    ({"MAGISTRAT_DATABASE_URL": "postgres://u@h:abc/db"}, "MAGISTRAT_DATABASE_URL"),
    ({"MAGISTRAT_DATA_DIR": "/proc/nope"}, "MAGISTRAT_DATA_DIR"),
    ({"MAGISTRAT_HSTS_SECONDS": "abc", "DJANGO_SETTINGS_MODULE": "config.settings.prod"},
     "MAGISTRAT_HSTS_SECONDS"),
    ({"MAGISTRAT_PROXY_COUNT": "x"}, "MAGISTRAT_PROXY_COUNT"),
    ({"MAGISTRAT_DEBUG": "maybe"}, "MAGISTRAT_DEBUG"),
    ({"MAGISTRAT_WORKERS": "three"}, "MAGISTRAT_WORKERS"),
    ({"MAGISTRAT_IMPORT_MAX_MB": "-5"}, "MAGISTRAT_IMPORT_MAX_MB"),
    ({"MAGISTRAT_LOG_LEVEL": "loud"}, "MAGISTRAT_LOG_LEVEL"),
    ({"MAGISTRAT_BASE_URL": "magistrat.example.pl"}, "MAGISTRAT_BASE_URL"),
])
@pytest.mark.parametrize("command", [["check"], ["serve", "--help"]])
def test_misconfiguration_is_one_line_naming_the_variable(tmp_path, variables, named, command):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAGISTRAT_"))}
    env.update({"MAGISTRAT_DATA_DIR": str(tmp_path), **variables})
    result = subprocess.run([BIN, *command], env=env, capture_output=True, text=True, timeout=60)
    assert_one_line_error(result, named)
    assert result.returncode == 1
