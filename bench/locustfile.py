"""Locust users for bench/load.py: each requests one page, as fast as it can, logged in.

bench/load.py writes the plan (pages, sessions, calendar tokens) to the JSON file
named by BENCH_PLAN and picks the page with BENCH_PAGE; locust runs once per page,
so each page's requests per second is what the server manages for that page alone.

Logged in without the login form: load.py created one database session per bench
user (SessionStore) and each simulated user sends one of those session cookies.
Cookies are sent in a Cookie header, not a cookie jar, because production cookies
are Secure and the benchmark talks plain HTTP; the X-Forwarded-Proto header makes
Django (SECURE_PROXY_SSL_HEADER) treat the requests as HTTPS, as behind a proxy.
"""

import itertools
import json
import os

from locust import FastHttpUser, constant, task

with open(os.environ["BENCH_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
PAGE = next(page for page in PLAN["pages"] if page["name"] == os.environ["BENCH_PAGE"])
LOGINS = itertools.cycle(PLAN["logins"])


class BenchUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        login = next(LOGINS)
        self.url = PAGE["url"].replace("{token}", login["calendar_token"])
        self.csrf = login["csrf"]
        self.headers = {
            "Cookie": f"sessionid={login['session']}; csrftoken={login['csrf']}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{PLAN['host']}/",
        }

    @task
    def request_page(self) -> None:
        if PAGE["method"] == "POST":
            data = {**PAGE["data"], "csrfmiddlewaretoken": self.csrf}
            self._post(data)
        else:
            self._get()

    def _get(self) -> None:
        with self.client.get(
            self.url, headers=self.headers, name=PAGE["name"], catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    def _post(self, data: dict) -> None:
        # A successful reply redirects to the new post's permalink: 302 is success.
        with self.client.post(
            self.url,
            data=data,
            headers=self.headers,
            name=PAGE["name"],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
