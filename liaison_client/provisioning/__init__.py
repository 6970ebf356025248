"""IT provisioning: the system-wide ``/etc/liaison/config.toml`` and the officer's override.

See :mod:`liaison_client.provisioning.config` and docs/INSTALL.md ("Provisioning").
"""
