"""The HTTP session to the relay: TLS trust, connection retries and timeouts.

- Trust: with a pinned CA (``liaison init --relay-ca FILE``, kept in the
  encrypted profile) *only* that CA is trusted, and the PEM never touches
  disk: it is loaded into an ``ssl.SSLContext`` from memory. Without one, the
  system store (certifi via requests).
- Retries at the urllib3 level only for failures to *connect*: nothing was
  sent, so repeating is safe for every call. Retries of calls that reached the
  relay happen in :class:`~liaison_client.net.client.RelayClient`, which signs
  each attempt afresh: urllib3 would resend the same signature, and the relay
  refuses replayed signatures.
- Every call has a timeout; no call can hang for ever.
"""

from __future__ import annotations

import ssl
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 30.0

_CONNECT_RETRY = Retry(
    total=2, connect=2, read=0, status=0, other=0, redirect=0,
    backoff_factor=0.2, allowed_methods=None, raise_on_status=False,
)


class _PinnedCAAdapter(HTTPAdapter):
    """Verifies the relay against one CA given as PEM text, and nothing else."""

    def __init__(self, ca_pem: str, **kwargs: Any) -> None:
        self._context = ssl.create_default_context(cadata=ca_pem)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)  # type: ignore[no-untyped-call]
        # requests points every verified connection at its default CA bundle;
        # urllib3 would add that bundle to our context. Keep the pin alone.
        conn.ca_certs = None
        conn.ca_cert_dir = None


def build_session(ca_pem: str | None) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies or CA paths from the environment
    adapter: HTTPAdapter
    if ca_pem is not None:
        try:
            adapter = _PinnedCAAdapter(ca_pem, max_retries=_CONNECT_RETRY, pool_maxsize=4)
        except ssl.SSLError as exc:
            raise ValueError(f"the pinned relay CA is not a PEM certificate: {exc}") from exc
    else:
        adapter = HTTPAdapter(max_retries=_CONNECT_RETRY, pool_maxsize=4)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = "liaison-client/1"
    return session
