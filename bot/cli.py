"""`flask districts ...` and `flask admins ...`: what provincial staff run on the server."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from bot.store import Officer


def _services():
    return current_app.extensions["services"]


@click.group("districts", cls=AppGroup)
def districts() -> None:
    """District registration codes."""


@districts.command("codes")
@click.option("--rotate", "rotate", metavar="DISTRICT_ID", help="Issue a new code for this district (the old one stops working).")
def codes(rotate: str | None) -> None:
    """Print each district's registration code, to hand to its office."""
    services = _services()
    campaign, store = services.campaign, services.store
    with store.session() as session:
        if rotate:
            district = campaign.district(rotate)
            if district is None:
                raise click.BadParameter(f"no district {rotate!r}; ids: {', '.join(d.id for d in campaign.districts)}",
                                         param_hint="--rotate")
            store.rotate_code(session, district.id)
            click.echo(f"New code for อำเภอ{district.name}; officers already registered stay registered.")
        known = store.ensure_codes(session, [d.id for d in campaign.districts])
        counts = dict(session.execute(
            select(Officer.district_id, func.count()).where(Officer.district_id.isnot(None)).group_by(Officer.district_id)
        ).all())
    click.echo(f"{'no.':>3}  {'district id':<16} {'code':<8} {'officers':>8}  name")
    for district in campaign.districts:
        click.echo(f"{district.number:>3}  {district.id:<16} {known[district.id]:<8} "
                   f"{counts.get(district.id, 0):>8}  อำเภอ{district.name}")


@click.group("admins", cls=AppGroup)
def admins() -> None:
    """Provincial admins (also settable with ADMIN_LINE_USER_IDS)."""


@admins.command("add")
@click.argument("user_id")
def add_admin(user_id: str) -> None:
    """Make a LINE user id a provincial admin."""
    _check_user_id(user_id)
    with _services().store.session() as session:
        officer = session.get(Officer, user_id) or Officer(user_id=user_id)
        officer.is_admin = True
        session.add(officer)
    click.echo(f"{user_id} is now an admin.")


@admins.command("remove")
@click.argument("user_id")
def remove_admin(user_id: str) -> None:
    """Take admin rights away (admins set by ADMIN_LINE_USER_IDS stay until that setting changes)."""
    with _services().store.session() as session:
        officer = session.get(Officer, user_id)
        if officer is not None:
            officer.is_admin = False
    click.echo(f"{user_id} is no longer an admin here.")


@admins.command("list")
def list_admins() -> None:
    """Admins from the database and from configuration."""
    services = _services()
    with services.store.session() as session:
        stored = set(session.scalars(select(Officer.user_id).where(Officer.is_admin.is_(True))))
    for user_id in sorted(stored | services.config.admin_user_ids):
        source = "config" if user_id in services.config.admin_user_ids else "database"
        click.echo(f"{user_id}  ({source})")


def _check_user_id(user_id: str) -> None:
    if not (user_id.startswith("U") and len(user_id) == 33):
        raise click.BadParameter("a LINE user id is U followed by 32 hex digits", param_hint="USER_ID")


@click.group("sheets", cls=AppGroup)
def sheets_group() -> None:
    """The review sheet (Google Sheet, or the local workbook)."""


@sheets_group.command("init")
def sheets_init() -> None:
    """Create or repair the worksheets and headers; staff data is never changed. Safe to run again."""
    from sheets.errors import SheetError, TransientSheetError

    from bot import contest

    services = _services()
    try:
        for line in services.sheet.prepare():
            click.echo(line)
        if services.campaign.contest.judges:
            for line in services.sheet.prepare_scores(contest.layout(services.campaign)):
                click.echo(line)
    except (SheetError, TransientSheetError) as exc:
        raise click.ClickException(str(exc)) from None


@sheets_group.command("sync")
def sheets_sync() -> None:
    """Write queued nominations to the review sheet now."""
    from sheets.errors import QuotaWait, SheetError, TransientSheetError

    from bot.store import LeaseHeld

    jobs = current_app.extensions["jobs"]
    try:  # a worker writing the sheet right now will be done in a moment: wait for it
        with _services().store.lease("review-sheet", 300, wait=60):
            click.echo(f"{jobs.sync_now()} nomination(s) written")
    except LeaseHeld:
        raise click.ClickException("a worker has been writing the sheet for a minute; try again later") from None
    except (SheetError, TransientSheetError, QuotaWait) as exc:
        raise click.ClickException(str(exc)) from None


@click.group("richmenu", cls=AppGroup)
def richmenu_group() -> None:
    """The rich menu under the chat."""


@richmenu_group.command("install")
def richmenu_install() -> None:
    """Draw the menu (Thai labels), create it through the Messaging API, upload the image, make it the default."""
    from linebot.v3.messaging import ApiException

    from bot import richmenu
    from bot.errors import BotError

    try:
        menu_id = richmenu.install(_services().line)
    except (ApiException, BotError) as exc:
        raise click.ClickException(f"the rich menu was not installed: {getattr(exc, 'reason', exc)}") from None
    click.echo(f"rich menu {menu_id} is now everyone's default")


@richmenu_group.command("image")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def richmenu_image(path: str) -> None:
    """Write the menu image to PATH (to look at it before installing)."""
    from bot import richmenu

    with open(path, "wb") as fh:
        fh.write(richmenu.draw())
    click.echo(path)


@click.group("admin", cls=AppGroup)
def admin_group() -> None:
    """What provincial admins do in the chat, from the server: สรุป, ประกาศ, แจ้งเตือน."""


def _admin_context(session):
    from bot.processing import DbDirectory
    from handlers.core import Context, OfficerView

    services = _services()
    return Context(campaign=services.campaign, now=services.clock(), user_id=None,
                   officer=OfficerView(user_id="cli", district_id=None, name=None, is_admin=True),
                   directory=DbDirectory(services, session))


def _echo_messages(messages) -> None:
    for message in messages:
        click.echo(message.get("text") or message.get("altText", ""))
        click.echo("")


def _send_now(broadcast_id: int) -> None:
    from bot import broadcasts
    from bot.errors import TransientDeliveryError

    from bot.jobs import CHAT_LEASE_SECONDS
    from bot.store import LeaseHeld

    services = _services()
    try:  # like a worker: one broadcast at a time, so the quota check counts the one before
        with services.store.lease("broadcasts", CHAT_LEASE_SECONDS, wait=60):
            status = broadcasts.send(services, broadcast_id)
    except LeaseHeld:
        raise click.ClickException(f"a worker has been sending another broadcast for a minute; broadcast "
                                   f"{broadcast_id} is saved and a worker will send it") from None
    except broadcasts.QuotaRefused as refused:
        raise click.ClickException(f"not sent: needs {refused.needed} messages, {refused.left} left this month")
    except TransientDeliveryError as exc:
        raise click.ClickException(f"LINE is not answering ({exc}); the worker will retry with the same keys")
    click.echo(f"broadcast {broadcast_id}: {status}")


@admin_group.command("summary")
def admin_summary() -> None:
    """The status board (สรุป)."""
    from handlers.admin import board

    with _services().store.read() as session:
        _echo_messages(board(_admin_context(session)).messages)


@admin_group.command("announce")
@click.argument("text")
@click.option("--district", "districts", multiple=True, metavar="DISTRICT_ID", help="Only these districts (repeat).")
@click.option("--yes", is_flag=True, help="Send without asking.")
def admin_announce(text: str, districts: tuple[str, ...], yes: bool) -> None:
    """Send a notice (ประกาศ) to the registered officers of all or chosen districts."""
    from bot import broadcasts
    from handlers.admin import NOTICE_LIMIT, notice_message

    services = _services()
    unknown = [d for d in districts if services.campaign.district(d) is None]
    if unknown or not text.strip() or len(text) > NOTICE_LIMIT:
        raise click.BadParameter(f"unknown district(s) {unknown}" if unknown else
                                 f"the notice must be 1 to {NOTICE_LIMIT} characters")
    with services.store.read() as session:
        recipients = broadcasts.officers_in(services, session, list(districts) or None)
        usage = _admin_context(session).directory.message_usage()
    message = notice_message(services.campaign, text.strip())
    _echo_messages([message])
    left = "unknown" if usage is None else "unlimited" if usage[0] is None else usage[0] - usage[1]
    click.echo(f"cost: {len(recipients)} message(s); left this month: {left}")
    if not recipients:
        raise click.ClickException("nobody to send to: no registered officers in those districts")
    if not yes:
        click.confirm("send it?", abort=True)
    broadcast_id = broadcasts.create(services, "notice", f"ประกาศ: {text[:60]}",
                                     [broadcasts.Part(tuple(recipients), (message,))], created_by="cli")
    _send_now(broadcast_id)


@admin_group.command("remind")
@click.option("--yes", is_flag=True, help="Send without asking.")
def admin_remind(yes: bool) -> None:
    """Send the deadline reminder now (แจ้งเตือน) to everyone who still owes a nomination."""
    from bot import broadcasts

    services = _services()
    now = services.clock()
    if now >= services.campaign.nominations_close_at:
        raise click.ClickException("nominations are closed: nothing to remind")
    parts = broadcasts.reminder_parts(services, services.campaign.days_to_deadline(now))
    people = sum(len(p.recipients) for p in parts)
    for part in parts:
        _echo_messages(part.messages)
    click.echo(f"cost: {people} message(s)")
    if not people:
        raise click.ClickException("every district with registered officers has nominated")
    if not yes:
        click.confirm("send it?", abort=True)
    _send_now(broadcasts.create(services, "reminder", "แจ้งเตือน (สั่งจากเซิร์ฟเวอร์)", parts, created_by="cli"))


@admin_group.command("results")
@click.option("--yes", is_flag=True, help="Send without asking.")
def admin_results(yes: bool) -> None:
    """Announce the role models marked ผ่าน (ประกาศผล) and congratulate their senders."""
    from bot import broadcasts

    services = _services()
    with services.store.read() as session:
        judging = _admin_context(session).directory.judging()
        awards = judging.awards if judging and judging.closed else ()
        parts, count = broadcasts.results_parts(services, session, awards)
    if not count and not awards:
        raise click.ClickException("no nomination is marked ผ่าน in the sheet yet, and judging is not closed")
    _echo_messages(parts[0].messages)
    click.echo(f"{count} role model(s); cost: {sum(len(p.recipients) for p in parts)} message(s) "
               "(plus one per member of each enabled group)")
    if not yes:
        click.confirm("send it?", abort=True)
    _send_now(broadcasts.create(services, "results", f"ประกาศผล ({count} อำเภอ)", parts, created_by="cli"))


@admin_group.command("sends")
@click.option("--last", default=10, show_default=True, help="How many broadcasts to show.")
def admin_sends(last: int) -> None:
    """Who was told what: each broadcast, its batches, recipients, LINE request ids."""
    import json

    from sqlalchemy import select as select_

    from bot.store import Broadcast, BroadcastBatch

    with _services().store.read() as session:
        rows = list(session.scalars(select_(Broadcast).order_by(Broadcast.id.desc()).limit(last)))
        for broadcast in rows:
            click.echo(f"#{broadcast.id} {broadcast.created_at:%Y-%m-%d %H:%M} UTC  {broadcast.summary}  "
                       f"[{broadcast.status}] {broadcast.note or ''}")
            for batch in session.scalars(select_(BroadcastBatch).where(BroadcastBatch.broadcast_id == broadcast.id)):
                people = json.loads(batch.recipients)
                click.echo(f"    {len(people)} recipient(s) [{batch.status}] request {batch.request_id or '-'} "
                           f"sent {batch.sent_at or '-'}: {', '.join(people[:5])}{' ...' if len(people) > 5 else ''}")


@click.group("contest", cls=AppGroup)
def contest_group() -> None:
    """The website contest: the committee's score sheet, closing judging, results."""


@contest_group.command("template")
def contest_template() -> None:
    """Create the score sheet (คะแนนเว็บไซต์): a row per judge and district, 0..max checks per criterion."""
    from bot import contest

    services = _services()
    if not services.campaign.contest.judges:
        raise click.ClickException("the campaign lists no judges: add [[contest.judges]] entries to the campaign file")
    for line in services.sheet.prepare_scores(contest.layout(services.campaign)):
        click.echo(line)
    if not services.config.google_configured:
        click.echo(f"workbook: {services.config.review_workbook_path}")


@contest_group.command("checklist")
def contest_checklist() -> None:
    """Look at every entered website now (politely) and record what the checklist finds."""
    from bot import contest
    from bot.store import LeaseHeld

    try:  # a worker checking the sites right now is waited for, then every site is looked at again
        click.echo(f"checked {contest.check_entries(_services(), older_than_hours=0, wait=300)} website(s)")
    except LeaseHeld:
        raise click.ClickException("a worker has been checking the websites for five minutes; try again later") from None


@contest_group.command("close")
@click.option("--reopen", is_flag=True, help="Open judging again.")
def contest_close(reopen: bool) -> None:
    """Close judging: districts scored by at least one judge are ranked even if others have not scored."""
    from bot.store import ContestState, utcnow

    services = _services()
    with services.store.session() as session:
        state = session.get(ContestState, services.campaign.id) or ContestState(campaign_id=services.campaign.id)
        state.closed_at, state.closed_by = (None, None) if reopen else (utcnow(), "cli")
        session.add(state)
    click.echo("judging is open again" if reopen else "judging is closed")


@contest_group.command("results")
def contest_results() -> None:
    """The full table: place, district, mean score, judges who scored, award; the tie rule; any bad cells."""
    from bot import contest
    from bot.store import ContestState
    from sheets.errors import SheetError, TransientSheetError

    services = _services()
    campaign = services.campaign
    try:
        raw = services.sheet.score_rows()
    except (SheetError, TransientSheetError) as exc:
        raise click.ClickException(str(exc)) from None
    with services.store.read() as session:
        state = session.get(ContestState, campaign.id)
    closed = bool(state and state.closed_at)
    results, problems = contest.tally(campaign, contest.rows_from_sheet(campaign, raw), closed=closed)
    click.echo(f"{campaign.contest.title} — judging {'closed' if closed else 'open'}")
    click.echo(f"{'place':>5}  {'district':<20}{'score':>8}  {'judges':>7}  award")
    for result in sorted(results, key=lambda r: (r.place is None, r.place or 0, -(r.total or -1))):
        district = campaign.district(result.district_id)
        click.echo(f"{result.place if result.place else '-':>5}  {district.name:<20}"
                   f"{result.total if result.total is not None else '-':>8}  "
                   f"{result.judges_done}/{result.judges_total:<5}  {result.award or ''}")
    click.echo(contest.tie_rule(campaign))
    import json

    from sqlalchemy import select as select_

    from bot.store import WebsiteCheck

    with services.store.read() as session:
        checks = {c.district_id: json.loads(c.result) for c in session.scalars(select_(WebsiteCheck).where(
            WebsiteCheck.campaign_id == campaign.id))}
    for result in results:
        if result.district_id in checks:
            click.echo(f"  {campaign.district(result.district_id).name}: "
                       f"{contest.checklist_line(checks[result.district_id])}")
    for problem in problems:
        where = f"ข้อ {problem.criterion}" if problem.criterion else ""
        click.echo(f"problem: row {problem.row} {problem.judge_id} {problem.district_id} {where} "
                   f"{problem.value!r}: {problem.reason}")


def init_app(app: Flask) -> None:
    from bot.migrate import db_group

    app.cli.add_command(db_group)  # also installed as a plugin, which runs without building the app
    app.cli.add_command(districts)
    app.cli.add_command(admins)
    app.cli.add_command(sheets_group)
    app.cli.add_command(richmenu_group)
    app.cli.add_command(admin_group)
    app.cli.add_command(contest_group)
