"""The app as Voilà serves it (``course app``'s command line): what only the server and a browser show.

One server for the module, on a free loopback port with Jupyter folders of its own: the
host check that stops DNS rebinding, and, in headless Chromium, a file over the server's
websocket message limit (refused by its size, the connection kept), the upload button's
label and the widgets' tooltips.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from course_utils.app.fields import column_label
from course_utils.app.server import voila_command
from course_utils.i18n import Translator, using_language

pytestmark = pytest.mark.browser
WAIT = 90_000  # milliseconds: generous, the two cores are shared
STARTUP_SECONDS = 90
APP = Translator("app")


@dataclass(frozen=True)
class Served:
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def served(voila_home):
    base, env, port = voila_home()
    with (base / "voila.log").open("w") as log:
        process = subprocess.Popen(voila_command(port=port), env=env, cwd=base, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/api/themes/", timeout=5).close()
                break
            except urllib.error.HTTPError:
                break  # an answer: the server is up
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("Voilà did not start:\n" + (base / "voila.log").read_text()) from None
                time.sleep(0.5)
        yield Served(port)
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # Voilà shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _status(served: Served, host: str, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_request_that_names_another_host_is_refused(served):
    # A page on evil.example whose name is made to point at 127.0.0.1 (DNS rebinding) sends its own name.
    for path in ("/", "/voila/api/themes/", "/api/kernels"):
        assert _status(served, f"evil.example:{served.port}", path) == 403, path
    for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", f"[::1]:{served.port}"):
        assert _status(served, host, "/voila/api/themes/") != 403, host


def test_another_sites_script_gets_no_page(served):
    """A script on another site that fetches the page (which would start a kernel) is refused."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        connection.request("GET", "/", headers={"Host": f"127.0.0.1:{served.port}", "Sec-Fetch-Site": "cross-site",
                                                "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "empty"})
        assert connection.getresponse().status == 403
    finally:
        connection.close()


@pytest.fixture(scope="module")
def context(browser):
    """One browser context for the module, whose cache keeps the app's scripts between the tests' pages."""
    context = browser.new_context(viewport={"width": 1024, "height": 1400})
    yield context
    context.close()


@pytest.fixture
def page(context, served):
    page = context.new_page()
    page.goto(served.url + "/")
    page.locator(".app-binding").wait_for(timeout=WAIT)
    yield page
    if not page.is_closed():
        page.close(run_before_unload=True)  # the page asks the server to shut its kernel down


def test_a_file_over_the_servers_message_limit_is_refused_by_its_size_and_the_page_lives_on(page, served):
    import websocket  # websocket-client

    with page.expect_file_chooser(timeout=WAIT) as chooser:  # the widget makes its file input on click
        page.locator(".app-upload").click()
    chooser.value.set_files(files=[{"name": "huge.csv", "mimeType": "text/csv", "buffer": b"1," * (6 * 1024 * 1024)}])
    message = page.locator(".app-upload-status .app-error")
    message.wait_for(timeout=WAIT)
    assert "无法使用 huge.csv" in message.inner_text() and "12.6 MB" in message.inner_text()
    assert "最多接受 2 MB" in message.inner_text()
    page.locator(".app-cell-posts input").nth(2).fill("abc")  # the kernel still answers
    problem = page.locator(".app-problem").first
    problem.wait_for(timeout=WAIT)
    with using_language("zh"):
        assert problem.inner_text().startswith("2024-03 · " + column_label("posts"))
    # The kernel's websocket refuses another host's name too.
    kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(f"ws://127.0.0.1:{served.port}/api/kernels/{kernel}/channels",
                                    host=f"evil.example:{served.port}", timeout=30)
    assert refused.value.status_code == 403


def test_the_widgets_carry_their_own_labels_and_no_null_tooltips(page):
    assert page.locator('[title="null"]').count() == 0
    upload = page.locator(".app-upload")
    with using_language("zh"):
        label = APP.gettext("Upload CSV or Excel")
    assert upload.evaluate("e => getComputedStyle(e, '::after').content") == json.dumps(label, ensure_ascii=False)
    assert upload.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # the widget's "(0)" is not shown
    page.get_by_role("button", name="English", exact=True).click()
    page.locator('.app-result[lang="en"]').wait_for(timeout=WAIT)
    checkbox = page.locator(".app-family label.widget-label-basic")
    assert "Children's Day" in checkbox.inner_text()
    assert checkbox.evaluate("e => e.scrollWidth <= e.clientWidth")  # the whole label shows at 1024 px


def test_a_screen_reader_hears_the_page_in_its_language_and_each_box_by_its_name(page):
    """Names, states and language the widgets do not give by themselves (the page's script and hidden labels)."""
    from course_utils.app.fields import cell_name

    with using_language("zh"):
        title, posts = APP.gettext("Business diagnosis (生意问诊)"), cell_name("posts", "2024-03")
        language, upload = APP.gettext("Language"), APP.gettext("Upload CSV or Excel")
    page.wait_for_function("t => document.title === t", arg=title, timeout=WAIT)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").count() == 1 and page.get_by_role("main").count() == 1
    # Every one of the 144 boxes has a label of its own, shown to no one on screen.
    names = page.locator(".app-cell input").evaluate_all("boxes => boxes.map(b => b.labels[0].textContent)")
    assert len(names) == 144 and len(set(names)) == 144 and all(" · " in name for name in names)
    box = page.get_by_role("textbox", name=posts, exact=True)
    assert box.count() == 1
    assert page.locator(".app-cell .widget-label").first.evaluate("e => e.getBoundingClientRect().width") <= 1
    # Which toggle is on, and what the group is for.
    page.get_by_role("group", name=language).wait_for(timeout=WAIT)
    assert page.get_by_role("button", name="中文", pressed=True).count() == 1
    assert page.get_by_role("button", name="English", pressed=False).count() == 1
    assert page.get_by_role("button", name=upload, exact=True).count() == 1  # not "… (0)"
    # A wrong figure: the box says so itself; a polite live region says how many entries to check, once.
    box.fill("abc")
    page.locator(".app-cell-posts input[aria-invalid=true]").wait_for(timeout=WAIT)
    with using_language("zh"):
        one = APP.ngettext("{n} entry to check", "{n} entries to check", 1, n=1)
    page.wait_for_function("t => document.getElementById('app-announcer').textContent === t", arg=one, timeout=WAIT)
    assert page.locator("#app-announcer").get_attribute("aria-live") == "polite"
    assert page.locator("[role=alert] .app-problem, [aria-live] .app-problem").count() == 0
    box.focus()
    assert box.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # the widgets' CSS sets none
    page.get_by_role("button", name="English", exact=True).click()
    page.get_by_role("button", name="English", pressed=True).wait_for(timeout=WAIT)
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=WAIT)
    page.get_by_role("textbox", name="2024-03 · Posts", exact=True).wait_for(timeout=WAIT)  # renamed after the header
