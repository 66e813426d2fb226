PL = {
    # core: the dashboard (home page of a logged-in person)
    "Needs your decision": "Czeka na Twoją decyzję",
    "Nothing waits for your decision. Requests to join, reports, posts to approve and "
    "materials for the bank will appear here.": (
        "Nic nie czeka na Twoją decyzję. Tutaj pojawią się prośby o dołączenie, zgłoszenia, "
        "wpisy do zatwierdzenia i materiały zgłoszone do banku."
    ),
    "See the %(counter)s waiting": [
        "Zobacz %(counter)s czekający",
        "Zobacz wszystkie %(counter)s czekające",
        "Zobacz wszystkie %(counter)s czekających",
    ],
    # networks: sections of the dashboard ("Go to my networks" is core's; now also in apps)
    "Go to my networks": "Przejdź do moich sieci",
    "My next meetings": "Moje najbliższe spotkania",
    "No meetings ahead: you do not belong to any network yet.": (
        "Brak spotkań przed Tobą: nie należysz jeszcze do żadnej sieci."
    ),
    "Find a network to join": "Znajdź sieć, do której dołączysz",
    "You are invited to %(network)s": "Zaproszenie do sieci %(network)s",
    "Will you attend “%(title)s”?": "Czy weźmiesz udział w spotkaniu „%(title)s”?",
    "Requests to join": "Prośby o dołączenie",
    "Meetings without attendance or minutes": "Spotkania bez listy obecności lub notatki",
    "no attendance or minutes": "brak listy obecności i notatki",
    "no attendance": "brak listy obecności",
    "no minutes": "brak notatki",
    # forums
    "New posts in my networks": "Nowe wpisy w moich sieciach",
    "Followed": "Obserwowany",
    "You have read everything in your networks' discussions. Ask a question or share an "
    "idea in a thread.": (
        "Przeczytano wszystko w dyskusjach Twoich sieci. Zadaj pytanie albo podziel się "
        "pomysłem w wątku."
    ),
    "Discussions take place inside networks; join one to take part.": (
        "Dyskusje toczą się w sieciach; dołącz do jednej, aby wziąć w nich udział."
    ),
    "Reported posts": "Zgłoszone wpisy",
    # "Posts waiting for approval" already exists.
    # resources
    "New materials in my networks": "Nowe materiały w moich sieciach",
    "All materials of my networks": "Wszystkie materiały moich sieci",
    "Go to the materials of my networks": "Przejdź do materiałów moich sieci",
    "Nothing new in your networks in the last %(days)s day. Share a lesson scenario or a "
    "good practice — give, not only take.": [
        "Nic nowego w Twoich sieciach w ostatnim %(days)s dniu. Podziel się scenariuszem "
        "zajęć albo dobrą praktyką — dawaj, nie tylko bierz.",
        "Nic nowego w Twoich sieciach w ostatnich %(days)s dniach. Podziel się scenariuszem "
        "zajęć albo dobrą praktyką — dawaj, nie tylko bierz.",
        "Nic nowego w Twoich sieciach w ostatnich %(days)s dniach. Podziel się scenariuszem "
        "zajęć albo dobrą praktyką — dawaj, nie tylko bierz.",
    ],
    "The bank of good practices is open to everyone: lesson scenarios, tutorials and "
    "bibliographies.": (
        "Bank dobrych praktyk jest otwarty dla wszystkich: scenariusze zajęć, samouczki "
        "i zestawienia bibliograficzne."
    ),
    "Materials submitted to the bank": "Materiały zgłoszone do banku",
    # evaluation
    "Surveys waiting for my answer": "Ankiety czekające na moją odpowiedź",
    "open until": "otwarta do",
    "No survey waits for your answer. When a coordinator opens one, it will appear here.": (
        "Żadna ankieta nie czeka na Twoją odpowiedź. Gdy koordynator ją otworzy, pojawi się tutaj."
    ),
    "Networks evaluate their work together in surveys; join a network to take part.": (
        "Sieci wspólnie oceniają swoją pracę w ankietach; dołącz do sieci, aby wziąć udział."
    ),
    "Open surveys you may close": "Otwarte ankiety, które możesz zamknąć",
    "%(network)s · answers: %(count)s · closes %(when)s": (
        "%(network)s · odpowiedzi: %(count)s · zamknięcie %(when)s"
    ),
}
