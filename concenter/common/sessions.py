"""Django's database sessions, read with one plain statement.

Every signed-in page reads its session first. Django's `db` backend reads it through the ORM
(`Session.objects.get(session_key=…, expire_date__gt=now)`), whose query building costs ≈ 0.2 ms
of CPU per page, ten times the statement itself (docs/performance.md, issue #20 third round).
This store reads the same row with the same condition in one prepared string; everything else
(saving, creating, deleting, the expiry it writes) is Django's own.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router

from concenter.common import clock


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        key = self.session_key  # None when the cookie's key is malformed
        row = None
        if key:
            model = self.model
            connection = connections[router.db_for_read(model)]
            q = connection.ops.quote_name
            table = q(model._meta.db_table)
            sql = f"SELECT {q('session_data')} FROM {table} WHERE {q('session_key')} = %s AND {q('expire_date')} > %s"  # noqa: S608 - names, not values
            with connection.cursor() as cursor:
                cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(clock.now())])
                row = cursor.fetchone()
        if row is None:
            # As Django's store: an unknown or expired key is dropped, a new one is made on save.
            self._session_key = None
            return {}
        return self.decode(row[0])
