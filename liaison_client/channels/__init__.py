"""Closed channels: membership, message formats and the channel encryption service.

The service the sync engine and CLI call is :class:`~.channel_crypto.ChannelCrypto`;
today it is implemented with Olm + Megolm (:mod:`.megolm_channel_crypto`), and the
interface is shaped so an MLS (RFC 9420) implementation could replace it.
"""
