"""Wrappers that own each cryptographic primitive, so no other module touches raw key bytes.

Olm/Megolm come from vodozemac (Matrix's Rust implementation, audited by
Least Authority in 2022); everything else from PyNaCl (libsodium).
"""
