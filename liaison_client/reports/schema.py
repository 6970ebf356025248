"""What a report kind is: its name and its fields, in the order they are shown."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from liaison_client.reports.fields import FieldSpec


class ReportKind(StrEnum):
    """The report kinds (issue 15 item 1); the value is the message kind on the wire."""

    WARNING = "warning"
    FEEDBACK = "feedback"
    SEIZURE = "seizure"


@dataclass(frozen=True, slots=True)
class ReportSchema:
    """One kind's fields, in display order.

    ``paired``: fields that go together (a quantity means nothing without its
    unit): each pair is both present or both absent.
    """

    kind: ReportKind
    fields: tuple[FieldSpec, ...]
    paired: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)
