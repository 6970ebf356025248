"""Liaison core: everything that is not Qt (crypto, store, relay, sync, CLI)."""
