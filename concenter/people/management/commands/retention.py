import datetime
from importlib import import_module

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from concenter.common import clock
from concenter.common.orphans import ORPHAN_GRACE, OrphanSweep, orphan_uploads_sweep
from concenter.common.retention import retention_purges
from concenter.people.privacy import retention_anonymize, retention_candidates

DEFAULT_DAYS = 5 * 365
# django-axes' records of logins (username, address, browser): kept a year (docs/privacy.md).
LOGIN_LOG_DAYS = 365


def expired_sessions_clear(*, for_real: bool) -> int | None:
    """Django's `clearsessions`: delete the sessions whose expiry has passed (a dry run counts
    them). None when the sessions are not kept in the database (the engine's own clean-up
    still runs for real)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model_class = getattr(store, "get_model_class", None)
    if get_model_class is None:
        if for_real:
            store.clear_expired()
        return None
    expired = get_model_class().objects.filter(expire_date__lt=clock.now())
    if not for_real:
        return expired.count()
    count, _by_model = expired.delete()
    return count


def login_logs_purge(*, days: int, for_real: bool) -> tuple[int, int]:
    """django-axes' logins (AccessLog) and recorded failures (AccessFailureLog) older than
    `days`, through axes' own handler (what `axes_reset_logs --age` does); a dry run counts
    them. Returns (logins, failures)."""
    if for_real:
        return (
            AxesProxyHandler.reset_logs(age_days=days),
            AxesProxyHandler.reset_failure_logs(age_days=days),
        )
    limit = clock.now() - datetime.timedelta(days=days)
    return (
        AccessLog.objects.filter(attempt_time__lte=limit).count(),
        AccessFailureLog.objects.filter(attempt_time__lte=limit).count(),
    )


class Command(BaseCommand):
    help = (
        "Apply the retention rules (docs/privacy.md): anonymise people who hold no seat, "
        "membership, local role or leadership and were registered more than --days ago (default "
        "5 years); purge old import uploads, event registrations and nominations that did not "
        "win; delete uploaded files that no record names (orphans of a rolled-back transaction) "
        "once older than --orphan-hours; delete expired sessions and the login records of "
        "django-axes older than --login-days (default 365). A dry run (--dry-run, the default) "
        "unless --for-real."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
        parser.add_argument(
            "--orphan-hours",
            type=int,
            default=int(ORPHAN_GRACE.total_seconds() // 3600),
            help="grace period before an unreferenced upload is deleted (default 24)",
        )
        parser.add_argument(
            "--login-days",
            type=int,
            default=LOGIN_LOG_DAYS,
            help="keep django-axes' login records this many days (default 365)",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="only report (the default)")
        mode.add_argument("--for-real", action="store_true", help="anonymise, purge and delete")

    def handle(
        self, *args, days: int, orphan_hours: int, login_days: int, for_real: bool, **options
    ):
        if days < 1:
            raise CommandError("--days must be at least 1")
        if orphan_hours < 1:
            raise CommandError("--orphan-hours must be at least 1")
        if login_days < 1:
            raise CommandError("--login-days must be at least 1")
        grace = datetime.timedelta(hours=orphan_hours)
        if not for_real:
            ids = list(retention_candidates(older_than_days=days).values_list("pk", flat=True))
            self.stdout.write(
                f"Dry run: {len(ids)} people would be anonymised (records: "
                f"{', '.join(map(str, ids[:50]))}{' …' if len(ids) > 50 else ''}). "
                "Pass --for-real to anonymise them."
            )
            for purge in retention_purges():  # registered by the apps (common.retention)
                self.stdout.write(f"{purge.purge(for_real=False)} {purge.what} would be purged")
            self._report_orphans(
                orphan_uploads_sweep(for_real=False, grace=grace), grace=grace, for_real=False
            )
            self._report_housekeeping(login_days=login_days, for_real=False)
            return
        done = retention_anonymize(
            older_than_days=days, reason=f"retention: no role in the network for {days} days"
        )
        self.stdout.write(f"{len(done)} people anonymised")
        for purge in retention_purges():
            self.stdout.write(f"{purge.purge(for_real=True)} {purge.what} purged")
        # Last, so files the purges above left unnamed are swept in the same run.
        self._report_orphans(
            orphan_uploads_sweep(for_real=True, grace=grace), grace=grace, for_real=True
        )
        self._report_housekeeping(login_days=login_days, for_real=True)

    def _report_housekeeping(self, *, login_days: int, for_real: bool) -> None:
        verb = "deleted" if for_real else "would be deleted"
        sessions = expired_sessions_clear(for_real=for_real)
        if sessions is None:
            self.stdout.write("Expired sessions: cleared by the session engine itself")
        else:
            self.stdout.write(f"{sessions} expired sessions {verb}")
        logins, failures = login_logs_purge(days=login_days, for_real=for_real)
        self.stdout.write(
            f"{logins} login records and {failures} login failure records older than "
            f"{login_days} days {verb}"
        )

    def _report_orphans(
        self, sweep: OrphanSweep, *, grace: datetime.timedelta, for_real: bool
    ) -> None:
        hours = int(grace.total_seconds() // 3600)
        if sweep.refused:
            self.stderr.write(f"Orphan uploads: {sweep.refused}")
            return
        what = f"orphan uploads (named by no record, older than {hours} hours)"
        if for_real:
            self.stdout.write(f"{sweep.deleted} {what} deleted")
        else:
            self.stdout.write(f"{len(sweep.orphans)} {what} would be deleted")
            for name in sweep.orphans[:20]:
                self.stdout.write(f"  {name}")
        self.stdout.write(f"{sweep.young} uploads younger than {hours} hours left alone")
