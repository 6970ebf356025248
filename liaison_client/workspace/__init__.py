"""The workspace: an open profile's verbs, one domain service per module.

:class:`Workspace` (``facade.py``) composes the layers below — the channel
crypto (:mod:`liaison_client.channels`), the sync engine
(:mod:`liaison_client.sync`), the store and the relay client — into small,
typed services, each its own module and class:

=================  =========================  ========================================
attribute          module                     what an officer does with it
=================  =========================  ========================================
``channels``       ``channels.py``            list, create, invite, remove; members
``timeline``       ``timeline.py``            pages, re-reads, search, refusals, unread
``sending``        ``sending.py``             send text and files; delivery per device
``attachments``    ``attachments.py``         download and decrypt a message's file
``trust``          ``trust.py``               safety numbers, verify, unverify
``directory``      ``directory.py``           the relay's officer directory
``reports``        ``reports.py``             send warning, feedback, seizure reports
``watchlists``     ``watchlists.py``          watch-lists: edit, import, export, match
=================  =========================  ========================================

``Workspace`` itself keeps what concerns the profile as a whole: ``whoami``,
the relay client's life cycle (``for_profile``, ``reload_relay``, ``close``),
and the sync engine (:attr:`Workspace.engine`, ``sync``, ``connection``,
``outbox_count``). Every service shares one
:class:`~liaison_client.workspace.context.WorkspaceContext` (profile, store,
crypto state, outbound queue, engine, current relay client and the look-ups
several services need). Results are typed records; failures are one-line
:class:`~liaison_client.errors.LiaisonError`\\ s. No Qt here: the desktop app
calls the services through ``ui/operations.py`` on a worker thread and drives
:attr:`Workspace.engine` from its sync thread.

Adding a domain service (watch-lists, reports and transcripts are next: their
attributes will be ``watchlists``, ``reports`` and ``transcripts``, their
modules ``watchlists.py``, ``reports.py`` and ``transcripts.py`` here):

1. Write ``liaison_client/workspace/NAME.py`` with a class ``NAMEService`` whose
   ``__init__`` takes the :class:`WorkspaceContext` (and any other service it
   sends through, as :class:`ChannelsService` takes :class:`SendingService`),
   and the records it returns as frozen dataclasses in the same module. Domain
   logic that is not about one open profile (parsing, matching, rendering)
   belongs in its own package (e.g. ``liaison_client/watchlists/``); the
   service only wires it to the store, the crypto and the relay.
2. Create it in :meth:`Workspace.__init__` as ``self.NAME``; re-export its
   records below if the UI or the CLI name them.
3. Call it from the CLI and from the UI (through ``ServiceOp``), never past it.
4. Test it like ``tests/test_workspace.py``: against real profiles and a real
   relay process (the officers of ``tests/sync/conftest.py``), no mocks.
"""

from liaison_client.crypto.identity import format_fingerprint
from liaison_client.crypto.rejection import Rejection
from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.store.records import MessageState, Role
from liaison_client.workspace.attachments import AttachmentsService
from liaison_client.workspace.channels import (
    DEMO_CHANNELS_SETTING,
    BehindMember,
    ChannelsService,
    ChannelSummary,
    MemberSummary,
    flag_demo_channel,
)
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.directory import DirectoryService
from liaison_client.workspace.facade import Workspace
from liaison_client.workspace.lifecycle import LifecycleService, OperationInfo, OperationState
from liaison_client.workspace.local_events import ComparedBy, EventAction, TimelineEvent
from liaison_client.workspace.message_details import MemberDelivery, MemberRead, MessageDetails
from liaison_client.workspace.read_receipts import ReadMarked
from liaison_client.workspace.reports import ReportsService, SentReport, WarningChoice
from liaison_client.workspace.sending import SendingService, SendOutcome
from liaison_client.workspace.timeline import (
    KEY_WAIT_NOTICE_MS,
    TIMELINE_PAGE_SIZE,
    AttachmentInfo,
    KeyWait,
    MembershipChangeNotice,
    ReplyQuote,
    TimelineEntry,
    TimelinePage,
    TimelineService,
    TimelineState,
)
from liaison_client.workspace.trust import SafetyNumberView, TrustService
from liaison_client.workspace.watchlists import WatchlistEdit, WatchlistMatch, WatchlistsService

__all__ = [
    "DEMO_CHANNELS_SETTING",
    "KEY_WAIT_NOTICE_MS",
    "TIMELINE_PAGE_SIZE",
    "AttachmentInfo",
    "AttachmentsService",
    "BehindMember",
    "ChannelSummary",
    "ChannelsService",
    "ComparedBy",
    "DirectoryService",
    "EventAction",
    "KeyWait",
    "LifecycleService",
    "LocalDeliveryState",
    "MemberDelivery",
    "MemberRead",
    "MemberSummary",
    "MembershipChangeNotice",
    "MessageDetails",
    "MessageState",
    "OperationInfo",
    "OperationState",
    "ReadMarked",
    "Rejection",
    "ReplyQuote",
    "ReportsService",
    "Role",
    "SafetyNumberView",
    "SendOutcome",
    "SendingService",
    "SentReport",
    "TimelineEntry",
    "TimelineEvent",
    "TimelinePage",
    "TimelineService",
    "TimelineState",
    "TrustService",
    "WarningChoice",
    "WatchlistEdit", "WatchlistMatch", "WatchlistsService",
    "Workspace",
    "WorkspaceContext",
    "flag_demo_channel",
    "format_fingerprint",
]
