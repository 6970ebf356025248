"""Provenance: who made a file, checked offline.

``minisign`` holds the minisign file formats (keys, signatures) and their
sign/verify algorithms; ``build_verification`` checks a release folder
(``SHA256SUMS`` + ``SHA256SUMS.minisig``) against the publisher's key. Both are
pure: no Qt, no profile, no network, so an officer's machine without the
``minisign`` tool can still check a release or a transcript.
"""
