"""Panes of the browser: each owns its rows and posts messages from ``kbio_tui.tui.messages``."""
