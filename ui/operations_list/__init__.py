"""The operations list: the officer's operations, their unread counts, creating one."""
