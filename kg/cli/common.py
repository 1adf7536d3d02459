"""Helpers shared by the command modules: one-line errors and option types."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from kg.errors import KgError
from kg.inputs import parse_date

if TYPE_CHECKING:
    from kg.consolidate import Consolidation

F = TypeVar("F", bound=Callable[..., Any])


def fail(error: KgError, code: int = 1) -> None:
    """Print a one-line error and exit non-zero."""
    print(f"error {error.code}: {error.message}", file=sys.stderr)
    raise typer.Exit(code)


def user_errors(func: F) -> F:
    """Turn a KgError raised by a command into a one-line message and exit code 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            fail(exc)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def choices(names: Iterable[str]) -> str:
    """A metavar that lists an option's choices, as Click's Choice shows them: ``[ttl|nt|nq]``."""
    return "[" + "|".join(names) + "]"


def published_option(value: str | None) -> date | None:
    """Parse --published, with a clean error for a bad date."""
    try:
        return parse_date(value)
    except KgError as exc:
        raise typer.BadParameter(exc.message) from None


def workers_option(value: str | None) -> int | None:
    """Parse --workers: a number of 1 or more, or auto (None: the machine's cores, up to a few)."""
    if value is None or value.strip().lower() == "auto":
        return None
    try:
        number = int(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is neither auto nor a number") from None
    if number < 1:
        raise typer.BadParameter(f"{number} is not 1 or more")
    return number


def consolidation_summary(result: Consolidation) -> str:
    """One line on what consolidation did, the user's pairs included."""
    from kg.consolidate import consolidation_text

    return consolidation_text(result)
