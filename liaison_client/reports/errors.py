"""What can be wrong with a structured report, as typed :class:`LiaisonError`\\ s.

Every failure names the field and the reason on one line
(``field hs_code: HS heading 3999 does not exist in HS 2022``) and carries the
parts a translation needs in its params (``field`` for every field failure;
``value``, ``limit``... as the sentence needs), so ``ui/error_text.py`` can say
it in the officer's language and the CLI can print the English line as it is.
All are :class:`UsageError`\\ s with exit status 1: what was typed cannot be
sent as it is, nothing was stored or sent. A *received* report that fails the
same checks is refused by the channel service as a malformed payload, with
this message as the detail.

Codes are the service layer's contract (``liaison_client/errors.py``): rename
one only together with its translations.
"""

from __future__ import annotations

from liaison_client.errors import LiaisonError, UsageError


class ReportError(UsageError):
    """Base of every report failure.

    Exit status 1, not ``UsageError``'s 2: issue 15 fixes ``liaison report``'s
    answer to an invalid field as "exit 1 and one line naming the field"."""

    exit_code = 1
    code = "report"


class ReportKindUnknownError(ReportError):
    """No such report kind (param ``kind``)."""

    code = "report.kind_unknown"

    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown report kind {kind!r}: use warning, feedback or seizure",
                         kind=kind)


class PairMalformedError(ReportError):
    """A ``NAME=VALUE`` argument without ``=`` or without a name (param ``pair``)."""

    code = "report.pair_malformed"

    def __init__(self, pair: str) -> None:
        super().__init__(f"{pair!r} is not NAME=VALUE", pair=pair)


class ReportFieldError(ReportError):
    """Base of the failures of one field (param ``field``); the message always
    starts ``field NAME:`` so the officer sees which field to correct."""

    code = "report.field"

    def __init__(self, field: str, reason: str, /, **params: str) -> None:
        # Positional-only: a wrapped validator's params may include ``reason``.
        super().__init__(f"field {field}: {reason}", field=field, **params)
        self.field = field


class FieldUnknownError(ReportFieldError):
    """The kind has no such field (params ``field``, ``kind``, ``known``)."""

    code = "report.field_unknown"

    def __init__(self, field: str, kind: str, known: str) -> None:
        super().__init__(field, f"a {kind} report has no such field; its fields are {known}",
                         kind=kind, known=known)


class FieldMissingError(ReportFieldError):
    """A required field is absent (param ``field``)."""

    code = "report.field_missing"

    def __init__(self, field: str) -> None:
        super().__init__(field, "required")


class FieldRepeatedError(ReportFieldError):
    """A single-valued field given more than once (param ``field``)."""

    code = "report.field_repeated"

    def __init__(self, field: str) -> None:
        super().__init__(field, "takes one value, given more than once")


class TooManyValuesError(ReportFieldError):
    """A list field over its limit (params ``field``, ``limit``)."""

    code = "report.too_many_values"

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(field, f"at most {limit} values", limit=str(limit))


class DuplicateValueError(ReportFieldError):
    """The same value twice in a list field (params ``field``, ``value``)."""

    code = "report.duplicate_value"

    def __init__(self, field: str, value: str) -> None:
        super().__init__(field, f"{value} is given twice", value=value)


class FieldEmptyError(ReportFieldError):
    """A value that is empty once trimmed (param ``field``)."""

    code = "report.field_empty"

    def __init__(self, field: str) -> None:
        super().__init__(field, "empty")


class TextTooLongError(ReportFieldError):
    """Free text over the field's limit (params ``field``, ``limit``)."""

    code = "report.text_too_long"

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(field, f"longer than {limit} characters", limit=str(limit))


class TextInvalidError(ReportFieldError):
    """Free text containing control characters (param ``field``)."""

    code = "report.text_invalid"

    def __init__(self, field: str) -> None:
        super().__init__(field, "contains control characters")


class DateInvalidError(ReportFieldError):
    """Not a calendar date written YYYY-MM-DD (params ``field``, ``value``)."""

    code = "report.date_invalid"

    def __init__(self, field: str, value: str) -> None:
        super().__init__(field, f"{value!r} is not a date written YYYY-MM-DD", value=value)


class QuantityInvalidError(ReportFieldError):
    """Not a positive decimal number with a point (params ``field``, ``value``)."""

    code = "report.quantity_invalid"

    def __init__(self, field: str, value: str) -> None:
        super().__init__(field, f"{value!r} is not a positive number such as 1250 or 12.5 "
                         "(a point for decimals, no thousands separators, at most 12 digits "
                         "before and 6 after the point)", value=value)


class UnitUnknownError(ReportFieldError):
    """Not one of the report units (params ``field``, ``value``, ``units``)."""

    code = "report.unit_unknown"

    def __init__(self, field: str, value: str, units: str) -> None:
        super().__init__(field, f"{value!r} is not a unit; use one of {units}",
                         value=value, units=units)


class OutcomeUnknownError(ReportFieldError):
    """Not ``found`` or ``nothing_found`` (params ``field``, ``value``)."""

    code = "report.outcome_unknown"

    def __init__(self, field: str, value: str) -> None:
        super().__init__(field, f"{value!r} is not an outcome; use found or nothing_found",
                         value=value)


class MessageIdInvalidError(ReportFieldError):
    """Not a Liaison message id (a UUID) (params ``field``, ``value``)."""

    code = "report.message_id_invalid"

    def __init__(self, field: str, value: str) -> None:
        super().__init__(field, f"{value!r} is not a message id (a UUID such as "
                         "1b4e28ba-2fa1-11d2-883f-0016d3cca427)", value=value)


class FieldsPairedError(ReportFieldError):
    """One of two fields that go together is given without the other
    (params ``field``: the missing one, ``other``: the one given)."""

    code = "report.fields_paired"

    def __init__(self, field: str, other: str) -> None:
        super().__init__(field, f"required when {other} is given", other=other)


class IdentifierInvalidError(ReportFieldError):
    """An identifier field refused by its watch-list validator (params ``field``,
    ``problem``: the validator's English sentence, ``problem_code``: its code, and
    the validator's own params, so a front end can translate the reason too)."""

    code = "report.identifier_invalid"

    def __init__(self, field: str, problem: LiaisonError) -> None:
        super().__init__(field, str(problem), problem=str(problem), problem_code=problem.code,
                         **problem.params)
        self.problem = problem


class FieldShapeError(ReportFieldError):
    """A received field of the wrong JSON shape (params ``field``, ``expected``)."""

    code = "report.field_shape"

    def __init__(self, field: str, expected: str) -> None:
        super().__init__(field, f"must be {expected}", expected=expected)


class FieldNotCanonicalError(ReportFieldError):
    """A received value that is valid but not in the normalised form senders
    store (params ``field``, ``value``, ``normalised``): the signed body must
    encode back to exactly the bytes it came from, so it is refused, not fixed."""

    code = "report.field_not_canonical"

    def __init__(self, field: str, value: str, normalised: str) -> None:
        super().__init__(field, f"{value!r} is not in normalised form ({normalised!r})",
                         value=value, normalised=normalised)


# -- what the reports service checks against the store and the files given ---------------

class AnswersNotAWarningError(ReportFieldError):
    """A feedback's ``answers`` names no warning message of the channel it is sent to
    (params ``field`` = ``answers``, ``value``): a feedback must link to a warning its
    readers have, so it is refused before anything is stored."""

    code = "report.answers_not_a_warning"

    def __init__(self, value: str) -> None:
        super().__init__("answers", f"no warning message {value} in this channel",
                         value=value)


class PhotosNotAllowedError(ReportError):
    """Photos given for a report kind other than seizure (param ``kind``)."""

    code = "report.photos_not_allowed"

    def __init__(self, kind: str) -> None:
        super().__init__(f"a {kind} report carries no photos: only a seizure report does",
                         kind=kind)


class TooManyPhotosError(ReportError):
    """More photos than a seizure body carries (param ``limit``)."""

    code = "report.too_many_photos"

    def __init__(self, limit: int) -> None:
        super().__init__(f"a seizure report carries at most {limit} photos", limit=str(limit))


class PhotoUnreadableError(ReportError):
    """A photo path that is not a readable file (param ``path``)."""

    code = "report.photo_unreadable"

    def __init__(self, path: str) -> None:
        super().__init__(f"photo {path}: not a readable file", path=path)


class PhotoNotImageError(ReportError):
    """A photo whose name does not say it is an image (params ``path``, ``media_type``):
    the receiver refuses a seizure photo that is not ``image/*``."""

    code = "report.photo_not_image"

    def __init__(self, path: str, media_type: str) -> None:
        super().__init__(f"photo {path}: {media_type} is not an image type "
                         "(name it .jpg, .png, ...)", path=path, media_type=media_type)
