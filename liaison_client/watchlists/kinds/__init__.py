"""The kinds of watch-list entry: one module a kind, each validating and normalising a value.

:func:`~liaison_client.watchlists.kinds.registry.normalise` is the one entry point
the rest of the code calls; it dispatches on :class:`~.value.Kind`.
"""
