"""Keyboard-only use of the report form and the export dialog, as the accessibility audit
sees them in a separate process (tests/ui/screen_audit.py): Tab walks every field in the
order shown and reaches Send and Export; every control is named, nothing clipped, in
English at 100 % and (tests/ui/test_accessibility.py) in Chinese at 200 %."""

from __future__ import annotations

import pytest

from tests.ui.test_accessibility import (
    OpenChannel,
    channel_with_members,
    make_officer,
    problems,
    relay,
    run_channel_audit,
    start_relay_process,
)

__all__ = ["channel_with_members", "make_officer", "relay", "start_relay_process"]


@pytest.mark.slow
def test_tab_walks_the_report_form_and_the_export_dialog_in_order(
        channel_with_members: OpenChannel) -> None:
    report = run_channel_audit(channel_with_members, "1")
    [form] = [line for line in report if line.startswith("tab report-form ")]
    # From the kind: every field in the order shown, then Cancel and Send.
    assert form == ("tab report-form ['Subject', 'Risk indicators', 'Containers', "
                    "'Air waybills', 'Vessels (IMO)', 'HS codes', 'Consignee', 'Shipper', "
                    "'Valid until', 'Cancel', 'Send report']")
    [export] = [line for line in report if line.startswith("tab transcript-export ")]
    # From the folder: Choose, the name, the period (its dates are off until ticked), the buttons.
    assert export == ("tab transcript-export ['Choose the folder', 'Name of the new transcript "
                      "folder', 'Only a period', 'Include the attachments', 'Cancel', "
                      "'Export the transcript']")
    assert [line for line in problems(report)
            if " report-form" in line or " transcript-export" in line] == []
