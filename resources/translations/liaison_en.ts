<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English plural forms only. The source strings are English already; Qt's way to
     say "1 minute" / "10 minutes" from one tr("%n minute(s)", "", n) is a numerus
     translation, so English gets a catalogue holding just those messages
     (ui/translations.py installs it for English). Every %n message of the UI must be
     here: tests/ui/test_translations.py checks it. -->
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>MessageNotifier</name>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuntimeSection</name>
    <message numerus="yes">
        <source>After %n minute(s)</source>
        <translation>
            <numerusform>After %n minute</numerusform>
            <numerusform>After %n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineEvent</name>
    <message numerus="yes">
        <source>You set the history to be deleted %n day(s) after the close</source>
        <translation>
            <numerusform>You set the history to be deleted %n day after the close</numerusform>
            <numerusform>You set the history to be deleted %n days after the close</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{actor} set the history to be deleted %n day(s) after the close</source>
        <translation>
            <numerusform>{actor} set the history to be deleted %n day after the close</numerusform>
            <numerusform>{actor} set the history to be deleted %n days after the close</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncNotice</name>
    <message numerus="yes">
        <source>The relay refused a batch ({status}); %n envelope(s) wait in the outbox and will be retried.</source>
        <translation>
            <numerusform>The relay refused a batch ({status}); %n envelope waits in the outbox and will be retried.</numerusform>
            <numerusform>The relay refused a batch ({status}); %n envelopes wait in the outbox and will be retried.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The relay cannot be reached; %n envelope(s) wait in the outbox.</source>
        <translation>
            <numerusform>The relay cannot be reached; %n envelope waits in the outbox.</numerusform>
            <numerusform>The relay cannot be reached; %n envelopes wait in the outbox.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The relay refused %n envelope(s) for good ({status}); they were set aside and are not retried.</source>
        <translation>
            <numerusform>The relay refused %n envelope for good ({status}); it was set aside and is not retried.</numerusform>
            <numerusform>The relay refused %n envelopes for good ({status}); they were set aside and are not retried.</numerusform>
        </translation>
    </message>
</context>
</TS>
