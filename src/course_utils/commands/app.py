"""``course app``: serve the business diagnosis (生意问诊) to merchants with Voilà."""

from __future__ import annotations

import argparse
import subprocess

from course_utils.messages import msg

HELP = msg("app.command_help")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from course_utils.app.server import DEFAULT_PORT

    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=msg("app.command_port_help"))
    parser.add_argument("--ip", default="127.0.0.1", help=msg("app.command_ip_help"))


def run(args: argparse.Namespace) -> int:
    from course_utils.app.server import voila_command, voila_environment
    from course_utils.errors import CourseInputError

    if not 1 <= args.port <= 65535:
        raise CourseInputError(msg("app.command_bad_port", port=args.port), "port")
    address = f"http://{args.ip}:{args.port}/"
    print(msg("app.command_serving", address=address), flush=True)
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
        print(msg("app.command_stopped"), flush=True)
        return 0
