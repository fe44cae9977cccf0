from django.urls import path

from onward.feed import views

app_name = "feed"

urlpatterns = [
    path("", views.feed_messages, name="messages"),
    path("<int:message_id>/", views.feed_message_detail, name="detail"),
    path("<int:message_id>/replay/", views.feed_message_replay, name="replay"),
]
