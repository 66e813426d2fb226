"""The Spirit side's data: one category, one topic holding the project's big thread.

Reads the thread that bench/spirit_compare.py exported from the project's database
(JSON: title, posts with author name, text and date, the readers' count) and creates
in an empty, migrated Spirit database: comments per page 30 (djconfig, as Spirit's
admin form saves it), one category, a user per author (username and nickname: the
author's name), the topic with one comment per post (same text, same author, same
date; rendered by Spirit's own Markdown as its comment form does), and `readers`
plain users logged in by sessions made directly in the database. Writes the topic's
middle page URL and the sessions as JSON to --out.
"""

import json
from datetime import datetime

from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.crypto import get_random_string
from djconfig import conf
from spirit.admin.forms import BasicConfigForm
from spirit.category.models import Category
from spirit.comment.models import Comment
from spirit.core.utils.markdown import Markdown
from spirit.topic.models import Topic

PER_PAGE = 30


class Command(BaseCommand):
    help = "Create the benchmark's topic from an exported thread (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("thread", help="the exported thread (JSON file)")
        parser.add_argument("--out", required=True, help="where to write the plan (JSON)")

    def handle(self, thread, out, **options):
        with open(thread, encoding="utf-8") as file:
            data = json.load(file)
        with transaction.atomic():
            set_comments_per_page(PER_PAGE)
            topic = create_topic(data)
            logins = [login(user) for user in create_readers(data["readers"])]
        count = len(data["posts"])
        middle = max(1, -(-count // PER_PAGE) // 2)  # 1,000 comments: page 17 of 34
        plan = {
            "url": f"{topic.get_absolute_url()}?page={middle}",
            "logins": logins,
            # What the middle page must show: its first and last comment's text.
            "expect": [
                data["posts"][(middle - 1) * PER_PAGE]["body"],
                data["posts"][min(middle * PER_PAGE, count) - 1]["body"],
            ],
        }
        with open(out, "w", encoding="utf-8") as file:
            json.dump(plan, file, ensure_ascii=False)
        self.stdout.write(f"Topic {topic.pk}: {count} comments; {plan['url']}")


def set_comments_per_page(value: int) -> None:
    conf.reload_maybe()
    initial = {name: field.initial for name, field in BasicConfigForm().fields.items()}
    form = BasicConfigForm(data={**initial, "site_name": "Sieci", "comments_per_page": value})
    if not form.is_valid():
        raise ValueError(form.errors)
    form.save()


def create_topic(data: dict) -> Topic:
    User = get_user_model()
    authors = {}
    for post in data["posts"]:
        name = post["author"]
        if name not in authors:
            # Spirit lower-cases usernames (ST_CASE_INSENSITIVE_USERNAMES); the nickname is shown.
            user = User.objects.create_user(
                username=f"author{len(authors) + 1}", email=f"author{len(authors) + 1}@example.org"
            )
            user.st.nickname = name
            user.st.is_verified = True
            user.st.save()
            authors[name] = user
    category = Category.objects.create(title="Ocenianie", description="Sieć testowa wydajności")
    first = data["posts"][0]
    topic = Topic.objects.create(
        user=authors[first["author"]],
        category=category,
        title=data["title"],
        date=datetime.fromisoformat(first["created_at"]),
        last_active=datetime.fromisoformat(data["posts"][-1]["created_at"]),
        comment_count=len(data["posts"]),
    )
    Comment.objects.bulk_create(
        Comment(
            user=authors[post["author"]],
            topic=topic,
            comment=post["body"],
            comment_html=Markdown().render(post["body"]),
            date=datetime.fromisoformat(post["created_at"]),
            ip_address="127.0.0.1",
        )
        for post in data["posts"]
    )
    for user in authors.values():
        user.st.comment_count = Comment.objects.filter(user=user).count()
        user.st.save()
    return topic


def create_readers(count: int) -> list:
    User = get_user_model()
    readers = []
    for i in range(1, count + 1):
        user = User.objects.create_user(username=f"reader{i}", email=f"reader{i}@example.org")
        user.st.nickname = f"Czytelnik {i}"
        user.st.is_verified = True
        # As after their first request: Spirit's middleware writes these when they differ.
        user.st.last_ip = "127.0.0.1"
        user.st.save()
        readers.append(user)
    return readers


def login(user) -> dict:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "spirit.user.auth.backends.UsernameAuthBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"session": session.session_key, "csrf": get_random_string(32), "calendar_token": ""}
