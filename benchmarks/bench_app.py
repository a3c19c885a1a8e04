"""The business diagnosis app under load: 1 and 10 visitors at once, memory per visitor, PDF time.

Starts Voilà with the command line of ``make app`` on a free loopback port (its own
Jupyter folders), then for each crowd size opens that many headless Chromium pages
at the same moment and times each from ``page.goto`` to the binding constraint on
screen (the first diagnosis). While the pages are open it reads the resident memory
(VmRSS in /proc) of every kernel Voilà started: one kernel per visitor. Last, the
time to make the PDF: in one kernel-like process (``report_pdf``), and in the page
from the click to the download link. Only loopback traffic: every other request is
refused. Prints a table; the figures go to benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/bench_app.py [--crowds 1 10] [--pdf-runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 180_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, command line) of every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        found[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), cmdline)
    return found


def _kernels(parent: int) -> list[int]:
    """Kernel processes of the Voilà server: its children running ipykernel, and the children of its
    kernel template (``course_utils.kernels.template_process``), each forked to be a visitor's kernel."""
    processes = _processes()
    templates = {pid for pid, (ppid, cmdline) in processes.items()
                 if ppid == parent and "course_utils.kernels.template_process" in cmdline}
    return [pid for pid, (ppid, cmdline) in processes.items()
            if (ppid == parent and "ipykernel" in cmdline) or ppid in templates]


def start_voila(base: Path):
    from course_utils.app.server import voila_command, voila_environment

    env = voila_environment()
    for name in ("config", "data", "runtime", "ipython/profile_default"):
        (base / name).mkdir(parents=True)
    (base / "ipython/profile_default/ipython_kernel_config.json").write_text(
        json.dumps({"IPKernelApp": {"log_level": "ERROR"}}))
    env.update(JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_DATA_DIR=str(base / "data"),
               JUPYTER_RUNTIME_DIR=str(base / "runtime"), IPYTHONDIR=str(base / "ipython"),
               JUPYTER_PLATFORM_DIRS="1")
    port = _free_port()
    log = (base / "voila.log").open("w")
    process = subprocess.Popen(voila_command(port=port), env=env, stdout=log, stderr=subprocess.STDOUT, cwd=base)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/voila/api/themes/", timeout=2)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.3)
    return process, url


async def crowd(browser, url: str, size: int, server_pid: int, pdf: bool = False) -> dict:
    """``size`` visitors open the page at once; seconds to each one's first diagnosis."""
    outside: list[str] = []

    async def route(request_route):
        if request_route.request.url.startswith(url) or request_route.request.url.startswith("data:"):
            await request_route.continue_()
        else:
            outside.append(request_route.request.url)
            await request_route.abort()

    contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(size)]
    pages = []
    for context in contexts:
        await context.route("**/*", route)
        pages.append(await context.new_page())

    async def visit(page) -> float:
        started = time.perf_counter()
        await page.goto(url + "/", timeout=WAIT_MS)
        await page.locator(".app-binding").wait_for(timeout=WAIT_MS)
        return time.perf_counter() - started

    before = set(_kernels(server_pid))
    times = await asyncio.gather(*(visit(page) for page in pages))
    kernels = [pid for pid in _kernels(server_pid) if pid not in before]
    rss = [_rss_mib(pid) for pid in kernels]
    cpu = [_cpu_seconds(pid) for pid in kernels]
    result = dict(size=size, times=list(times), kernels=len(kernels), kernel_rss=rss, load=os.getloadavg()[0],
                  kernel_cpu=cpu,
                  server_rss=_rss_mib(server_pid), outside=outside)
    if pdf:
        started = time.perf_counter()
        await pages[0].locator(".app-pdf").click()
        await pages[0].locator(".app-pdf-download").wait_for(timeout=WAIT_MS)
        result["pdf_in_page"] = time.perf_counter() - started
    for page, context in zip(pages, contexts):
        await page.close(run_before_unload=True)  # closing the tab: Voilà's page asks for a shutdown
        await context.close()
    # Let Voilà shut the kernels of the closed pages down before the next crowd.
    deadline = time.monotonic() + 60
    while set(_kernels(server_pid)) & set(kernels) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    result["left_running"] = len(set(_kernels(server_pid)) & set(kernels))
    return result


def http_crowd(url: str, size: int, server_pid: int) -> dict:
    """``size`` page requests at once, without a browser: seconds until each page is delivered.

    Voilà runs the notebook before it sends the page's last bytes, so a delivered page holds
    a kernel that has already made the diagnosis; what a browser adds (loading the scripts
    and drawing the widgets) happens on the visitor's own machine.
    """
    from concurrent.futures import ThreadPoolExecutor
    from http.cookiejar import CookieJar

    def fetch(_):
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        started = time.perf_counter()
        page = opener.open(url + "/", timeout=WAIT_MS / 1000).read().decode("utf-8")
        elapsed = time.perf_counter() - started
        # The page carries the app's widget (its diagnosis made in the kernel) and no error output.
        assert "application/vnd.jupyter.widget-view+json" in page and "Traceback" not in page
        config = json.loads(page.split('<script id="jupyter-config-data" type="application/json">')[1]
                            .split("</script>")[0])
        xsrf = next(cookie.value for cookie in jar if cookie.name == "_xsrf")
        return elapsed, config["kernelId"], opener, xsrf

    before = set(_kernels(server_pid))
    with ThreadPoolExecutor(max_workers=size) as pool:
        fetched = list(pool.map(fetch, range(size)))
    kernels = [pid for pid in _kernels(server_pid) if pid not in before]
    result = dict(size=size, times=[item[0] for item in fetched], kernels=len(kernels),
                  kernel_rss=[_rss_mib(pid) for pid in kernels], kernel_cpu=[_cpu_seconds(pid) for pid in kernels],
                  server_rss=_rss_mib(server_pid), load=os.getloadavg()[0], outside=[])
    for _, kernel_id, opener, xsrf in fetched:  # what the page does when the visitor leaves
        opener.open(urllib.request.Request(f"{url}/voila/api/shutdown/{kernel_id}", method="POST",
                                           data=f"_xsrf={xsrf}".encode()), timeout=60)
    deadline = time.monotonic() + 60
    while set(_kernels(server_pid)) & set(kernels) and time.monotonic() < deadline:
        time.sleep(0.5)
    result["left_running"] = len(set(_kernels(server_pid)) & set(kernels))
    return result


def pdf_times(runs: int) -> list[float]:
    from course_utils.app import charts, report, results
    from course_utils.style import apply_style

    apply_style()
    tea = results.case("tea")
    result = results.run(tea.name, tea.table, tea.gross_margin)
    png = charts.benchmark_png(result)
    report.report_pdf(result, png)  # warm: fonts found, WeasyPrint imported
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        report.report_pdf(result, png)
        times.append(time.perf_counter() - started)
    return times


async def main(crowds: list[int], pdf_runs: int, clients: list[str]) -> int:
    from playwright.async_api import async_playwright

    os.environ.setdefault("MPLBACKEND", "Agg")
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench-app-") as folder:
        process, url = start_voila(Path(folder))
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                await crowd(browser, url, 1, process.pid)  # warm the server's and the OS's caches
                rows = [await crowd(browser, url, size, process.pid, pdf=size == 1) for size in crowds
                        if "browser" in clients]
                await browser.close()
            for size in crowds if "http" in clients else []:
                row = http_crowd(url, size, process.pid)
                row["client"] = "http"
                rows.append(row)
        except Exception:
            print((Path(folder) / "voila.log").read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"{'client':>8} {'visitors':>8} {'first diagnosis: median s':>26} {'max s':>7} {'kernels':>8} "
          f"{'RSS per kernel MiB':>19} {'kernel CPU s':>13} {'server MiB':>11} {'load':>5}")
    for row in rows:
        rss = statistics.mean(row["kernel_rss"]) if row["kernel_rss"] else float("nan")
        cpu = statistics.mean(row["kernel_cpu"]) if row["kernel_cpu"] else float("nan")
        print(f"{row.get('client', 'browser'):>8} {row['size']:>8} {statistics.median(row['times']):>26.1f} {max(row['times']):>7.1f} "
              f"{row['kernels']:>8} {rss:>19.0f} {cpu:>13.2f} {row['server_rss']:>11.0f} {row['load']:>5.1f}")
        if row["left_running"]:
            print(f"  kernels still running 60 s after their pages were left: {row['left_running']}")
        if row["outside"]:
            print(f"  requests outside the machine (refused): {row['outside']}")
    in_page = [row["pdf_in_page"] for row in rows if "pdf_in_page" in row]
    times = pdf_times(pdf_runs)
    print(f"PDF report: {statistics.median(times):.2f} s median of {pdf_runs} (max {max(times):.2f}) in process; "
          + (f"{in_page[0]:.1f} s in the page, click to download link" if in_page else ""))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crowds", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--pdf-runs", type=int, default=5)
    parser.add_argument("--clients", nargs="+", choices=["browser", "http"], default=["browser", "http"],
                        help="browser: Chromium pages on this machine; http: page requests only")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.crowds, arguments.pdf_runs, arguments.clients)))
