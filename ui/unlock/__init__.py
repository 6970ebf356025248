"""Opening an existing profile: the passphrase prompt and the can't-open screen."""
