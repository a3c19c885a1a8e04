"""Interactive explorer factories, one module per lesson topic."""
