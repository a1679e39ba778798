"""Bangkok's district centers were named "ศูนย์ประสานงานองค์การชุมชนเขตเขตพระนคร": DOPA writes
their districts with the level word ("เขตพระนคร") and the default name added it again. Only the
default names are corrected; a name an officer wrote differently is left as it is."""

from django.db import migrations

DOUBLED = "ศูนย์ประสานงานองค์การชุมชนเขตเขต"
SINGLE = "ศูนย์ประสานงานองค์การชุมชนเขต"


def forwards(apps, schema_editor):
    from concenter.common.thai import thai_sort_key

    Center = apps.get_model("network", "Center")
    for center in Center.objects.filter(name__startswith=DOUBLED):
        center.name = SINGLE + center.name[len(DOUBLED) :]
        center.sort_key = thai_sort_key(center.name)
        center.save(update_fields=["name", "sort_key"])


class Migration(migrations.Migration):
    dependencies = [("network", "0007_public_name_objection")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
