"""The open operation's members: agency, role, verification state, coordinator actions."""
