"""Static charts and display tables, one module per lesson (matplotlib and HTML live here, not in models)."""
