"""Errors the user sees as one line.  Kept free of pydantic and Whoosh so the CLI can catch them
without importing either before the browser has drawn its first screen."""

from __future__ import annotations


class IndexError_(Exception):
    """Base for index problems the user should see as a one-line message."""


class QuerySyntaxError(IndexError_):
    """A query that cannot be parsed or would be unbounded; ``str()`` is the message for the user."""


class SchemaMismatchError(IndexError_):
    """The index on disk was built by an incompatible version."""


class IndexBusyError(IndexError_):
    """Another process holds the write lock."""


class IndexUnavailableError(IndexError_):
    """No index at the path, or it cannot be read."""


class StateError(Exception):
    """A user's own state (saved searches, what they have seen) cannot be read or written."""
