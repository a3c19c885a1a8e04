"""Helper library for the course "WeChat Channels: From Content Tool to Commerce Loop".

Importing the package has no side effects: call :func:`course_utils.style.apply_style`
to set the chart style, and import the modules you need.
"""

__version__ = "1.0.0"
