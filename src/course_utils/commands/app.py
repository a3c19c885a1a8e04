"""``course app``: serve the business diagnosis (生意问诊) to merchants with Voilà."""

from __future__ import annotations

import argparse
import subprocess

from course_utils.i18n import Translator

tr = Translator("cli")


HELP = tr.gettext("serve the business diagnosis app (生意问诊) with Voilà at http://127.0.0.1:8866/")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from course_utils.app.server import DEFAULT_PORT

    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=tr.gettext("port to listen on (default 8866)"))
    parser.add_argument("--ip", default="127.0.0.1", help=tr.gettext("address to listen on (default 127.0.0.1: this "
                                                                     "computer only)"))


def run(args: argparse.Namespace) -> int:
    from course_utils.app.server import voila_command, voila_environment
    from course_utils.errors import CourseInputError

    if not 1 <= args.port <= 65535:
        raise CourseInputError(tr.gettext("--port should be between 1 and 65535; got {port}.", port=args.port), "port")
    address = f"http://{args.ip}:{args.port}/"
    print(tr.gettext("Business diagnosis app (生意问诊): open {address} in a browser. Press Ctrl-C to stop.",
                     address=address), flush=True)
    # Its own session: Ctrl-C reaches this command only, which stops Voilà in order (Voilà then
    # shuts its kernels down) instead of interrupting every kernel mid-start.
    process = subprocess.Popen(voila_command(port=args.port, ip=args.ip), env=voila_environment(),
                               start_new_session=True)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        print(tr.gettext("The app has stopped."), flush=True)
        return 0
