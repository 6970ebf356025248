"""What can be wrong with a watch-list value, edit or file, as typed :class:`LiaisonError`\\ s.

Each failure says *what* is wrong in its params (the value, the expected check
digit, the HS heading that does not exist), so ``ui/error_text.py`` can say it
in the officer's language and the CLI can print the English line as it is.
All are :class:`UsageError`\\ s: the officer typed or imported something that
cannot be accepted as it is (exit status 2 in the CLI), nothing was stored.

Codes are the service layer's contract (see ``liaison_client/errors.py``):
rename one only together with its translations.
"""

from __future__ import annotations

from liaison_client.errors import UsageError


class WatchlistError(UsageError):
    """Base of every watch-list failure."""

    code = "watchlist"


# --- values (one per thing that can be wrong, so each has a sentence of its own) ---


class ValueInvalidError(WatchlistError):
    """Base of the failures of one value against its kind's rules."""

    code = "watchlist.value_invalid"


class UnknownKindError(ValueInvalidError):
    """No such entry kind (param ``kind``)."""

    code = "watchlist.kind_unknown"

    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown watch-list kind {kind!r}: use container, hs, imo, awb, "
                         "company or keyword", kind=kind)


class EmptyValueError(ValueInvalidError):
    """The value is empty after trimming (param ``kind``)."""

    code = "watchlist.value_empty"

    def __init__(self, kind: str) -> None:
        super().__init__(f"the {kind} value is empty", kind=kind)


class CheckDigitError(ValueInvalidError):
    """A well-formed identifier whose check digit is wrong (params ``kind``,
    ``value``, ``expected``): the commonest typing error, so the sentence names
    the digit that would make it valid."""

    code = "watchlist.check_digit"

    def __init__(self, kind: str, value: str, expected: str) -> None:
        super().__init__(f"{kind} {value}: check digit should be {expected}",
                         kind=kind, value=value, expected=expected)


class ContainerFormatError(ValueInvalidError):
    """Not an ISO 6346 container number (params ``value``, ``reason``)."""

    code = "watchlist.container_format"

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(f"container {value!r} is not an ISO 6346 number ({reason}): expected "
                         "3 owner letters, category U, J or Z, 6 digits and a check digit, "
                         "e.g. CSQU3054383", value=value, reason=reason)


class ImoFormatError(ValueInvalidError):
    """Not a 7-digit ship IMO number (param ``value``)."""

    code = "watchlist.imo_format"

    def __init__(self, value: str) -> None:
        super().__init__(f"IMO number {value!r} must be 7 digits, optionally after 'IMO', "
                         "e.g. IMO 9074729", value=value)


class AwbFormatError(ValueInvalidError):
    """Not an air waybill number (param ``value``)."""

    code = "watchlist.awb_format"

    def __init__(self, value: str) -> None:
        super().__init__(f"air waybill {value!r} must be a 3-digit airline prefix and an "
                         "8-digit serial with its check digit, e.g. 176-12345675", value=value)


class HsFormatError(ValueInvalidError):
    """Not an HS code of 2, 4, 6, 8 or 10 digits (param ``value``)."""

    code = "watchlist.hs_format"

    def __init__(self, value: str) -> None:
        super().__init__(f"HS code {value!r} must be 2, 4, 6, 8 or 10 digits "
                         "(dots and spaces allowed), e.g. 3915.10", value=value)


class HsNationalChapterError(ValueInvalidError):
    """Chapter 98 or 99: national chapters, not part of the HS (param ``chapter``)."""

    code = "watchlist.hs_national_chapter"

    def __init__(self, chapter: str) -> None:
        super().__init__(f"HS chapter {chapter} is reserved for national use and is not part "
                         "of the Harmonized System", chapter=chapter)


class HsCodeUnknownError(ValueInvalidError):
    """A well-formed code missing from the nomenclature (params ``code``, ``display``,
    ``edition``); subclasses name the level so the sentence can say it."""

    code = "watchlist.hs_unknown"
    level = "code"

    def __init__(self, code: str, display: str, edition: str) -> None:
        super().__init__(f"HS {self.level} {display} does not exist in {edition}",
                         code=code, display=display, edition=edition)


class HsChapterUnknownError(HsCodeUnknownError):
    code = "watchlist.hs_chapter_unknown"
    level = "chapter"


class HsHeadingUnknownError(HsCodeUnknownError):
    code = "watchlist.hs_heading_unknown"
    level = "heading"


class HsSubheadingUnknownError(HsCodeUnknownError):
    code = "watchlist.hs_subheading_unknown"
    level = "subheading"


class EoriFormatError(ValueInvalidError):
    """Not an EORI number: country code + 1 to 15 letters or digits (param ``value``)."""

    code = "watchlist.eori_format"

    def __init__(self, value: str) -> None:
        super().__init__(f"EORI {value!r} must be a 2-letter EU, GB or XI country code "
                         "followed by up to 15 letters or digits, e.g. GB123456789000",
                         value=value)


class UsccFormatError(ValueInvalidError):
    """Not shaped like a Unified Social Credit Code (param ``value``). A code of the
    right shape whose check character fails is *not* refused (see ``company.py``)."""

    code = "watchlist.uscc_format"

    def __init__(self, value: str) -> None:
        super().__init__(f"USCC {value!r} must be 18 characters (digits and capital letters "
                         "other than I, O, S, V, Z), e.g. 91110000600037341L", value=value)


class IdentifiersNotCompanyError(ValueInvalidError):
    """USCC or EORI given for a kind other than ``company`` (param ``kind``)."""

    code = "watchlist.identifiers_not_company"

    def __init__(self, kind: str) -> None:
        super().__init__(f"USCC and EORI belong to the company kind, not to {kind}", kind=kind)


class ExpiryInvalidError(ValueInvalidError):
    """An expiry that is not a YYYY-MM-DD date (param ``value``)."""

    code = "watchlist.expiry_invalid"

    def __init__(self, value: str) -> None:
        super().__init__(f"expiry {value!r} must be a date written YYYY-MM-DD", value=value)


class TagsInvalidError(ValueInvalidError):
    """Too many tags or a tag too long (params ``limit``, ``length``)."""

    code = "watchlist.tags_invalid"

    def __init__(self, limit: int, length: int) -> None:
        super().__init__(f"at most {limit} tags of at most {length} characters each",
                         limit=str(limit), length=str(length))


class NoteTooLongError(ValueInvalidError):
    """A note over the limit (param ``limit``)."""

    code = "watchlist.note_too_long"

    def __init__(self, limit: int) -> None:
        super().__init__(f"the note is longer than {limit} characters", limit=str(limit))


class DuplicateRowError(ValueInvalidError):
    """A file lists the same value twice (params ``value``, ``line``: the first line)."""

    code = "watchlist.duplicate_row"

    def __init__(self, value: str, line: int) -> None:
        super().__init__(f"{value} is already on line {line}", value=value, line=str(line))


# --- edits (what the merge refuses; every member refuses the same way) ---


class EditRefusedError(WatchlistError):
    """Base of the refusals of a watch-list operation by the merge."""

    code = "watchlist.edit_refused"


class AlreadyListedError(EditRefusedError):
    """The value is already active in the list (params ``value``, ``list``, ``entry_id``)."""

    code = "watchlist.already_listed"

    def __init__(self, value: str, list_name: str, entry_id: str) -> None:
        super().__init__(f"{value} is already listed in {list_name!r} as entry {entry_id}",
                         value=value, list=list_name, entry_id=entry_id)


class ListUnknownError(EditRefusedError):
    """No list of that name in the channel (param ``list``)."""

    code = "watchlist.list_unknown"

    def __init__(self, list_name: str) -> None:
        super().__init__(f"there is no watch-list named {list_name!r}", list=list_name)


class EntryUnknownError(EditRefusedError):
    """No entry with that id in the list (params ``entry_id``, ``list``)."""

    code = "watchlist.entry_unknown"

    def __init__(self, entry_id: str, list_name: str) -> None:
        super().__init__(f"watch-list {list_name!r} has no entry {entry_id}",
                         entry_id=entry_id, list=list_name)


class EntryRetiredError(EditRefusedError):
    """The entry was retired; a retired entry is kept for its history, not edited
    (param ``entry_id``)."""

    code = "watchlist.entry_retired"

    def __init__(self, entry_id: str) -> None:
        super().__init__(f"entry {entry_id} is retired and can no longer be changed",
                         entry_id=entry_id)


class EntryIdTakenError(EditRefusedError):
    """An add reused an entry id already in use (param ``entry_id``)."""

    code = "watchlist.entry_id_taken"

    def __init__(self, entry_id: str) -> None:
        super().__init__(f"entry id {entry_id} is already in use", entry_id=entry_id)


class ListLockedError(EditRefusedError):
    """The coordinator locked the list read-only (param ``list``)."""

    code = "watchlist.list_locked"

    def __init__(self, list_name: str) -> None:
        super().__init__(f"watch-list {list_name!r} is locked by the coordinator",
                         list=list_name)


class NotMemberError(EditRefusedError):
    """The author was not a member of the channel at the operation's epoch
    (params ``device_id``, ``epoch``)."""

    code = "watchlist.not_member"

    def __init__(self, device_id: str, epoch: int) -> None:
        super().__init__(f"device {device_id} was not a member of the operation at "
                         f"membership epoch {epoch}", device_id=device_id, epoch=str(epoch))


class WrittenAfterRemovalError(EditRefusedError):
    """The author wrote the operation (its own clock) at or after the coordinator
    removed it from the channel (params ``device_id``, ``epoch``)."""

    code = "watchlist.after_removal"

    def __init__(self, device_id: str, epoch: int) -> None:
        super().__init__(f"device {device_id} made this change after it was removed from "
                         f"the operation (it still claimed membership epoch {epoch})",
                         device_id=device_id, epoch=str(epoch))


class EpochRegressedError(EditRefusedError):
    """A device's operation claims an older membership epoch than one it already
    used (params ``device_id``, ``epoch``, ``seen``): an honest device never goes
    back, so this is a removed member back-dating its edits."""

    code = "watchlist.epoch_regressed"

    def __init__(self, device_id: str, epoch: int, seen: int) -> None:
        super().__init__(f"device {device_id} claimed membership epoch {epoch} after "
                         f"having used epoch {seen}", device_id=device_id, epoch=str(epoch),
                         seen=str(seen))


class NotListCoordinatorError(EditRefusedError):
    """Only the coordinator locks and unlocks a list (param ``device_id``)."""

    code = "watchlist.not_coordinator"

    def __init__(self, device_id: str) -> None:
        super().__init__(f"device {device_id} is not the coordinator: only the coordinator "
                         "locks or unlocks a watch-list", device_id=device_id)


class OperationMalformedError(WatchlistError):
    """A serialised operation that does not decode (param ``detail``)."""

    code = "watchlist.operation_malformed"

    def __init__(self, detail: str) -> None:
        super().__init__(f"malformed watch-list operation: {detail}", detail=detail)


class SnapshotMalformedError(WatchlistError):
    """A ``watchlist.snapshot`` body that does not decode (param ``detail``); the
    whole part is refused (its operations are checked one by one only once the
    part itself is well formed)."""

    code = "watchlist.snapshot_malformed"

    def __init__(self, detail: str) -> None:
        super().__init__(f"malformed watch-list snapshot: {detail}", detail=detail)


class DigestMalformedError(WatchlistError):
    """A ``watchlist.digest`` body that does not decode or does not add up (param
    ``detail``): the whole digest is refused and nothing is forwarded for it."""

    code = "watchlist.digest_malformed"

    def __init__(self, detail: str) -> None:
        super().__init__(f"malformed watch-list digest: {detail}", detail=detail)


# --- files ---


class SpreadsheetUnreadableError(WatchlistError):
    """The file cannot be read as CSV or XLSX (params ``file``, ``detail``)."""

    code = "watchlist.spreadsheet_unreadable"

    def __init__(self, file: str, detail: str) -> None:
        super().__init__(f"cannot read {file}: {detail}", file=file, detail=detail)


class SpreadsheetHeaderError(WatchlistError):
    """The header row lacks required columns (params ``missing``, ``expected``)."""

    code = "watchlist.spreadsheet_header"

    def __init__(self, missing: str, expected: str) -> None:
        super().__init__(f"the header row lacks the column(s) {missing}; expected {expected}",
                         missing=missing, expected=expected)


class ImportRowsInvalidError(WatchlistError):
    """Some rows are invalid, so nothing was imported (params ``count``, ``first``)."""

    code = "watchlist.import_rows_invalid"

    def __init__(self, count: int, first: str) -> None:
        super().__init__(f"{count} invalid row(s), nothing imported; first: {first}",
                         count=str(count), first=first)


class ColumnMappingError(WatchlistError):
    """A manifest column mapping names no column of the file or no target
    (params ``column``, ``target``)."""

    code = "watchlist.column_mapping"

    def __init__(self, column: str, target: str) -> None:
        super().__init__(f"cannot map column {column!r} to {target!r}: check the column name "
                         "and use container, hs, imo, awb, company or keyword",
                         column=column, target=target)
