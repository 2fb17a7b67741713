"""Screens: the main browser, entity pages, a full article view, help and export prompts."""
