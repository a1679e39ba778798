from django.urls import path

from concenter.events import views

app_name = "events"

_event = "events/<int:event_id>/"

urlpatterns = [
    # Public pages: events of an area, an event, its registration form and files, a ticket.
    path("events/", views.public_list, name="public_list"),
    path(_event, views.public_detail, name="public_detail"),
    path(_event + "register/", views.public_register, name="public_register"),
    path(_event + "ticket/lost/", views.ticket_lost, name="ticket_lost"),
    path(_event + "programme.pdf", views.programme_pdf, name="programme_pdf"),
    path(_event + "cover/", views.cover, name="cover"),
    path(_event + "photos/<int:photo_id>/", views.photo, name="photo"),
    path("t/<str:token>/", views.ticket, name="ticket"),
    path("t/<str:token>/cancel/", views.ticket_cancel, name="ticket_cancel"),
    # Officers.
    path("events/manage/", views.manage_list, name="manage_list"),
    path("events/new/", views.event_create, name="event_create"),
    path(_event + "manage/", views.event_manage, name="event_manage"),
    path(_event + "edit/", views.event_edit, name="event_edit"),
    path(_event + "status/", views.event_status, name="event_status"),
    path(_event + "history/", views.event_history, name="event_history"),
    path(_event + "agenda/", views.agenda, name="agenda"),
    path(_event + "agenda/new/", views.agenda_item_create, name="agenda_item_create"),
    path(_event + "agenda/<int:item_id>/edit/", views.agenda_item_edit, name="agenda_item_edit"),
    path(
        _event + "agenda/<int:item_id>/remove/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(_event + "organizations/", views.pick_organization, name="pick_organization"),
    path(_event + "awardees/", views.awardees_register, name="awardees_register"),
    path(_event + "registrations/", views.registrations, name="registrations"),
    path(_event + "registrations/add/", views.registration_add, name="registration_add"),
    path(_event + "registrations/people/", views.registration_pick, name="registration_pick"),
    path(_event + "registrations/paste/", views.registration_bulk, name="registration_bulk"),
    path(
        _event + "registrations/<int:registration_id>/",
        views.registration_edit,
        name="registration_edit",
    ),
    path(
        _event + "registrations/<int:registration_id>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        _event + "registrations/<int:registration_id>/undo-checkin/",
        views.checkin_undo,
        name="checkin_undo",
    ),
    path(_event + "badges.pdf", views.badges_pdf, name="badges_pdf"),
    path(_event + "staff/", views.staff, name="staff"),
    path(_event + "staff/<int:staff_id>/remove/", views.staff_remove, name="staff_remove"),
    path(_event + "photos/", views.photos, name="photos"),
    path(_event + "photos/<int:photo_id>/remove/", views.photo_remove, name="photo_remove"),
    # The door.
    path(_event + "door/", views.door, name="door"),
    path(_event + "door/checkin/", views.door_checkin, name="door_checkin"),
    path(_event + "door/walk-in/", views.door_walk_in, name="door_walk_in"),
    path(_event + "door/search/", views.door_search, name="door_search"),
    path(_event + "counts/", views.counts, name="counts"),
    # Reports.
    path(_event + "attendance/", views.attendance, name="attendance"),
    path(_event + "attendance.pdf", views.attendance_pdf, name="attendance_pdf"),
    path(_event + "attendance.xlsx", views.attendance_xlsx, name="attendance_xlsx"),
]
