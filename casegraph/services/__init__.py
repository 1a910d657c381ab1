"""Services: ingest, resolve, saved-query runner, reports, pictures, exports.

They join the layers below (loaders, resolution, store) and are what the interfaces
(CLI, notebook helpers, demo) call.
"""
