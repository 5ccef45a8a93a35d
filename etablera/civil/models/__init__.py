"""Civil society (issue #17): the register of associations and other actors the municipality works with, their
contact persons, offers and agreements, their activities in the catalogue, and the network's meetings."""

from etablera.civil.models.activities import AssociationActivity
from etablera.civil.models.agreements import Agreement
from etablera.civil.models.associations import Association
from etablera.civil.models.contacts import ContactPerson
from etablera.civil.models.network import FollowUp, NetworkMeeting
from etablera.civil.models.offers import Offer

__all__ = [
    "Agreement",
    "Association",
    "AssociationActivity",
    "ContactPerson",
    "FollowUp",
    "NetworkMeeting",
    "Offer",
]
