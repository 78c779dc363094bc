"""Running `magistrat` as an operator does: a subprocess with its own environment."""

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "magistrat"


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
