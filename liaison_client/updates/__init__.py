"""Update checks: a signed manifest from IT's shared folder or URL (docs/INSTALL.md, "Updates")."""
