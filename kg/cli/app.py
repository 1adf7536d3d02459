"""The shared Typer application that every command module registers with.

``KgGroup`` makes the command line behave like the tools its users know (Jena
``riot``/``arq``, spaCy's CLI): ``-h`` as well as ``--help``, help without
Python types, usage errors on one line like every other error, and SIGTERM
taking Ctrl-C's path.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import typer
from typer import _click as click  # Typer 0.29 ships its own copy of Click: its exceptions are these
from typer.core import TyperArgument, TyperGroup, TyperOption

from kg.errors import Errors, KgError

# Metavars by the parameter's type, as riot and arq write them.
_METAVARS = {"path": "PATH", "str": "TEXT", "int": "N", "float": "SECONDS", "int range": "N"}


def _metavar(param: Any, ctx: Any) -> str | None:
    """A plain metavar for a parameter that has none (Typer would print its Python type)."""
    if isinstance(param, TyperArgument):
        return (param.name or "arg").upper()
    if isinstance(param, TyperOption) and not param.is_flag:
        return _METAVARS.get(param.display_type(ctx).strip("<>"), "VALUE")
    return None


def _no_type(ctx: Any) -> None:
    return None


def _plain_metavars(command: Any, ctx: Any) -> None:
    for param in command.params:
        if param.metavar is None and (metavar := _metavar(param, ctx)) is not None:
            param.metavar = metavar
        if isinstance(param, TyperArgument):
            # the argument's name says it; no Python type after it (an instance attribute shadows the method)
            param.display_type_rich = _no_type  # type: ignore[method-assign]


def _on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # the same path as Ctrl-C: finished work is kept, the message says how to resume


def package_version() -> str:
    try:
        return version("conflict-kg")
    except PackageNotFoundError:
        return "unknown"


class KgGroup(TyperGroup):
    """The `kg` group: plain help, one-line usage errors, SIGTERM as Ctrl-C."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _plain_metavars(command, ctx)
        return command

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _on_sigterm) if main_thread else None
        try:
            code = super().main(args, prog_name or "kg", complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx is not None else exc.format_message())
            sys.exit(0)
        except click.exceptions.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx is not None else "kg"
            error = KgError(Errors.E026, detail=_first_line(exc.format_message()), command=command)
            print(f"error {error.code}: {error.message}", file=sys.stderr)
            sys.exit(exc.exit_code)
        except click.exceptions.ClickException as exc:
            print(f"error E000: {_first_line(exc.format_message())}", file=sys.stderr)
            sys.exit(exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            print("interrupted", file=sys.stderr)
            sys.exit(130)
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)
        sys.exit(code if isinstance(code, int) else 0)


def _first_line(text: str) -> str:
    return " ".join(text.split())


app = typer.Typer(
    name="kg",
    cls=KgGroup,
    help="Turn conflict news into a knowledge graph, and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"kg (conflict-kg) {package_version()}")
        raise typer.Exit()


@app.callback()
def main(
    show_version: bool = typer.Option(False, "--version", "-V", is_eager=True, callback=_show_version,
                                      help="Print the version and exit."),
) -> None:
    """Turn conflict news into a knowledge graph, and query it."""
