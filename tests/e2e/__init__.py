"""End-to-end tests: the real `unionbot run` process against the fake Bot API server."""
