"""The Textual browser.  Nothing here is imported by the core; ``app`` imports Textual lazily on purpose."""
