"""Locust users for bench/load.py, logged in as bench users of the bench network.

bench/load.py writes the plan (pages, sessions per role, calendar tokens, the
mixed load's URLs) to the JSON file named by BENCH_PLAN and names the user
class on locust's command line:

* PageUser requests the page BENCH_PAGE as fast as it can, as a bench user of
  the role BENCH_ROLE (coordinator or member): locust runs once per page and
  role, so each page's requests per second is what the server manages for
  that page alone.
* MixedUser is a person moving between pages with a think time (the plan's
  "think", seconds): reading threads, searching the bank, opening meetings,
  the network page, "my networks", now and then posting a reply. Half of them
  coordinate the bench network, half are plain members.

Logged in without the login form: load.py created one database session per bench
user (SessionStore) and each simulated user sends one of those session cookies.
Cookies are sent in a Cookie header, not a cookie jar, because production cookies
are Secure and the benchmark talks plain HTTP; the X-Forwarded-Proto header makes
Django (SECURE_PROXY_SSL_HEADER) treat the requests as HTTPS, as behind a proxy.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, between, constant, task

with open(os.environ["BENCH_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
ROLE = os.environ.get("BENCH_ROLE", "coordinator")
PAGE = next((page for page in PLAN["pages"] if page["name"] == os.environ["BENCH_PAGE"]), None)
if ROLE in PLAN["logins"]:
    LOGINS = itertools.cycle(PLAN["logins"][ROLE])
else:  # both roles, taking turns
    LOGINS = itertools.cycle(
        login for pair in zip(*PLAN["logins"].values(), strict=False) for login in pair
    )
MIXED = PLAN["mixed"]


class BenchUser(FastHttpUser):
    abstract = True

    def on_start(self) -> None:
        login = next(LOGINS)
        self.token = login["calendar_token"]
        self.csrf = login["csrf"]
        self.headers = {
            "Cookie": f"sessionid={login['session']}; csrftoken={login['csrf']}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{PLAN['host']}/",
        }

    def get(self, url: str, name: str) -> None:
        with self.client.get(url, headers=self.headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    def post(self, url: str, data: dict, name: str) -> None:
        # A successful form redirects (a reply to the new post's permalink): 302 is success.
        data = {**data, "csrfmiddlewaretoken": self.csrf}
        with self.client.post(
            url,
            data=data,
            headers=self.headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")


class PageUser(BenchUser):
    wait_time = constant(0)

    @task
    def request_page(self) -> None:
        url = PAGE["url"].replace("{token}", self.token)
        if PAGE["method"] == "POST":
            self.post(url, PAGE["data"], PAGE["name"])
        else:
            self.get(url, PAGE["name"])


class MixedUser(BenchUser):
    wait_time = between(*PLAN["think"])

    @task(8)
    def read_thread(self) -> None:
        self.get(random.choice(MIXED["read"]), "read a thread")

    @task(3)
    def search_bank(self) -> None:
        self.get(random.choice(MIXED["search"]), "search the bank")

    @task(3)
    def open_meeting(self) -> None:
        self.get(random.choice(MIXED["meeting"]), "open a meeting")

    @task(3)
    def network_page(self) -> None:
        self.get(random.choice(MIXED["network"]), "network page")

    @task(2)
    def my_networks(self) -> None:
        self.get(random.choice(MIXED["mine"]), "my networks")

    @task(1)
    def reply(self) -> None:
        self.post(random.choice(MIXED["reply"]), {"body": MIXED["reply_body"]}, "post a reply")
