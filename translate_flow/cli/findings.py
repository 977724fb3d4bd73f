"""`translate-flow finding`: list, dismiss and reopen the checks' findings."""

from __future__ import annotations

import click

from translate_flow.cli.app import App, json_option, parse_id, pass_app, print_json


@click.group()
def finding() -> None:
    """List findings; dismiss one that is right here, or reopen it.

    A dismissal holds for that check, concept and term on that segment until the source
    changes or an edit touches the text the finding was about; `approve` counts only open
    blocking findings.

    \b
    Example:
      translate-flow finding list --article 1 --lang de
      translate-flow finding dismiss 17 --reason "Der russische Außenminister is the usage"
      translate-flow finding reopen 17
    """


@finding.command("list")
@click.option("--article", help="Only this article's findings.")
@click.option("--lang", help="Only this target language.")
@click.option("--check", "check_id", metavar="CHECK", help="Only this check (e.g. terminology).")
@click.option("--dismissed", is_flag=True, help="The dismissed findings instead of the open ones.")
@json_option
@pass_app
def list_command(app: App, article, lang, check_id, dismissed, as_json) -> None:
    """Open findings of the articles' current versions (or, with --dismissed, dismissed ones).

    \b
    Example:
      translate-flow finding list --lang de --check terminology
      translate-flow finding list --article 1 --dismissed --json
    """
    from translate_flow.services.findings import list_findings

    rows = list_findings(
        app.desk(),
        parse_id(article, "article") if article else None,
        lang,
        check_id,
        dismissed,
    )
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no dismissed findings" if dismissed else "no open findings")
        return
    # One block per finding: a table of wrapped messages is hard to read in 80 columns.
    for r in rows:
        click.echo(
            f"finding {r.id}  article {r.article}  segment {r.segment}  {r.lang}  "
            f"[{r.severity}] {r.check}: {r.message}"
        )
        if dismissed:
            click.echo(
                f"  dismissed by {r.dismissed_by} ({r.dismissed_role}, {r.dismissed_at[:10]}): "
                f"{r.dismissed_reason}"
            )
    click.echo(f"{len(rows)} {'dismissed' if dismissed else 'open'} finding(s)")


@finding.command("dismiss")
@click.argument("finding_id", metavar="ID")
@click.option("--reason", required=True, help="Why the finding is not a problem here.")
@json_option
@pass_app
def dismiss(app: App, finding_id, reason, as_json) -> None:
    """Dismiss a finding that is right here (translators and editors); the reason is kept.

    \b
    Example:
      translate-flow finding dismiss 17 --reason "Der russische Außenminister is correct"
    """
    from translate_flow.services.findings import dismiss_finding

    result = dismiss_finding(app.desk(), parse_id(finding_id, "finding"), reason)
    if as_json:
        print_json(result)
        return
    click.echo(
        f"finding {result.id} dismissed (segment {result.segment}, {result.lang}, "
        f"{result.check}: {result.message})"
    )


@finding.command("reopen")
@click.argument("finding_id", metavar="ID")
@json_option
@pass_app
def reopen(app: App, finding_id, as_json) -> None:
    """Open a dismissed finding again (translators and editors).

    \b
    Example:
      translate-flow finding reopen 17
    """
    from translate_flow.services.findings import reopen_finding

    result = reopen_finding(app.desk(), parse_id(finding_id, "finding"))
    if as_json:
        print_json(result)
        return
    click.echo(
        f"finding {result.id} is open again (segment {result.segment}, {result.lang}, "
        f"{result.check}: {result.message})"
    )


COMMANDS = [finding]
