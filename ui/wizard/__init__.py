"""The first-run wizard: who the officer is, which relay, how the key is kept, recovery key."""
