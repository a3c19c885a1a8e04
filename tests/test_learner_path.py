"""A learner's path needs only a learner's tools; the tests and the book get theirs.

`make setup`/`make lab` need Python and nothing that asks for root; a missing CJK font
is a warning with install commands. `make test` and `make book` install (as root on
Debian) or ask for the system packages they need (.ci/system-packages.sh).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import matplotlib
import pytest

from course_utils import style
from course_utils.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "system-packages.sh"


def dry_run(target: str) -> str:
    # -B lists every recipe, set-up included, whatever is already built; -n runs none of them.
    done = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def test_make_lab_and_setup_need_no_system_packages():
    for target in ("lab", "setup"):
        commands = dry_run(target)
        assert "course fonts" in commands and "pip install" in commands
        for word in ("system-packages", "apt-get", "chromium", "sudo"):
            assert word not in commands.lower(), f"make {target} runs {word}"


@pytest.mark.parametrize("target", ["test", "book"])
def test_make_test_and_book_install_what_they_need_first(target):
    commands = dry_run(target).splitlines()
    install = commands.index(f"bash .ci/system-packages.sh {target}")
    assert install < commands.index(".venv/bin/course fonts")


@pytest.fixture
def fake_system(tmp_path):
    """A PATH of stand-ins: `id`, `fc-list`, `apt-get` (which logs its arguments), optional `chromium`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep", "rm"):
        (bin_dir / tool).symlink_to(shutil.which(tool))

    def make(*, uid=1000, fonts="", chromium=False, apt=True):
        # fc-list prints the installed fonts of the family asked for (its first argument).
        stubs = {"id": f"echo {uid}", "fc-list": f"printf '%s' '{fonts}' | grep -F -- \"$1\" || true"}
        if apt:
            stubs["apt-get"] = f'echo "$@" >> {tmp_path}/apt.log'
        if chromium:
            stubs["chromium"] = "true"
        for name in ("id", "fc-list", "apt-get", "chromium"):
            (bin_dir / name).unlink(missing_ok=True)
        for name, body in stubs.items():
            (bin_dir / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
            (bin_dir / name).chmod(0o755)
        return {"PATH": str(bin_dir), "HOME": str(tmp_path)}

    return make


def run_script(env, *args):
    return subprocess.run([shutil.which("bash"), str(SCRIPT), *args], env=env, capture_output=True, text=True)


def apt_log(tmp_path) -> str:
    log = tmp_path / "apt.log"
    return log.read_text() if log.exists() else ""


def test_nothing_to_do_when_everything_is_there(fake_system, tmp_path):
    env = fake_system(fonts="Noto Sans CJK SC\nLiberation Serif\n", chromium=True)
    for target in ("test", "book"):
        done = run_script(env, target)
        assert done.returncode == 0, done.stderr
    assert apt_log(tmp_path) == ""


def test_without_root_it_names_what_to_install_and_stops(fake_system, tmp_path):
    env = fake_system(uid=1000)
    done = run_script(env, "test")
    assert done.returncode == 1
    assert "sudo apt-get install fonts-noto-cjk fonts-liberation2 chromium" in done.stderr
    book = run_script(env, "book")
    assert book.returncode == 1
    assert "sudo apt-get install fonts-noto-cjk fonts-liberation2\n" in book.stderr   # the book needs no browser
    assert apt_log(tmp_path) == ""


def test_as_root_on_debian_it_installs_only_what_is_missing(fake_system, tmp_path):
    env = fake_system(uid=0, fonts="Noto Sans CJK SC\n")
    done = run_script(env, "test")
    assert done.returncode == 0, done.stderr
    assert "install -y -qq --no-install-recommends fonts-liberation2 chromium" in apt_log(tmp_path)
    assert "fonts-noto-cjk" not in apt_log(tmp_path)


def test_without_apt_get_it_says_what_to_install(fake_system):
    done = run_script(fake_system(apt=False), "book")
    assert done.returncode == 1
    assert "no apt-get" in done.stderr and "Noto Sans CJK SC" in done.stderr


def test_an_unknown_target_is_refused(fake_system):
    done = run_script(fake_system(), "lab")
    assert done.returncode == 2 and "usage" in done.stderr


def test_chart_fonts_cover_linux_macos_and_windows_after_noto():
    fonts = style.CJK_FONTS
    assert fonts[0] == "Noto Sans CJK SC"
    for name in ("PingFang SC", "Hiragino Sans GB", "Heiti SC", "Microsoft YaHei", "SimHei"):
        assert fonts.index(name) > 0
    assert style.cjk_font_among(["DejaVu Sans", "SimHei"]) == "SimHei"


def test_missing_font_advice_gives_commands_for_each_system():
    advice = style.missing_font_advice(["DejaVu Sans", "Liberation Serif"])
    assert "sudo apt-get install fonts-noto-cjk" in advice
    assert "macOS" in advice and "brew install" in advice
    assert "Windows" in advice and "Microsoft YaHei" in advice
    assert style.missing_font_advice(["Hiragino Sans GB"]) is None


def fake_fonts(cached, on_disk):
    """A stand-in for style.installed_fonts: the cached list, or what a rescan finds."""
    scans = []

    def installed_fonts(rescan=False):
        scans.append(rescan)
        return on_disk if rescan else cached
    return installed_fonts, scans


def test_course_fonts_warns_but_does_not_stop(monkeypatch, capsys):
    fonts, scans = fake_fonts(["DejaVu Sans"], ["DejaVu Sans", "Liberation Serif"])
    monkeypatch.setattr(style, "installed_fonts", fonts)
    assert main(["fonts"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "fonts-noto-cjk" in err and "Windows" in err
    assert scans == [False, True]


def test_course_fonts_finds_a_font_installed_since_the_cache(monkeypatch, capsys):
    fonts, scans = fake_fonts(["DejaVu Sans"], ["DejaVu Sans", "PingFang SC"])
    monkeypatch.setattr(style, "installed_fonts", fonts)
    assert main(["fonts"]) == 0
    assert "PingFang SC" in capsys.readouterr().out


def test_course_fonts_does_not_rescan_when_the_cache_has_a_font(monkeypatch, capsys):
    fonts, scans = fake_fonts(["Noto Sans CJK SC"], [])
    monkeypatch.setattr(style, "installed_fonts", fonts)
    assert main(["fonts"]) == 0
    assert "Noto Sans CJK SC" in capsys.readouterr().out and scans == [False]


def test_apply_style_without_a_cjk_font_warns_with_the_same_advice(monkeypatch):
    monkeypatch.setattr(style, "installed_fonts", lambda rescan=False: ["DejaVu Sans"])
    with matplotlib.rc_context(), pytest.warns(UserWarning, match="apt-get install fonts-noto-cjk"):
        assert style.apply_style() is None



@pytest.mark.parametrize("lang, full_width", [("en", False), ("zh", True)])
def test_chart_quotes_are_latin_in_english_charts_and_chinese_in_chinese_ones(lang, full_width):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from course_utils.i18n import using_language

    with matplotlib.rc_context(), using_language(lang):
        style.apply_style()
        renderer = FigureCanvasAgg(Figure()).get_renderer()

        def width(text):
            return renderer.get_text_width_height_descent(text, FontProperties(size=20), ismath=False)[0]

        assert width("中") > 2 * width("i")  # the CJK font draws the Chinese in both
        # In the CJK font “ ’ × are as wide as a Chinese character: gaps in "article’s", "5× (“+400 %”)".
        assert [width(mark) > 0.8 * width("中") for mark in "“’×"] == [full_width] * 3
