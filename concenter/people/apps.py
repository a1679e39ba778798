from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "concenter.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from concenter.common import search
        from concenter.people.models import NameWordVariant, Person, PersonHeadWord, PersonWord

        search.searchable(
            "person",
            model=Person,
            fts_table="people_person_fts",
            related=("area", "profession"),
            words=(NameWordVariant, PersonWord, "person_id"),
            head_words=PersonHeadWord,
        )
