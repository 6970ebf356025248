"""Service errors in the officer's language: a :class:`LiaisonError`'s code → a ``tr()`` sentence.

``liaison_client`` knows nothing of Qt or languages: its errors carry a stable
``code``, the named ``params`` a sentence needs, and a one-line English message
for logs and the CLI. This is the UI's edge where that becomes text: the codes
an officer actually meets (relay unreachable, untrusted certificate, refused
token, wrong passphrase, full disk, not coordinator, changed key, unknown
device...) get a sentence of their own, translated like every other string
(context ``ErrorText`` in ``resources/translations/liaison_*.ts``).

Every code has a sentence except a broad family's (``usage``, ``unlock``: its class
says ``broad=True``), which covers raise sites too different for one sentence: an
untranslated but precise English line is better than a vague translated one.
``tests/ui/test_error_text.py`` walks every :class:`LiaisonError` subclass and fails
on a code without an English and a Chinese sentence here. A code unknown here (a
newer service layer) falls back to the English message too, and so does a raise
site that lacks a parameter its sentence needs. Besides the error's ``params``, a
sentence may use ``message``, the error's English line, where only the service
knows the detail (which file is damaged, why the embedded relay did not start):
the sentence then says in the officer's language what happened and keeps that
precise line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from liaison_client.errors import LiaisonError

_Sentence = Callable[[Mapping[str, str]], str]


def _sentences() -> dict[str, _Sentence]:
    """Built on each call so every sentence is looked up in the language now installed.
    The literal ``translate("ErrorText", ...)`` calls are what lupdate collects."""
    translate = QCoreApplication.translate
    return {
        "relay.unreachable": lambda _p: translate(
            "ErrorText", "The relay cannot be reached. Check your network connection; "
            "messages wait in the outbox and go out when the relay is back."),
        "relay.tls_untrusted": lambda _p: translate(
            "ErrorText", "The relay's certificate is not trusted: the pinned CA certificate "
            "does not match, or something is posing as the relay. Nothing was sent."),
        "relay.token_refused": lambda _p: translate(
            "ErrorText", "The relay refused the enrollment token: it is wrong, already used "
            "or expired. Ask your administrator for a new one."),
        "relay.agency_mismatch": lambda p: translate(
            "ErrorText", "This enrollment token was issued for another agency. Enter the "
            "agency exactly as your relay administrator enrolled it ({detail}). The token "
            "was not used up.").format(detail=p["detail"]),
        "relay.rate_limited": lambda _p: translate(
            "ErrorText", "The relay is receiving too many requests from this device. "
            "Wait a moment and try again."),
        "relay.attachment_quota_full": lambda _p: translate(
            "ErrorText", "Your attachments still waiting on the relay fill this device's "
            "quota. The file was not sent; space comes back as older attachments expire."),
        "relay.storage_full": lambda _p: translate(
            "ErrorText", "The relay is low on disk space and accepts no attachments now. "
            "The file was not sent; tell your relay administrator."),
        "relay.protocol": lambda _p: translate(
            "ErrorText", "The relay answered in a form this version of Liaison does not "
            "understand. Check the relay address."),
        "relay.forged_key": lambda _p: translate(
            "ErrorText", "The relay offered a key its device did not sign. The key was "
            "refused; tell your administrator."),
        "relay.address_invalid": lambda _p: translate(
            "ErrorText", "The relay address must look like https://relay.example.gov "
            "(http:// only for a relay on this computer)."),
        "relay.address_plain_http": lambda p: translate(
            "ErrorText", "Plain http:// is only for a relay on this computer; a relay on "
            "another computer needs https:// ({suggested}).").format(
                suggested=p.get("suggested", "https://")),
        "relay.ca_invalid": lambda _p: translate(
            "ErrorText", "The CA certificate file cannot be read or is not a PEM certificate."),
        "relay.device_unknown": lambda _p: translate(
            "ErrorText", "This relay does not know this device. Enter the relay you "
            "registered with, or ask your administrator."),
        "join.has_relay": lambda _p: translate(
            "ErrorText", "This profile already has a relay. To reach it at another address "
            "or through another CA certificate, change it under Relay."),
        "join.agency_mismatch": lambda p: translate(
            "ErrorText", "This enrollment token was issued for another agency ({detail}) "
            "than this profile's ({agency}). Ask your relay administrator for a token for "
            "your agency.").format(detail=p["detail"], agency=p["agency"]),
        "join.relay_provisioned": lambda p: translate(
            "ErrorText", "Your IT department set the relay ({url}); this profile can join "
            "only that one, trusted as IT set it.").format(url=p["url"]),
        "unlock.wrong_passphrase": lambda _p: translate(
            "ErrorText", "Wrong passphrase: nothing was unlocked."),
        "unlock.wrong_recovery_key": lambda _p: translate(
            "ErrorText", "That recovery key does not belong to this profile."),
        "unlock.recovery_key_mistyped": lambda _p: translate(
            "ErrorText", "That is not a recovery key as Liaison writes them: check each "
            "group of letters and digits against your paper and try again."),
        "storage.full": lambda _p: translate(
            "ErrorText", "The disk is full: nothing was written and nothing was lost. "
            "Free some space and try again."),
        "storage.full_at_open": lambda _p: translate(
            "ErrorText", "The disk is too full to open this profile. Nothing was changed; "
            "free some space and try again."),
        "store.truncated": lambda _p: translate(
            "ErrorText", "This profile's database is truncated: part of the file is missing. "
            "Nothing was changed; restore the profile from a backup."),
        "store.page_damaged": lambda _p: translate(
            "ErrorText", "This profile's database is damaged: a part of it fails its "
            "authentication check. Nothing was changed; restore the profile from a backup."),
        "profile.busy": lambda _p: translate(
            "ErrorText", "This profile is already open in another Liaison window or command."),
        "channel.not_coordinator": lambda _p: translate(
            "ErrorText", "Only the operation's coordinator can change its members."),
        "device.key_changed": lambda p: translate(
            "ErrorText", "The identity key of {name} ({device_id}) has changed. Compare "
            "safety numbers before sending to them.").format(
                name=p["name"], device_id=p["device_id"]),
        "message.too_long": lambda p: translate(
            "ErrorText", "This message is {size} KiB; a message can hold at most {limit} KiB "
            "of text. Send the text as a file instead. Nothing was sent.").format(
                size=p["size_kib"], limit=p["limit_kib"]),
        "message.already_sent": lambda p: translate(
            "ErrorText", "This message has already left this computer, or another officer "
            "sent it: it can no longer be sent again or deleted. Nothing was changed."),
        "attachment.cancelled": lambda p: translate(
            "ErrorText", "Upload cancelled. Nothing was sent."),
        "device.unknown": lambda p: translate(
            "ErrorText", "No device with the id {device_id} is known. Check the id with "
            "its owner.").format(device_id=p["device_id"]),
        "crypto.payload_rejected": lambda _p: translate(
            "ErrorText",
            "A received message was refused: it failed a security check and was "
            "not kept."),
        "crypto.missing_group_session": lambda _p: translate(
            "ErrorText",
            "The key for a received message has not arrived yet. The message is "
            "kept and shown when its key arrives."),
        "crypto.no_olm_session": lambda p: translate(
            "ErrorText",
            "There is no secure session with the device {device_id} yet. "
            "Synchronise with the relay and try again.").format(device_id=p["device_id"]),
        "crypto.invalid_one_time_key": lambda p: translate(
            "ErrorText",
            "The key offered for the device {device_id} is not signed by it. The "
            "key was refused and no session was started; tell your administrator.").format(
                device_id=p["device_id"]),
        "attachment.verification_failed": lambda _p: translate(
            "ErrorText",
            "The downloaded file is not the one the message describes (damaged or "
            "tampered with). Nothing was saved."),
        # Provenance (liaison_client/provenance/errors.py).
        "minisign": lambda _p: translate(
            "ErrorText", "The minisign key or signature could not be used."),
        "update.rollback": lambda p: translate(
            "ErrorText", "The published update {offered} is older than the installed "
            "{installed}: refused as a rollback.").format(offered=p["offered"],
                                                          installed=p["installed"]),
        "update.not_configured": lambda p: translate(
            "ErrorText", "No update source is configured: ask IT to set update_source and "
            "update_publisher_key."),
        "minisign.malformed": lambda p: translate(
            "ErrorText", "{file} is not a valid minisign key or signature file: it is "
            "damaged or truncated ({detail}).").format(file=p["file"], detail=p["detail"]),
        "minisign.unsupported_algorithm": lambda p: translate(
            "ErrorText", "{file} uses a signature algorithm Liaison does not support "
            "({algorithm}).").format(file=p["file"], algorithm=p["algorithm"]),
        "minisign.encrypted_key": lambda p: translate(
            "ErrorText", "The secret key {file} is protected by a password: sign with the "
            "minisign tool, or use a key made with “minisign -G -W”.").format(file=p["file"]),
        "minisign.key_id_mismatch": lambda p: translate(
            "ErrorText", "{file} was signed with the key {signature_key_id}, not with the "
            "public key given ({public_key_id}).").format(
                file=p["file"], signature_key_id=p["signature_key_id"],
                public_key_id=p["public_key_id"]),
        "minisign.bad_signature": lambda p: translate(
            "ErrorText", "The signature {signature} does not match {file}: the file or its "
            "signature was changed after signing.").format(
                signature=p["signature"], file=p["file"]),
        "minisign.bad_trusted_comment": lambda p: translate(
            "ErrorText", "The trusted comment in {signature} was changed after "
            "signing.").format(signature=p["signature"]),
        # Reports (liaison_client/reports/errors.py).
        "report": lambda _p: translate(
            "ErrorText", "The report could not be made."),
        "report.kind_unknown": lambda p: translate(
            "ErrorText", "“{kind}” is not a report kind: use warning, feedback or "
            "seizure.").format(kind=p["kind"]),
        "report.pair_malformed": lambda p: translate(
            "ErrorText", "“{pair}” is not of the form NAME=VALUE.").format(pair=p["pair"]),
        "report.field": lambda p: translate(
            "ErrorText", "Field {field} is not valid.").format(field=p["field"]),
        "report.field_unknown": lambda p: translate(
            "ErrorText", "Field {field}: a {kind} report has no such field; its fields are "
            "{known}.").format(field=p["field"], kind=p["kind"], known=p["known"]),
        "report.field_missing": lambda p: translate(
            "ErrorText", "Field {field}: required.").format(field=p["field"]),
        "report.field_repeated": lambda p: translate(
            "ErrorText", "Field {field}: takes one value, given more than once.").format(
                field=p["field"]),
        "report.too_many_values": lambda p: translate(
            "ErrorText", "Field {field}: at most {limit} values.").format(
                field=p["field"], limit=p["limit"]),
        "report.duplicate_value": lambda p: translate(
            "ErrorText", "Field {field}: {value} is given twice.").format(
                field=p["field"], value=p["value"]),
        "report.field_empty": lambda p: translate(
            "ErrorText", "Field {field}: empty.").format(field=p["field"]),
        "report.text_too_long": lambda p: translate(
            "ErrorText", "Field {field}: longer than {limit} characters.").format(
                field=p["field"], limit=p["limit"]),
        "report.text_invalid": lambda p: translate(
            "ErrorText", "Field {field}: contains control characters.").format(field=p["field"]),
        "report.date_invalid": lambda p: translate(
            "ErrorText", "Field {field}: “{value}” is not a date written YYYY-MM-DD.").format(
                field=p["field"], value=p["value"]),
        "report.quantity_invalid": lambda p: translate(
            "ErrorText", "Field {field}: “{value}” is not a positive number such as 1250 or "
            "12.5 (a point for decimals, no thousands separators).").format(
                field=p["field"], value=p["value"]),
        "report.unit_unknown": lambda p: translate(
            "ErrorText", "Field {field}: “{value}” is not a unit; use one of {units}.").format(
                field=p["field"], value=p["value"], units=p["units"]),
        "report.outcome_unknown": lambda p: translate(
            "ErrorText", "Field {field}: “{value}” is not an outcome; use found or "
            "nothing_found.").format(field=p["field"], value=p["value"]),
        "report.message_id_invalid": lambda p: translate(
            "ErrorText", "Field {field}: “{value}” is not a message id.").format(
                field=p["field"], value=p["value"]),
        "report.fields_paired": lambda p: translate(
            "ErrorText", "Field {field}: required when {other} is given.").format(
                field=p["field"], other=p["other"]),
        "report.identifier_invalid": lambda p: translate(
            "ErrorText", "Field {field}: {problem}").format(
                field=p["field"], problem=_problem_text(p)),
        "report.field_shape": lambda p: translate(
            "ErrorText", "Field {field}: must be {expected}.").format(
                field=p["field"], expected=p["expected"]),
        "report.field_not_canonical": lambda p: translate(
            "ErrorText", "Field {field}: “{value}” is not in normalised form "
            "({normalised}).").format(field=p["field"], value=p["value"],
                                      normalised=p["normalised"]),
        # Watch-lists (liaison_client/watchlists/errors.py).
        "watchlist": lambda _p: translate(
            "ErrorText", "The watch-list change could not be made."),
        "watchlist.value_invalid": lambda _p: translate(
            "ErrorText", "This value is not valid for its kind."),
        "watchlist.kind_unknown": lambda p: translate(
            "ErrorText", "“{kind}” is not a watch-list kind: use container, hs, imo, "
            "awb, company or keyword.").format(kind=p["kind"]),
        "watchlist.value_empty": lambda p: translate(
            "ErrorText", "The {kind} value is empty.").format(kind=p["kind"]),
        "watchlist.check_digit": lambda p: translate(
            "ErrorText", "{value}: the check digit should be {expected}.").format(
                value=p["value"], expected=p["expected"]),
        "watchlist.container_format": lambda p: translate(
            "ErrorText", "{value} is not a container number: 3 owner-code letters, the "
            "category U, J or Z, 6 digits and a check digit, e.g. "
            "CSQU3054383.").format(value=p["value"]),
        "watchlist.imo_format": lambda p: translate(
            "ErrorText", "{value} is not a ship IMO number: 7 digits, optionally after "
            "“IMO”, e.g. IMO 9074729.").format(value=p["value"]),
        "watchlist.awb_format": lambda p: translate(
            "ErrorText", "{value} is not an air waybill number: a 3-digit airline "
            "prefix and 8 digits ending in the check digit, e.g. "
            "176-12345675.").format(value=p["value"]),
        "watchlist.hs_format": lambda p: translate(
            "ErrorText", "{value} is not an HS code: 2, 4, 6, 8 or 10 digits, e.g. "
            "3915.10.").format(value=p["value"]),
        "watchlist.hs_national_chapter": lambda p: translate(
            "ErrorText", "Chapter {chapter} is for national use and is not part of the "
            "Harmonized System.").format(chapter=p["chapter"]),
        "watchlist.hs_unknown": lambda p: translate(
            "ErrorText", "HS code {display} does not exist in {edition}.").format(
                display=p["display"], edition=p["edition"]),
        "watchlist.hs_chapter_unknown": lambda p: translate(
            "ErrorText", "HS chapter {display} does not exist in {edition}.").format(
                display=p["display"], edition=p["edition"]),
        "watchlist.hs_heading_unknown": lambda p: translate(
            "ErrorText", "HS heading {display} does not exist in {edition}.").format(
                display=p["display"], edition=p["edition"]),
        "watchlist.hs_subheading_unknown": lambda p: translate(
            "ErrorText", "HS subheading {display} does not exist in {edition}.").format(
                display=p["display"], edition=p["edition"]),
        "watchlist.eori_format": lambda p: translate(
            "ErrorText", "{value} is not an EORI number: an EU, GB or XI country code "
            "and up to 15 letters or digits, e.g. GB123456789000.").format(value=p["value"]),
        "watchlist.uscc_format": lambda p: translate(
            "ErrorText", "{value} is not a unified social credit code: 18 digits and "
            "capital letters (no I, O, S, V, Z), e.g. 91110000600037341L.").format(
                value=p["value"]),
        "watchlist.identifiers_not_company": lambda p: translate(
            "ErrorText", "A USCC or EORI belongs to a company entry, not to {kind}.").format(
                kind=p["kind"]),
        "watchlist.expiry_invalid": lambda p: translate(
            "ErrorText", "The expiry date {value} must be written YYYY-MM-DD.").format(
                value=p["value"]),
        "watchlist.tags_invalid": lambda p: translate(
            "ErrorText", "At most {limit} tags of at most {length} characters each.").format(
                limit=p["limit"], length=p["length"]),
        "watchlist.note_too_long": lambda p: translate(
            "ErrorText", "The note is longer than {limit} characters.").format(
                limit=p["limit"]),
        "watchlist.duplicate_row": lambda p: translate(
            "ErrorText", "{value} is already on line {line} of this file.").format(
                value=p["value"], line=p["line"]),
        "watchlist.edit_refused": lambda _p: translate(
            "ErrorText", "This watch-list change was refused."),
        "watchlist.already_listed": lambda p: translate(
            "ErrorText", "{value} is already listed in “{list}” (entry {entry_id}).").format(
                value=p["value"], list=p["list"], entry_id=p["entry_id"]),
        "watchlist.list_unknown": lambda p: translate(
            "ErrorText", "There is no watch-list named “{list}”.").format(list=p["list"]),
        "watchlist.entry_unknown": lambda p: translate(
            "ErrorText", "Watch-list “{list}” has no entry {entry_id}.").format(
                entry_id=p["entry_id"], list=p["list"]),
        "watchlist.entry_retired": lambda p: translate(
            "ErrorText", "Entry {entry_id} is retired and can no longer be changed.").format(
                entry_id=p["entry_id"]),
        "watchlist.entry_id_taken": lambda p: translate(
            "ErrorText", "The entry id {entry_id} is already in use.").format(
                entry_id=p["entry_id"]),
        "watchlist.list_locked": lambda p: translate(
            "ErrorText", "The coordinator has locked “{list}”: it is read-only.").format(
                list=p["list"]),
        "watchlist.not_member": lambda p: translate(
            "ErrorText", "Device {device_id} was not a member of the operation when it "
            "made this change.").format(device_id=p["device_id"]),
        "watchlist.epoch_regressed": lambda p: translate(
            "ErrorText", "Device {device_id} sent a change dated before its own "
            "earlier changes: it was refused.").format(device_id=p["device_id"]),
        "watchlist.not_coordinator": lambda _p: translate(
            "ErrorText", "Only the operation's coordinator can lock or unlock a "
            "watch-list."),
        "watchlist.operation_malformed": lambda p: translate(
            "ErrorText", "A watch-list change arrived damaged and was ignored "
            "({detail}).").format(detail=p["detail"]),
        "watchlist.after_removal": lambda p: translate(
            "ErrorText", "A watch-list change by {device_id} was refused: it was made after "
            "that device was removed from the operation.").format(device_id=p["device_id"]),
        "watchlist.snapshot_malformed": lambda p: translate(
            "ErrorText", "A copy of the watch-lists sent by a member arrived damaged and "
            "was ignored ({detail}).").format(detail=p["detail"]),
        "watchlist.digest_malformed": lambda p: translate(
            "ErrorText", "A member's summary of its watch-list changes arrived damaged and "
            "was ignored ({detail}).").format(detail=p["detail"]),
        "watchlist.spreadsheet_unreadable": lambda p: translate(
            "ErrorText", "{file} cannot be read as a CSV or Excel file ({detail}).").format(
                file=p["file"], detail=p["detail"]),
        "watchlist.spreadsheet_header": lambda p: translate(
            "ErrorText", "The first row lacks the column(s) {missing}; expected "
            "{expected}.").format(missing=p["missing"], expected=p["expected"]),
        "watchlist.import_rows_invalid": lambda p: translate(
            "ErrorText", "{count} row(s) are invalid, so nothing was imported. First: "
            "{first}").format(count=p["count"], first=p["first"]),
        "watchlist.column_mapping": lambda p: translate(
            "ErrorText", "Column “{column}” cannot be mapped to “{target}”: check the "
            "column name and use container, hs, imo, awb, company or "
            "keyword.").format(column=p["column"], target=p["target"]),
        "passphrase.too_short": lambda p: translate(
            "ErrorText", "The passphrase is too short: use at least {min_chars} "
            "characters.").format(min_chars=p["min_chars"]),
        "passphrase.repetitive": lambda _p: translate(
            "ErrorText", "The passphrase repeats too few characters: use more different "
            "characters."),
        "keyring.locked": lambda _p: translate(
            "ErrorText", "The system keyring is locked. Unlock it (usually by logging in "
            "again) and try once more."),
        "unlock.other_profile": lambda _p: translate(
            "ErrorText", "These keys belong to another profile: Liaison stays locked."),
        "relay.none": lambda _p: translate(
            "ErrorText", "This profile has no relay: it works on this computer only, and "
            "this needs one."),
        "unlock.passphrase_missing": lambda _p: translate(
            "ErrorText", "Enter your passphrase to unlock."),
        "passphrase.weak": lambda p: translate(
            "ErrorText", "Choose a stronger passphrase ({message}).").format(
                message=p["message"]),
        "provisioning.agency_not_allowed": lambda p: translate(
            "ErrorText", "Your IT department allows only these agencies: "
            "{agencies}.").format(agencies=p["agencies"]),
        "provisioning.keyring_required": lambda _p: translate(
            "ErrorText", "Your IT department requires the OS keyring to keep the database "
            "key; a passphrase-protected key is not allowed."),
        "provisioning.passphrase_too_short": lambda p: translate(
            "ErrorText", "Use at least {count} characters: your IT department's "
            "rule.").format(count=p["count"]),
        "provisioning.relay_locked": lambda p: translate(
            "ErrorText", "Your IT department set this ({key}: {value}); it cannot be "
            "changed here.").format(key=p["key"], value=p["value"]),
        "profile.not_found": lambda p: translate(
            "ErrorText", "No Liaison profile was found: {message}").format(
                message=p["message"]),
        "profile.exists": lambda p: translate(
            "ErrorText", "The profile was not created: {message}").format(
                message=p["message"]),
        "profile.field": lambda p: translate(
            "ErrorText", "This name or agency cannot be used: {message}").format(
                message=p["message"]),
        "store.corrupt": lambda p: translate(
            "ErrorText", "The profile's encrypted files are missing or damaged: "
            "{message}").format(message=p["message"]),
        "relay.refused": lambda p: translate(
            "ErrorText", "The relay refused the request ({status} {error}): {detail}").format(
                status=p["status"], error=p["error"], detail=p["detail"]),
        "channel.not_sendable": lambda _p: translate(
            "ErrorText", "This message can no longer be sent: the operation was closed, or "
            "this device was removed from it."),
        "channel.missing_sessions": lambda _p: translate(
            "ErrorText", "There is no secure session yet with some members' devices; one is "
            "set up with a key from the relay first."),
        "local_relay.failed": lambda p: translate(
            "ErrorText", "The relay on this computer could not be started: {message}").format(
                message=p["message"]),
        "demo.unavailable": lambda p: translate(
            "ErrorText", "The demo workspace could not be prepared: {message}").format(
                message=p["message"]),
        # The reports service (liaison_client/reports/errors.py, workspace/reports.py).
        "report.answers_not_a_warning": lambda p: translate(
            "ErrorText", "Field answers: there is no warning {value} in this channel.").format(
                value=p["value"]),
        "report.photos_not_allowed": lambda p: translate(
            "ErrorText", "A {kind} report carries no photos: only a seizure report "
            "does.").format(kind=p["kind"]),
        "report.too_many_photos": lambda p: translate(
            "ErrorText", "A seizure report carries at most {limit} photos.").format(
                limit=p["limit"]),
        "report.photo_unreadable": lambda p: translate(
            "ErrorText", "Photo {path}: not a readable file.").format(path=p["path"]),
        "report.photo_not_image": lambda p: translate(
            "ErrorText", "Photo {path}: {media_type} is not an image type.").format(
                path=p["path"], media_type=p["media_type"]),
        # Transcript export (liaison_client/workspace/transcripts.py).
        "transcript.folder_not_empty": lambda p: translate(
            "ErrorText", "The folder {folder} already holds files: a transcript goes into a "
            "new, empty folder. Choose another folder name. Nothing was written.").format(
                folder=p["folder"]),
        "transcript.not_a_folder": lambda p: translate(
            "ErrorText", "{folder} is a file, not a folder. Choose another folder name. "
            "Nothing was written.").format(folder=p["folder"]),
        "transcript.font_missing": lambda _p: translate(
            "ErrorText", "The transcript's PDF needs a Simplified Chinese font that is not "
            "installed on this computer (Noto Sans CJK, Debian package fonts-noto-cjk). "
            "Nothing was written; ask your administrator to install it."),
        "transcript.period_reversed": lambda _p: translate(
            "ErrorText", "The period ends before it starts: the last day must not be "
            "before the first."),
        "channel.closed": lambda p: translate(
            "ErrorText", "The operation {name} was closed by its coordinator: no more "
            "messages or reports can be sent to it.").format(name=p["name"]),
    }


def error_text(error: LiaisonError) -> str:
    """The sentence shown for ``error``: translated by code, else its English message."""
    text = code_text(error.code, {"message": str(error), **error.params})
    return str(error) if text is None else text


def code_text(code: str, params: Mapping[str, str]) -> str | None:
    """The sentence for ``code`` with ``params`` in the language installed now; None
    when the code has no sentence or a parameter it needs is missing."""
    sentence = _sentences().get(code)
    if sentence is None:
        return None
    try:
        return sentence(params)
    except (KeyError, ValueError):
        return None


def translated_codes() -> frozenset[str]:
    """The codes that have a sentence of their own (for tests and documentation)."""
    return frozenset(_sentences())


def _problem_text(params: Mapping[str, str]) -> str:
    """The reason inside ``report.identifier_invalid``: the watch-list validator's
    own sentence (its code and params travel in the report error's params),
    translated like the validator's error would be; its English line otherwise."""
    sentence = _sentences().get(params.get("problem_code", ""))
    if sentence is None:
        return params["problem"]
    try:
        return sentence(params)
    except KeyError:
        return params["problem"]

