"""API tokens get an end: tokens made before this migration end 30 days after they were made
(API_TOKEN_LIFETIME_DAYS), so none of them lives on forever."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models


def tokens_expire(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    lifetime = timedelta(days=getattr(settings, "API_TOKEN_LIFETIME_DAYS", 30))
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + lifetime)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_two_factor_enabled"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expires"),
        ),
        migrations.RunPython(tokens_expire, migrations.RunPython.noop),
    ]
