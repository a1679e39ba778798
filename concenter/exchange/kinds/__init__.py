"""The kinds of file an import takes, by key (concenter.exchange.models.Kind)."""

from concenter.exchange.kinds.activities import ActivitiesKind
from concenter.exchange.kinds.committees import CommitteesKind
from concenter.exchange.kinds.organizations import MembersKind, OrganizationsKind
from concenter.exchange.kinds.people import PeopleKind
from concenter.exchange.kinds.places import CentersKind, PartnersKind, VillagesKind

KINDS = {
    kind.key: kind
    for kind in (
        VillagesKind,
        PeopleKind,
        OrganizationsKind,
        MembersKind,
        CentersKind,
        CommitteesKind,
        PartnersKind,
        ActivitiesKind,
    )
}
