"""The message composer: multi-line edit, Enter sends, files attached or pasted."""
