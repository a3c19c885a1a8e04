"""The app's kernels, forked from a warm template: a visitor's page does not wait for Python to import pandas.

Voilà starts a kernel for each visitor, and that kernel's imports were most of its start.
``course app`` (:func:`course_utils.app.server.voila_command`) gives Voilà :class:`AppKernels`
as its kernel manager: it starts the app's template (:mod:`course_utils.kernels.template`)
in a thread as the server starts, and each visitor's kernel is forked from it, or started
as usual when the template cannot be used. A forked kernel is a process of its own like
any other: Voilà's message filter, culling, restarts and shutdown treat it the same, and
when it is shut down it runs the exit handlers it registered (the visitor's upload folder
is removed by one), not the template's.
"""

from __future__ import annotations

import os
import threading

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, ServerKernelManager
from traitlets import default

from course_utils.kernels import template
from course_utils.kernels.warm import WarmStart, template_for

# What the app's notebook imports (its page, charts, readers and report) and the libraries under them;
# then its first chart, drawn once so that each visitor's kernel has the fonts loaded.
PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "ipywidgets", "course_utils.style",
           "course_utils.app.ui", "course_utils.app.charts:warm_up")


def app_template() -> template.Kind:
    """The template the app's kernels are forked from, with the matplotlib backend they would start with
    (matplotlib reads it when imported). The rest of the server's environment is the template's too."""
    return template.Kind("app", PRELOAD, (("MPLBACKEND", os.environ.get("MPLBACKEND") or template.INLINE_BACKEND),))


class AppKernelManager(WarmStart, ServerKernelManager):
    """One visitor's kernel, forked from the app's template."""

    def kernel_kind(self) -> template.Kind:
        return app_template()


class AppKernels(AsyncMappingKernelManager):
    """Voilà's kernels for the app: the template starts with the server, each kernel is an :class:`AppKernelManager`."""

    @default("kernel_manager_class")
    def _app_kernel_manager(self) -> str:
        return f"{AppKernelManager.__module__}.{AppKernelManager.__qualname__}"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # In a thread: the server answers while the template imports; a first visitor's fork waits for it.
        threading.Thread(target=self._start_template, name="app-kernel-template", daemon=True).start()

    def _start_template(self) -> None:
        """Start the template the kernels will be forked from: the one for the app's kernel command."""
        try:
            command = self.kernel_spec_manager.get_kernel_spec(self.default_kernel_name).argv
            kind = template_for(app_template(), command)
            if kind is not None:
                template.start(kind)
        except Exception as error:  # noqa: BLE001 - the first visitor's kernel start then says what is wrong
            self.log.warning("The app's kernel template was not started ahead of the first visitor: %s", error)  # i18n: not translated (a log line, as Jupyter's own)
