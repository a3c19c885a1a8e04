"""The business diagnosis app (生意问诊) served by Voilà, driven in headless Chromium like a merchant.

One Voilà server for the module, started with the same command line as ``make app``
(:func:`course_utils.app.server.voila_command`) on a free loopback port, with its own
Jupyter folders. Every request a page makes to anywhere but that server is recorded, and
the test fails if there was one. Each test opens its own page (its own kernel) in one
browser context, whose cache keeps the app's scripts between pages. The expected diagnoses are
computed from the models, not written down.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import websocket  # websocket-client
from openpyxl import Workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from course_utils.app import results
from course_utils.app.fields import COLUMNS, column_label, month_text
from course_utils.app.server import voila_command
from course_utils.app.template_files import header
from course_utils.i18n import Translator, using_language
from course_utils.models.diagnosis_labels import stage_name
from course_utils.models.plan import action_text

pytestmark = pytest.mark.browser
WAIT = 90_000  # milliseconds: generous, the two cores are shared
STARTUP_SECONDS = 90
APP = Translator("app")


def _zh(text_of) -> str:
    """What the Chinese page shows: ``text_of()`` in Chinese."""
    with using_language("zh"):
        return text_of()


def _own_name() -> str:
    return _zh(lambda: APP.gettext("My business"))


@dataclass(frozen=True)
class Voila:
    url: str
    tmp: Path  # the server's and its kernels' TMPDIR: where upload folders are made
    pid: int  # the server's process
    template: int | None  # its kernel template's process, looked for as soon as the server answered


@pytest.fixture(scope="module")
def voila(voila_home, local_server, child_processes):
    base, env, port = voila_home()
    log = base / "voila.log"
    with local_server(voila_command(port=port), env=env, cwd=base, log=log, name="Voilà",
                      probe_url=f"http://127.0.0.1:{port}/voila/api/themes/", startup_seconds=STARTUP_SECONDS) as process:
        yield Voila(f"http://127.0.0.1:{port}", base, process.pid, _template_of(process.pid, child_processes))


@pytest.fixture(scope="module")
def app_context(browser):
    """One browser context for the module: each test opens its own page (and so its own kernel); the
    pages share the browser's cache of the app's scripts, as a merchant's second visit does."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def app_page(app_context, voila):
    """The app, opened fresh; fails the test if the page asked for anything outside the server."""
    url = voila.url
    outside: list[str] = []

    def seen(request):
        if not (request.url.startswith(url) or request.url.startswith("data:")):
            outside.append(request.url)

    page = app_context.new_page()
    page.on("request", seen)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.goto(url + "/")
    try:
        page.locator(".app-binding").wait_for(timeout=WAIT)
    except PlaywrightTimeoutError:
        # What a rare failure needs to be understood: the page, its console and the server's log.
        log = (voila.tmp / "voila.log").read_text(errors="replace")
        pytest.fail("the page showed no diagnosis in time.\nIts text:\n" + page.locator("body").inner_text()[:2000]
                    + "\nIts console:\n" + "\n".join(console[-40:]) + "\nThe server's log (end):\n" + log[-6000:])
    yield page
    if not page.is_closed():
        page.close()
    assert outside == [], f"the app asked for outside resources: {outside}"


def _binding_text(page) -> str:
    return page.locator(".app-binding").inner_text(timeout=WAIT)


def _wait_binding(page, business_name: str, binding: str) -> None:
    page.locator(f'.app-result[data-business="{business_name}"] .app-binding[data-binding="{binding}"]').wait_for(
        timeout=WAIT)


def test_pick_the_tea_brand_and_see_its_binding_constraint(app_page):
    tea, kidswear = results.case("tea"), results.case("kidswear")
    app_page.get_by_role("button", name=kidswear.name_zh, exact=True).click()
    _wait_binding(app_page, kidswear.name_zh, results.case_diagnosis("kidswear").binding)
    app_page.get_by_role("button", name=tea.name_zh, exact=True).click()
    binding = results.case_diagnosis("tea").binding
    _wait_binding(app_page, tea.name_zh, binding)
    text = _binding_text(app_page)
    assert _zh(lambda: stage_name(binding)) in text
    score = results.case_diagnosis("tea").scores[binding]
    assert f"{score:.2f}" in text
    assert "Traceback" not in app_page.content()


def test_switch_language(app_page):
    tea = results.case("tea")
    # The column guide opens in place and its table fits the page.
    app_page.locator(".app-guide summary").click()
    assert app_page.locator(".app-guide-table th", has_text="活跃客户").is_visible()
    assert app_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    app_page.get_by_role("button", name="English", exact=True).click()
    _wait_binding(app_page, tea.name_en, results.case_diagnosis("tea").binding)
    assert "Binding constraint" in _binding_text(app_page)
    assert app_page.get_by_role("button", name="Diagnose", exact=True).is_visible()
    app_page.get_by_role("button", name="中文", exact=True).click()
    _wait_binding(app_page, tea.name_zh, results.case_diagnosis("tea").binding)
    assert "开始诊断" in app_page.locator(".app-diagnose").inner_text()


def _case_rows(key: str, lang: str) -> list[list[object]]:
    rows = [header(lang)]
    for month, values in results.case(key).table.rows:
        rows.append([month_text(month)] + [values[column] for column in COLUMNS])
    return rows


def _upload(page, name: str, mime: str, data: bytes, margin: float) -> None:
    page.get_by_role("button", name=_own_name(), exact=True).click()
    page.locator(".app-margin input").fill(f"{margin * 100:g}")
    with page.expect_file_chooser(timeout=WAIT) as chooser:  # the widget makes its file input on click
        page.locator(".app-upload").click()
    chooser.value.set_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def test_upload_a_gbk_csv_and_see_the_diagnosis(app_page):
    kidswear = results.case("kidswear")
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_case_rows("kidswear", "zh"))
    _upload(app_page, "小芽童装-月度.csv", "text/csv", buffer.getvalue().encode("gbk"), kidswear.gross_margin)
    app_page.locator(".app-upload-status .app-ok").wait_for(timeout=WAIT)
    _wait_binding(app_page, _own_name(), results.case_diagnosis("kidswear").binding)


def test_upload_an_xlsx_with_a_title_row_and_see_the_diagnosis(app_page):
    bakery = results.case("bakery")
    workbook = Workbook()
    workbook.active.append([f"{bakery.name_zh} 2024 月度数据"])
    workbook.active.append([])
    for row in _case_rows("bakery", "en"):
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    _upload(app_page, "bakery.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            data.getvalue(), bakery.gross_margin)
    app_page.locator(".app-upload-status .app-ok").wait_for(timeout=WAIT)
    _wait_binding(app_page, _own_name(), results.case_diagnosis("bakery").binding)


def test_an_uploaded_file_is_removed_when_the_visitor_leaves(app_page, voila):
    name = f"tea-{uuid.uuid4().hex[:8]}.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_case_rows("tea", "en"))
    _upload(app_page, name, "text/csv", buffer.getvalue().encode("utf-8"), results.case("tea").gross_margin)
    app_page.locator(".app-upload-status .app-ok").wait_for(timeout=WAIT)
    saved = list(voila.tmp.glob(f"course-app-upload-*/{name}"))
    assert len(saved) == 1  # in the visitor's own temporary folder
    folder = saved[0].parent
    app_page.close(run_before_unload=True)  # the visitor closes the tab: the page asks for a shutdown
    deadline = time.monotonic() + WAIT / 1000
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not folder.exists()


def test_a_bad_upload_is_refused_with_a_message(app_page):
    _upload(app_page, "notes.csv", "text/csv", "订单号,金额\n1,20\n".encode("gbk"), 0.5)
    message = app_page.locator(".app-upload-status .app-error")
    message.wait_for(timeout=WAIT)
    assert "视频数" in message.inner_text() and "Traceback" not in app_page.content()


def test_a_bad_figure_shows_the_fields_message_not_a_traceback(app_page):
    cell = app_page.locator(".app-cell-posts input").nth(2)
    cell.fill("15万")
    problem = app_page.locator(".app-problem").first
    problem.wait_for(timeout=WAIT)
    month = month_text(results.case("tea").table.months[2])
    assert problem.inner_text().startswith(f"{month} · {_zh(lambda: column_label('posts'))}")
    assert "150,000" in problem.inner_text()
    app_page.locator(".app-diagnose").click()
    app_page.locator(".app-result-box .app-error").wait_for(timeout=WAIT)
    assert "Traceback" not in app_page.content() and "Error" not in app_page.locator(".course-app").inner_text()
    cell.fill("40")
    app_page.locator(".app-problem").wait_for(state="detached", timeout=WAIT)
    # On a phone the grid scrolls sideways: a row's month stays in view beside the figure being typed.
    app_page.set_viewport_size({"width": 390, "height": 844})
    far = app_page.locator(".app-cell-coupon_cost input").nth(2)
    far.scroll_into_view_if_needed()
    label, box = app_page.evaluate("""() => [document.querySelectorAll('.app-month-label')[3].getBoundingClientRect(),
        document.querySelectorAll('.app-cell-coupon_cost input')[2].getBoundingClientRect()]
        .map(r => [r.left, r.right])""")
    app_page.set_viewport_size({"width": 1400, "height": 1000})
    assert box[1] <= 390 and 0 <= label[0] and label[1] <= box[0], (label, box)


def test_download_the_pdf_and_read_it(app_page, tmp_path):
    tea = results.case("tea")
    app_page.locator(".app-pdf").click()
    link = app_page.locator(".app-pdf-download")
    link.wait_for(timeout=WAIT)
    with app_page.expect_download(timeout=WAIT) as download:
        link.click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(f"{dt.date.today().isoformat()}.pdf")
    text = "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "")
    diagnosis = results.case_diagnosis("tea")
    assert tea.name_zh in text and dt.date.today().isoformat() in text
    assert _zh(lambda: stage_name(("content", "private_domain", "monetisation")[diagnosis.maturity_stage - 1])) in text
    assert _zh(lambda: action_text(diagnosis.lever.key))[:15] in text
    assert "基准仅作示意" in text  # the benchmark note


def _kernel_id(page) -> str:
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    return config["kernelId"]


class _KernelSocket:
    """The page's kernel connection, as a browser script could open it: send shell messages, read replies."""

    def __init__(self, voila: Voila, page):
        url = voila.url.replace("http://", "ws://") + f"/api/kernels/{_kernel_id(page)}/channels"
        self.connection = websocket.create_connection(url, timeout=30)
        self.replies: dict[str, list[dict]] = {}  # by the id of the request answered

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        self.connection.send(json.dumps({"channel": "shell", "header": {
            "msg_id": msg_id, "msg_type": msg_type, "username": "", "session": uuid.uuid4().hex,
            "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "buffers": []}))
        return msg_id

    def read_until(self, msg_id: str, msg_type: str, seconds: float = 20) -> list[dict]:
        """Read until ``msg_id`` has been answered with a ``msg_type`` (or ``seconds`` passed); its answers."""
        deadline = time.monotonic() + seconds
        while msg_type not in [reply["msg_type"] for reply in self.replies.get(msg_id, [])] \
                and time.monotonic() < deadline:
            # Each wait bounded by what is left of ``seconds``, whatever else the connection carries.
            self.connection.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                message = json.loads(self.connection.recv())
            except websocket.WebSocketTimeoutException:
                break
            parent = message.get("parent_header", {}).get("msg_id")
            if parent:
                self.replies.setdefault(parent, []).append(message)
        return self.replies.get(msg_id, [])

    def close(self) -> None:
        self.connection.close()


def test_a_browser_cannot_run_code_through_the_kernel_connection(app_page, voila, tmp_path):
    target = tmp_path / f"pwned-{uuid.uuid4().hex}"
    kernel = _KernelSocket(voila, app_page)
    try:
        execute = kernel.send("execute_request", {"code": f"open({str(target)!r}, 'w').write('x')", "silent": False,
                                                  "store_history": False, "user_expressions": {},
                                                  "allow_stdin": False})
        probe = kernel.send("comm_info_request", {})  # an allowed message: proves the connection itself works
        assert "comm_info_reply" in [reply["msg_type"] for reply in kernel.read_until(probe, "comm_info_reply")]
        time.sleep(2)  # time enough for a request that got through to have run
        kernel.read_until(probe, "never sent", seconds=0.5)
        assert execute not in kernel.replies  # not even a "busy" status: the kernel never saw it
        assert not target.exists()
        assert 'Received message of type "execute_request", which is not allowed' in (
            voila.tmp / "voila.log").read_text()
    finally:
        kernel.close()


def test_the_page_gets_every_widgets_state_in_one_request(app_page, voila):
    """What the page's widget manager asks first: all states over ipywidgets' control comm. A kernel that
    has not registered its target closes the comm, and the page then asks widget by widget."""
    kernel = _KernelSocket(voila, app_page)
    try:
        comm_id = uuid.uuid4().hex
        kernel.send("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                    {"version": "1.0.0"})
        request = kernel.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        answers = kernel.read_until(request, "comm_msg")
        states = [reply["content"]["data"] for reply in answers if reply["msg_type"] == "comm_msg"]
        assert states and states[0]["method"] == "update_states"
        models = {state["model_name"] for state in states[0]["states"].values()}
        assert {"HTMLModel", "ButtonModel"} <= models  # the page's own widgets, the diagnosis among them
    finally:
        kernel.close()


def _templates(children: dict[int, str]) -> list[int]:
    """Which of a server's ``children`` are kernel templates."""
    return [pid for pid, command in children.items() if "course_utils.kernels.template_process" in command]


def _template_of(server: int, child_processes) -> int | None:
    """The server's kernel template, before any page asked for a kernel (it starts in a moment)."""
    deadline = time.monotonic() + 10
    while not _templates(child_processes(server)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return next(iter(_templates(child_processes(server))), None)


def test_a_visitors_kernel_is_forked_from_the_apps_template(app_page, voila, child_processes):
    assert voila.template is not None  # started with the server, before the first visitor
    assert _templates(child_processes(voila.pid)) == [voila.template]  # and the one every kernel is forked from
    assert not [command for command in child_processes(voila.pid).values() if "ipykernel_launcher" in command]
    kernels = child_processes(voila.template)
    assert kernels  # the open page's kernel, forked from the template
    # The kernel answers the page: its binding constraint is on screen (``app_page`` waited for it).
    assert _binding_text(app_page)


@pytest.mark.parametrize("path", ["/voila/files/diagnosis.ipynb", "/voila/files/voila.py", "/voila/files/../README.md",
                                  "/voila/files/%2e%2e/pyproject.toml", "/voila/tree", "/api/contents",
                                  "/voila/render/diagnosis.ipynb", "/diagnosis.ipynb"])
def test_the_app_serves_no_file_of_the_repository(voila, path):
    request = urllib.request.Request(voila.url + path)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read().decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as error:
        status, body = error.code, ""
    assert status != 200 or ("DiagnosisApp" not in body and "[project]" not in body), (path, status)
    assert "from course_utils" not in body


def test_the_app_listens_on_loopback_only_and_culls_idle_kernels():
    command = voila_command()
    assert "--Voila.ip=127.0.0.1" in command and "--strip_sources=True" in command
    assert os.path.basename(command[0]) == "voila" and Path(command[1]).name == "diagnosis.ipynb"
    culling = [part for part in command if "cull_idle_timeout" in part]
    assert culling and int(culling[0].split("=")[1]) > 0  # idle kernels without a page are culled
