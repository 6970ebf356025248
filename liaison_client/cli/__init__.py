"""The ``liaison`` command line: a thin layer over the services, for officers and IT scripts."""
