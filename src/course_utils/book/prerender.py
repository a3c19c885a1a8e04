"""Chapter bodies rendered while the other notebooks still run, on the CPU their kernels leave idle.

A cold build spends half its time running notebooks, and a notebook's kernel waits on its
client between cells: about a quarter of both cores sits idle meanwhile. Rendering a
chapter's body (nbconvert, then typesetting) needs only its own executed notebook, so each
one goes to workers of their own as soon as its notebook is known (a handout at once, a
lesson when its run ends), into the body cache (``bodycache.py``) that the editions' render
then reads. A body rendered here is the one the render would make: the same function
(``render.render_chapter``) with the same inputs, under the same cache key.

The workers put themselves in the scheduler's idle class first, so a kernel that wakes is
not held up by them, and they are closed when the last notebook has run: the render and
print pool is another, at normal priority.
"""

from __future__ import annotations

import os
from concurrent.futures import wait
from pathlib import Path

from course_utils.book.bodycache import BodyCache, renderer_fingerprint
from course_utils.book.cache import merge_outputs
from course_utils.book.pools import process_pool
from course_utils.i18n import language, using_language

LOWEST_PRIORITY = 19  # the largest "nice" value: the scheduler runs it only when nothing else wants a core


def lower_priority() -> None:
    """Make this process the last the scheduler serves (for good: an unprivileged process may not undo it)."""
    try:
        # Linux's idle class: a kernel that wakes takes the core at once, not after a time slice.
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return
    except (AttributeError, OSError):  # elsewhere, the lowest "nice" priority
        pass
    try:
        os.nice(max(0, LOWEST_PRIORITY - os.nice(0)))
    except OSError:  # a system that refuses: the work is the same, only less polite
        pass


def prerender_chapter(config, editions: dict[str, str], key: str, nb, bodies_dir: Path, template_cache: Path,
                      lang: str) -> list[str]:
    """Render chapter ``key``'s body from its notebook as printed (``nb``) for each of ``editions``
    (edition → its ``renderer_fingerprint``) that prints it, into the body cache; the editions it
    rendered for (run in a worker)."""
    # Imported here, in the worker: the build's own process has no use for nbconvert.
    from course_utils.book.render import chapter_renderer, render_chapter

    lower_priority()
    done = []
    with using_language(lang):
        for edition, fingerprint in editions.items():
            chapter = next((c for c in config.chapters_for(edition) if c.key == key), None)
            if chapter is None:
                continue
            exporter, set_type, _rubrics = chapter_renderer(config, edition, [], template_cache)
            bodies = BodyCache(bodies_dir, fingerprint)
            render_chapter(bodies.render, exporter, set_type, chapter, nb)
            done.append(edition)
    return done


class Prerenderer:
    """Workers that render chapter bodies ahead, for a build's ``editions``, from ``current``
    (key → the notebook as read), into the cache under ``cache_dir``."""

    def __init__(self, config, editions, current: dict, cache_dir: Path, workers: int):
        self.config, self.current = config, current
        # Hashed once here (it reads the library and the templates), not again for every chapter.
        self.editions = {edition: renderer_fingerprint(config, edition) for edition in editions}
        self.bodies, self.templates = Path(cache_dir) / "bodies", Path(cache_dir) / "templates"
        self.pool = process_pool(workers)
        self.futures: list = []

    def submit(self, key: str, executed) -> None:
        """Render chapter ``key``, given its notebook as executed (or a handout's, blank)."""
        self.futures.append(self.pool.submit(prerender_chapter, self.config, self.editions, key,
                                             merge_outputs(self.current[key], executed), self.bodies,
                                             self.templates, language()))

    def close(self, finish: bool) -> None:
        """End the workers; with ``finish``, once the bodies under way are rendered (the render would
        make them next). A body that failed to render is left to the render, which fails on it with
        its message."""
        if finish:
            wait(self.futures)
        self.pool.shutdown(wait=finish, cancel_futures=True)
