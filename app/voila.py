# Voilà settings for the business diagnosis app that cannot be given on the command line
# (the rest are in course_utils.app.server.voila_command). Loaded through --Voila.config_file_paths.
from course_utils.app.server import page_hook

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.VoilaConfiguration.prelaunch_hook = page_hook
