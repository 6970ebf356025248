"""The channel timeline: a paged list model over the Workspace and the delegate drawing it."""
