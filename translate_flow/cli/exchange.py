"""Exchange files coming back from translators: `translate-flow import`."""

from __future__ import annotations

import click

from translate_flow.cli.app import App, json_option, pass_app, print_json, warn


@click.command("import")
@click.argument("path", metavar="FILE")
@json_option
@pass_app
def import_command(app: App, path, as_json) -> None:
    """Import translations from an XLIFF (2.0 or 1.2) or PO file made by 'export'.

    Changed targets become new revisions by you; units changed in the database since the export
    are reported as conflicts and left as they are. Translators and editors.

    \b
    Example:
      translate-flow export 1 --lang de --format xliff --draft -o article1.de.xlf
      translate-flow import article1.de.xlf
    """
    from translate_flow.services.exchange import import_file

    result = import_file(app.desk(), path)
    if as_json:
        print_json(result)
        return
    click.echo(
        f"{path}: article {result.article} ({result.lang}): "
        f"{len(result.updated)} updated, {len(result.unchanged)} unchanged, "
        f"{len(result.conflicts)} conflicts"
    )
    for conflict in result.conflicts:
        warn(
            f"  conflict: segment {conflict.segment} changed in the database since the export "
            f"(revision {conflict.file_revision} in the file, now "
            f"{conflict.database_revision}); kept the database text"
        )
    if result.unknown:
        warn(f"  not segments of this article version, ignored: {', '.join(result.unknown)}")
    if result.missing:
        warn(f"  segments missing from the file: {', '.join(map(str, result.missing))}")
    if result.empty:
        warn(f"  units without a translation, ignored: {', '.join(map(str, result.empty))}")


COMMANDS = [import_command]
