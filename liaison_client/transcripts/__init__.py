"""Transcripts: the record of an operation that a third party verifies offline
(docs/TRANSCRIPT.md). No Qt, no store, no network: the workspace service
(:mod:`liaison_client.workspace.transcripts`) feeds the writers from the profile.
"""

from liaison_client.transcripts.folder import (
    ExportCancelledError,
    ExportedFolder,
    ExportStage,
    write_folder,
)
from liaison_client.transcripts.verifier import Problem, Verification, verify_folder

__all__ = ["ExportCancelledError", "ExportStage", "ExportedFolder", "Problem", "Verification",
           "verify_folder", "write_folder"]
