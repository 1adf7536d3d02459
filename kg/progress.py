"""The progress bar of builds, on standard error: documents done, documents per second, time left."""

from __future__ import annotations

from typing import Any


def progress_bar(enabled: bool, total: int | None) -> Any:
    """A rich Progress for `total` documents (None: unknown), shown only when `enabled`."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        """Documents per second since the start, and the time left at that rate (work arrives in batches)."""

        def render(self, task: Any) -> Text:
            elapsed = task.finished_time if task.finished else task.elapsed
            if not elapsed or not task.completed:
                return Text("- docs/s", style="cyan")
            rate = task.completed / elapsed
            text = f"{rate:.1f} docs/s"
            if task.total is not None and not task.finished:
                left = int((task.total - task.completed) / rate)
                text += f", {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d} left"
            return Text(text, style="cyan")

    return Progress(TextColumn("documents"), BarColumn(bar_width=24), MofNCompleteColumn(), Rate(),
                    TextColumn("{task.fields[status]}"),
                    console=Console(stderr=True), disable=not enabled, transient=False)
