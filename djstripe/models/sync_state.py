"""The sync engine's own tables (defined in :mod:`djstripe.sync.state`), under the name
this module had."""

from ..sync.state import PendingReread, SyncCheckpoint, SyncPendingLink, SyncRun, Tombstone

__all__ = ["PendingReread", "SyncCheckpoint", "SyncPendingLink", "SyncRun", "Tombstone"]
