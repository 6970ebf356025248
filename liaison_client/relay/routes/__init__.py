"""The ``/v1`` HTTP handlers, one module per resource."""
