"""``Workspace``: one open profile's domain services, composed.

The object the CLI and the desktop app hold while a profile is open. It owns
the shared :class:`~liaison_client.workspace.context.WorkspaceContext` and one
instance of each service; the verbs are on the services
(``workspace.channels.create(...)``, ``workspace.timeline.page(...)``). What
stays here is what concerns the whole profile: who it is, the relay client's
life cycle, the sync engine and its state.
"""

from __future__ import annotations

from liaison_client.net.client import RelayClient
from liaison_client.profile import Profile, Whoami
from liaison_client.relay_connection import client_for_profile
from liaison_client.sync.engine import ConnectionState, SyncEngine, SyncListener, SyncReport
from liaison_client.workspace.attachments import AttachmentsService
from liaison_client.workspace.channels import ChannelsService
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.directory import DirectoryService
from liaison_client.workspace.lifecycle import LifecycleService
from liaison_client.workspace.reports import ReportsService
from liaison_client.workspace.sending import SendingService
from liaison_client.workspace.timeline import TimelineService
from liaison_client.workspace.transcripts import TranscriptsService
from liaison_client.workspace.trust import TrustService
from liaison_client.workspace.watchlists import WatchlistsService


class Workspace:
    """An open profile's services; closing it stops the engine and the relay client."""

    def __init__(self, profile: Profile, client: RelayClient | None, *,
                 listener: SyncListener | None = None) -> None:
        self._context = WorkspaceContext(profile, client, listener=listener)
        #: Drives sync rounds (``ui/sync`` runs it on its own thread).
        self.engine: SyncEngine = self._context.engine
        self.sending = SendingService(self._context)
        self.channels = ChannelsService(self._context, self.sending)
        self.timeline = TimelineService(self._context)
        self.trust = TrustService(self._context)
        self.attachments = AttachmentsService(self._context)
        self.directory = DirectoryService(self._context)
        self.watchlists = WatchlistsService(self._context)
        # A joiner gets the watch-lists' signed op log with its invite (issue 14).
        self.channels.on_invite(lambda channel_id, _device: self.watchlists.queue_snapshot(
            channel_id))
        self.reports = ReportsService(self._context, self.sending)
        self.lifecycle = LifecycleService(self._context, self.channels)
        self.lifecycle.apply_retention()  # a device off on the day catches up at open
        self.transcripts = TranscriptsService(self._context)

    @classmethod
    def for_profile(cls, profile: Profile, *,
                    listener: SyncListener | None = None) -> Workspace:
        """The workspace over the profile's own relay (none if it was created without one)."""
        return cls(profile, client_for_profile(profile), listener=listener)

    def reload_relay(self) -> None:
        """Use the relay now saved in the profile (after
        :func:`~liaison_client.relay_connection.change_relay` or
        :func:`~liaison_client.relay_connection.join_relay`) without reopening:
        the engine gets a client for the new address and trust, the old one is closed.
        The channel crypto is rebuilt from the store too: joining published one-time
        keys of an Account the crypto state had not seen (it committed them to the
        store), and an inbound Olm session needs their private halves.
        Call it on the thread that runs sync rounds, between rounds."""
        self._context.state.reload()
        old = self._context.use_client(client_for_profile(self._context.profile))
        if old is not None:
            old.close()

    def close(self) -> None:
        self.engine.stop()
        client = self._context.client
        if client is not None:
            client.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the profile as a whole -------------------------------------------------------

    def whoami(self) -> Whoami:
        return self._context.profile.whoami()

    @property
    def connection(self) -> ConnectionState:
        return self.engine.connection

    def outbox_count(self) -> int:
        """Envelopes and composed messages not yet accepted by the relay."""
        store = self._context.store
        return store.outbox.count() + store.outgoing.count() + store.outgoing_folded.count()

    def sync(self, wait: float = 0.0) -> SyncReport:
        """Send what is queued and process everything pending (long-poll up to ``wait`` s)."""
        return self.engine.run_once(wait, ignore_backoff=True)
