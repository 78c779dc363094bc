"""The production settings as an operator runs them: `magistrat check --deploy` reports nothing
(HTTPS behind the proxy, secure cookies, HSTS, no debug), and the development defaults do not
pass it silently."""

import os
import subprocess

from magistrat.cli.testing import BIN


def _check(tmp_path, settings_module):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAGISTRAT_"))}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, MAGISTRAT_DATA_DIR=str(tmp_path),
               MAGISTRAT_ALLOWED_HOSTS="magistrat.mikstat.example", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([BIN, "check", "--deploy", "--fail-level", "WARNING"], env=env,
                          capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = _check(tmp_path, "config.settings.prod")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_settings_are_flagged_by_the_deployment_check(tmp_path):
    result = _check(tmp_path, "config.settings.base")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr or "security.W004" in result.stderr
