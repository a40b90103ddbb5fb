import os

from django.apps import AppConfig

#: The exit status of the simulated crash.
CRASHED = 75


class CrashHookConfig(AppConfig):
    name = "crashhook"

    def ready(self) -> None:
        point = os.environ.get("UPGRADE_CRASH_AT", "")
        if not point:
            return
        from djstripe.upgrade.resumable import ResumableUpgrade

        def reached(upgrade: ResumableUpgrade, name: str) -> None:
            if name == point:
                os._exit(CRASHED)

        ResumableUpgrade.reached = reached  # type: ignore[method-assign]
