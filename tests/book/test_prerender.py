"""Chapter bodies rendered ahead, while the notebooks run, are the ones the editions' render uses."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from course_utils.book.bodycache import BodyCache, renderer_fingerprint
from course_utils.book.cache import read_notebook
from course_utils.book.config import load_config
from course_utils.book.prerender import prerender_chapter
from course_utils.book.render import render_book

pytestmark = pytest.mark.book


@pytest.mark.parametrize("part", ["lessons", "solutions"])
def test_a_body_rendered_ahead_is_found_by_the_render_and_is_the_same(built, tmp_path, part):
    root = built[0]
    config = load_config(root)
    notebooks = {chapter.key: read_notebook(chapter.path) for chapter in config.chapters if chapter.path.is_file()}
    chapter = next(c for c in config.chapters_for("instructor") if c.part == part)
    bodies_dir, templates = tmp_path / "bodies", tmp_path / "templates"
    editions = {edition: renderer_fingerprint(config, edition) for edition in ("student", "instructor")}
    done = prerender_chapter(config, editions, chapter.key, notebooks[chapter.key], bodies_dir, templates, "en")
    assert done == [e for e in ("student", "instructor") if chapter in config.chapters_for(e)]
    for edition in done:
        bodies = BodyCache(bodies_dir, renderer_fingerprint(config, edition))
        html = render_book(config, edition, notebooks, [], render_body=bodies.render, template_cache=templates)
        # Every other chapter was rendered now; that one came from the cache, under the render's own key.
        assert len(bodies.used) == len(config.chapters_for(edition))
        assert len(set(bodies.used) - set(bodies.rendered)) == 1
        assert html == render_book(config, edition, notebooks, [])  # no cache at all: the same book


def test_the_workers_that_render_ahead_give_way_to_everything_else():
    code = ("import os; from course_utils.book.prerender import lower_priority; lower_priority(); "
            "print(os.sched_getscheduler(0) == os.SCHED_IDLE or os.nice(0) == 19)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.stdout.strip() == "True"
