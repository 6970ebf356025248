"""The encrypted local store: one SQLCipher 4 database per profile.

``layout`` knows where a profile's files live, ``key_custody`` keeps the
database key (OS keyring or passphrase-wrapped, plus a recovery key),
``database`` opens SQLCipher and refuses plain SQLite, ``migrations`` brings
the schema forward, and ``store.Store`` is the typed interface the services use.
"""
