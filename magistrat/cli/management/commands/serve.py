import errno
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import CommandError

from magistrat.cli.base import MagistratCommand

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def _die_with_parent():
    """Linux: the child gets SIGTERM when `magistrat serve` dies, even when it is killed."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Command(MagistratCommand):
    help = ("Serve the web UI and API — gunicorn (production-grade) unless MAGISTRAT_DEBUG is on — "
            "and run the background worker (imports of large files) beside it.")

    def add_command_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--workers", type=int, default=settings.MAGISTRAT_WORKERS,
                            help="gunicorn worker processes (default: MAGISTRAT_WORKERS or 3)")
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start the background worker (run `magistrat db_worker` "
                                 "yourself, e.g. as its own systemd service)")

    def handle(self, *args, host, port, workers, no_worker, **options):
        if not 0 < port < 65536:
            raise CommandError(f"port must be between 1 and 65535, not {port}")
        problem = cannot_listen(host, port)
        if problem:
            raise CommandError(problem)
        self.stdout.write(f"Magistrat on http://{host}:{port}/")
        sys.stdout.flush()
        if settings.DEBUG:
            server = [sys.executable, "-m", "magistrat.cli.main", "runserver", f"{host}:{port}"]
        else:
            server = [sys.executable, "-m", "gunicorn", "config.wsgi:application",
                      "--bind", f"{host}:{port}", "--workers", str(workers),
                      "--access-logfile", "-", "--timeout", "60"]
        worker = None if no_worker else [sys.executable, "-m", "magistrat.cli.main", "db_worker",
                                         "--queue-name", "default", "--verbosity", "1"]
        raise SystemExit(supervise(server, worker))


def cannot_listen(host: str, port: int) -> str:
    """Why the server could not listen on host:port (the port taken, the address not this
    machine's), found before anything starts; empty when it can."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        return f"cannot listen on {host}: {exc.strerror}"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as gunicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is already in use (is Magistrat already running?); "
                        "stop that server or choose another --port")
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return ""


def supervise(server: list[str], worker: list[str] | None) -> int:
    """Run the web server and the worker; restart the worker if it dies; stop both together."""
    stopping = False
    web = background = None

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for process in (web, background):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)

    for signum in STOP_SIGNALS:
        signal.signal(signum, stop)
    web = subprocess.Popen(server, preexec_fn=_die_with_parent)
    background = subprocess.Popen(worker, preexec_fn=_die_with_parent) if worker else None
    restarts = 0
    while web.poll() is None:
        time.sleep(0.5)
        if background is not None and background.poll() is not None and not stopping:
            restarts += 1
            time.sleep(min(30, 2 ** min(restarts, 5)))   # back off when it keeps failing
            background = subprocess.Popen(worker, preexec_fn=_die_with_parent)
    if background is not None and background.poll() is None:
        background.send_signal(signal.SIGTERM)
        try:
            background.wait(timeout=60)          # let a running import finish its transaction
        except subprocess.TimeoutExpired:
            background.kill()
    return 0 if stopping else web.returncode
