"""The first-run wizard: four pages, one service call, nothing half-created.

Relay → Identity → Security (commit: creates and opens the profile on the
service thread) → Recovery key (must be acknowledged to finish). The service
creates the profile atomically, so a failure at the commit step is shown
inline on the page it concerns and the officer simply corrects and retries.

Relay first (issue 11, item 3): the enrollment token fixes the agency, so
leaving the relay page asks the relay, on the service thread and without
spending the token, which agency it is for
(:func:`liaison_client.enrollment.token_agency`); a refused token, an
unreachable relay or a bad CA file is shown there and then, on the relay page,
and the identity page shows the relay's agency read only. The decision and the
relay route are in docs/UI.md ("First-run wizard").

The first (relay) page also offers "Try a demo workspace": the wizard then closes
without creating anything, :attr:`FirstRunWizard.wants_demo` is set, and the
launcher opens the demo (embedded relay, demo profiles in a directory of their
own) instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget, QWizard

from liaison_client.enrollment import (
    CreatedProfile,
    ProfileRequest,
    RelayInvitation,
    agency_refused,
    concerns_relay,
    create_and_open,
    relay_unreachable,
    token_agency,
    token_refused,
)
from liaison_client.profile import Profile
from liaison_client.provisioning.config import Provisioning, load_provisioning
from liaison_client.provisioning.errors import ProvisioningError
from ui.operations import ServiceOp, failure_message
from ui.widgets.buttons import mark_primary
from ui.widgets.retranslatable import Retranslatable
from ui.wizard.identity_page import IdentityPage
from ui.wizard.provisioned_defaults import (
    agency_refusal,
    apply_provisioning,
    security_refusal,
)
from ui.wizard.recovery_page import RecoveryPage
from ui.wizard.relay_page import RelayPage
from ui.wizard.security_page import SecurityPage


class FirstRunWizard(Retranslatable, QWizard):
    RELAY, IDENTITY, SECURITY, RECOVERY = range(4)

    def __init__(self, root: Path, keyring_unusable_reason: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self._root = root
        self._created: CreatedProfile | None = None
        self._profile: Profile | None = None
        self._creating = False
        self._wants_demo = False
        #: The relay invitation whose token's agency was asked, while it is being asked.
        self._checking: RelayInvitation | None = None
        #: The invitation last confirmed by the relay: unchanged, Next goes straight on.
        self._checked: RelayInvitation | None = None
        self.relay_page = RelayPage(self)
        self.relay_page.demo_requested.connect(self.choose_demo)
        self.identity_page = IdentityPage(self)
        self.security_page = SecurityPage(keyring_unusable_reason, self)
        self.recovery_page = RecoveryPage(self)
        self.setPage(self.RELAY, self.relay_page)
        self.setPage(self.IDENTITY, self.identity_page)
        self.setPage(self.SECURITY, self.security_page)
        self.setPage(self.RECOVERY, self.recovery_page)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOptions(QWizard.WizardOption.NoBackButtonOnStartPage
                        | QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setMinimumSize(QSize(640, 560))
        mark_primary(self.button(QWizard.WizardButton.NextButton),
                     self.button(QWizard.WizardButton.CommitButton),
                     self.button(QWizard.WizardButton.FinishButton))
        self.currentIdChanged.connect(self._page_changed)
        self.retranslate()
        #: IT's provisioning could not be read: shown, and the wizard does not go on.
        self.provisioning_error: str | None = None
        self._provisioning: Provisioning | None = None
        try:
            self._provisioning = load_provisioning(root)
            apply_provisioning(self, self._provisioning)
        except ProvisioningError as error:
            self.provisioning_error = str(error)
            self.relay_page.error.show_message(self.provisioning_error)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up Liaison"))
        # Our own words for Qt's standard buttons too: Qt's catalogue did not translate
        # them after a runtime switch to Chinese.
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create profile"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Open Liaison"))
        # A screen reader reads a button's accessible name, not its mnemonic text: without
        # a name of its own, Qt's wizard buttons were announced as bare "push button".
        names = {QWizard.WizardButton.BackButton: self.tr("Back"),
                 QWizard.WizardButton.NextButton: self.tr("Next"),
                 QWizard.WizardButton.CancelButton: self.tr("Cancel"),
                 QWizard.WizardButton.CommitButton: self.tr("Create profile"),
                 QWizard.WizardButton.FinishButton: self.tr("Open Liaison")}
        for which, name in names.items():
            self.button(which).setAccessibleName(name)

    def _page_changed(self, page_id: int) -> None:
        """On the recovery page the profile exists: only Finish remains."""
        if page_id == self.RECOVERY:
            self.setButtonLayout([QWizard.WizardButton.Stretch,
                                  QWizard.WizardButton.FinishButton])

    # -- creation ---------------------------------------------------------------

    def validateCurrentPage(self) -> bool:
        if self.provisioning_error is not None:
            return False
        if self.currentId() == self.RELAY:
            return self._relay_checked()
        if self.currentId() == self.IDENTITY and self.identity_page.enrolled_agency is None:
            refusal = agency_refusal(self._provisioning, self.identity_page.agency_edit.text())
            if refusal is not None:
                self.identity_page.error.show_message(refusal)
                return False
        if self.currentId() == self.SECURITY and self._created is None:
            refusal = security_refusal(self._provisioning, self.security_page)
            if refusal is not None:
                self.security_page.error.show_message(refusal)
                return False
            if not self._creating and self.security_page.check_entries():
                self._start_creation()
            return False
        return super().validateCurrentPage()

    # -- the token's agency ---------------------------------------------------------

    def _relay_checked(self) -> bool:
        """Leave the relay page only once the relay said which agency the token is for
        (or there is no relay). The question runs on the service thread; its answer
        presses Next again."""
        if not self.relay_page.validatePage():
            return False
        invitation = self.relay_page.enrollment()
        if invitation is None:
            self.identity_page.set_enrolled_agency(None)
            return True
        if invitation == self._checked:
            return True
        if self._checking is None:
            self._checking = invitation
            (ServiceOp(self, lambda: token_agency(invitation))
             .success(self._token_agency_known)
             .failure(self._token_check_failed)
             .with_progress(self.tr("Asking the relay which agency the token is for…"))
             .run_in_background())
        return False

    def _token_agency_known(self, agency: str | None) -> None:
        checked, self._checking = self._checking, None
        if checked != self.relay_page.enrollment():
            return  # the fields changed meanwhile: the officer presses Next again
        if agency is not None:
            refusal = agency_refusal(self._provisioning, agency)
            if refusal is not None:
                self.relay_page.show_service_error(self.tr(
                    "This enrollment token is for {agency}. {refusal}").format(
                        agency=agency, refusal=refusal), on_token=True)
                return
        self.identity_page.set_enrolled_agency(agency)
        self._checked = checked
        self.next()

    def _token_check_failed(self, exc: Exception) -> None:
        self._checking = None
        self._checked = None
        self.relay_page.show_service_error(
            self._relay_failure(exc), on_token=token_refused(exc))

    # -- creation ---------------------------------------------------------------

    def request(self) -> ProfileRequest:
        return ProfileRequest(
            root=self._root,
            name=self.identity_page.officer_name,
            agency=self.identity_page.agency,
            relay=self.relay_page.enrollment(),
            passphrase=self.security_page.chosen_passphrase(),
            provisioning=self._provisioning,
        )

    def _start_creation(self) -> None:
        self._creating = True
        request = self.request()
        (ServiceOp(self, lambda: create_and_open(request))
         .success(self._created_and_opened)
         .failure(self._creation_failed)
         .with_progress(self.tr("Creating your profile…"))
         .run_in_background())

    def _created_and_opened(self, created: CreatedProfile) -> None:
        self._creating = False
        self._created = created
        self._profile = created.profile
        self.security_page.forget_passphrase()
        self.recovery_page.show_key(created.new.recovery_key.formatted())
        self.next()

    def _creation_failed(self, exc: Exception) -> None:
        self._creating = False
        # The agency refused (a relay that could not tell it before): on the identity
        # page. Refused or spent token, relay unreachable, TLS/pin failure, unreadable
        # CA file: shown on the relay page, whose fields they concern.
        if agency_refused(exc):
            while self.currentId() != self.IDENTITY:
                self.back()
            self.identity_page.error.show_message(failure_message(exc))
            self.identity_page.agency_edit.setFocus()
        elif concerns_relay(exc):
            while self.currentId() != self.RELAY:
                self.back()
            self.relay_page.show_service_error(self._relay_failure(exc))
        else:
            self.security_page.show_service_error(failure_message(exc))

    def _relay_failure(self, exc: Exception) -> str:
        """Unreachable gets a sentence of our own: the client's line carries the
        HTTP library's diagnostics, which help a log reader, not an officer."""
        if relay_unreachable(exc):
            return self.tr("The relay at {url} cannot be reached. Check the address and "
                           "your network connection, then try again.").format(
                url=self.relay_page.url_edit.text().strip())
        return failure_message(exc)

    # -- the demo instead -----------------------------------------------------------

    @property
    def wants_demo(self) -> bool:
        """The officer chose the demo workspace: nothing was created here."""
        return self._wants_demo

    def choose_demo(self) -> None:
        """Close without a profile; the launcher opens the demo workspace instead."""
        if self._creating or self._created is not None:
            return
        self._wants_demo = True
        super().reject()

    # -- finishing ----------------------------------------------------------------

    @property
    def profile(self) -> Profile | None:
        """The created and opened profile, once the wizard was accepted."""
        return self._profile if self.result() == QWizard.DialogCode.Accepted else None

    def accept(self) -> None:
        if self._created is None or not self.recovery_page.isComplete():
            self.recovery_page.remind()
            return
        self.recovery_page.forget_key()
        self._created = None
        super().accept()

    def reject(self) -> None:
        """Before creation: cancel, nothing exists. After: the recovery key must be
        acknowledged; closing then just finishes, the profile is ready."""
        if self._creating:
            return
        if self._created is not None:
            self.accept()
            return
        super().reject()
