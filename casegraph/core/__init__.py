"""Core values: errors, identifiers and settings. Imports nothing else of casegraph."""
