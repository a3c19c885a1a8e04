"""Pure business models, one module per idea (no I/O, no plotting)."""
