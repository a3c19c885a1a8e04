"""Starting Jupyter kernels: warm starts forked from a template process, and resource limits."""
